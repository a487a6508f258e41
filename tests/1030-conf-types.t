#!/bin/sh
# Endpoint types come from one table: the Autodesk block of the original
# connector's README loads as it stands (YAML null included), the alias
# "autodesk" is carried by its canonical name, and fc-list -t takes the
# alias to the Autodesk lister, which asks for a login first.
. "${FC_TOP:-.}/tests/lib.sh"
plan 22

mkdir -p config
cat >config/connector.yaml <<'YAML'
clients:
  autodesk:
    client_id: "..."
    client_secret: "..."
    base_url: "https://developer.api.autodesk.com"
    callback_url: "http://localhost:8081/oauth/callback"
endpoints:
  - name: "My Project Name"
    endpoint_type: "autodesk_construction_cloud"
    project_id: "my_project_001"
    user_id: "admin"
    endpoint_details:
      project_id: "b.6c2cffb0-e8c8-43d3-b415-e53f4377cedb"
      folder_id: null
      file_types: ["rvt", "dwg", "ifc", "nwd", "pdf"]
      include_subfolders: true
    schedule: {type: "interval", interval_minutes: 5}
    is_active: true
  - name: short
    endpoint_type: autodesk
    endpoint_details: {project_id: "b.1"}
YAML

# a login whose access token is good for long: fc-auth --all, which
# makes sure a token can be had, asks no token service
mkdir -m 700 tokens
printf '{"grant":"authorization_code","client_id":"...","access_token":"at","expires_at":"2099-01-01T00:00:00Z","refresh_token":"rt","refresh_expires_at":"2099-01-01T00:00:00Z"}\n' \
    >tokens/autodesk_tokens.json
chmod 600 tokens/autodesk_tokens.json
fc-auth --all >out 2>err
is "$?" 0 'the Autodesk block loads as it stands'
is "$(jq -r '[.endpoint, .endpoint_type] | join("|")' out)" \
    'My Project Name|autodesk_construction_cloud
short|autodesk_construction_cloud' 'the alias is sent on by its canonical name'
is "$(jq -c 'select(.endpoint == "My Project Name") | .details' out)" \
    '{"project_id":"b.6c2cffb0-e8c8-43d3-b415-e53f4377cedb","folder_id":null,"file_types":["rvt","dwg","ifc","nwd","pdf"],"include_subfolders":true}' \
    'its details reach the endpoint line'
is "$(wc -c <err)" 0 'nothing on stderr'

# no login: fc-auth writes an error line for each, so no listing starts
rm tokens/autodesk_tokens.json
fc-auth --all >out 2>err
is "$?:$(jq -r '[.type, .endpoint, .code] | join(" ")' out | tr '\n' '|')" \
    '77:error My Project Name 77|error short 77|' \
    'no login: an error line (77) in place of each endpoint line, exit 77'
like "$(jq -r .message out | sort -u)" 'not logged in: run fc-auth login autodesk$' \
    'saying what to run'

fc-list -t autodesk >out 2>err
is "$?" 77 'fc-list -t takes the alias too: no login yet, 77'
is "$(jq -r '[.type, .endpoint_type // "", .code // ""] | join(" ")' out | sort -u)" \
    'error  77' 'and writes one error line an endpoint'
like "$(head -n1 err)" 'not logged in: run fc-auth login autodesk$' \
    'saying what to do'

fc-list -t dropbox >out 2>err
is "$(cat err)" \
    'fc-list: -t dropbox: expected local, autodesk_construction_cloud (autodesk) or google_drive' \
    'an unknown type names those there are'

# a callback port getaddrinfo() would wrap: fc would listen on one port
# and send Autodesk another
for u in 'http://localhost:99999/cb' 'http://localhost:0/cb' \
    'http://localhost:/cb' 'http://[::1]:65536/cb'; do
	sed "s|callback_url: .*|callback_url: \"$u\"|" config/connector.yaml >bad.yaml
	fc-auth -c bad.yaml --all >out 2>err
	is "$?:$(cat err)" \
	    "78:fc-auth: bad.yaml:6: clients.autodesk.callback_url: expected a port from 1 to 65535" \
	    "callback_url $u: 78"
done
sed 's|callback_url: .*|callback_url: "http://[::1]:65535/cb"|' config/connector.yaml >ok.yaml
fc-auth -c ok.yaml --all >/dev/null 2>err
is "$?:$(cat err)" '77:fc-auth: autodesk: not logged in: run fc-auth login autodesk' \
    'port 65535 of [::1]: read fine (77: nobody logged in yet)'

# full_every on a local endpoint, which walks everything every time: a
# value fc-list could not read back from the line is refused here
# (fuzz/crashes/conf/a4cf737c...), a good one travels in seconds
mkdir -p tree
printf 'endpoints:\n  - name: l\n    endpoint_type: local\n    endpoint_details: {root: tree, full_every: " IFC"}\n' >fe.yaml
fc-auth -c fe.yaml --all >out 2>err
is "$?:$(cat err)" '78:fc-auth: fe.yaml:4: endpoints[0].endpoint_details.full_every: expected a duration such as 3600, 90m, 24h or 2d (at most 1000d)' \
    'local full_every that is no duration: 78'
sed -i 's/" IFC"/2h/' fe.yaml
fc-auth -c fe.yaml --all >out 2>err
is "$?:$(jq -c .details.full_every out)" '0:7200' 'a duration: in seconds in the line'
fc-list <out >listing 2>err
is "$?:$(jq -r 'select(.type=="end").complete' listing)" '0:true' 'which fc-list reads'

# a Drive endpoint with folder_id or drive_id left empty would list
# everything the account sees: refused, whatever form the null takes
for v in '' '~' 'null'; do
	printf 'endpoints:\n  - name: g\n    endpoint_type: google_drive\n    endpoint_details:\n      folder_id: %s\n' "$v" >gd.yaml
	fc-auth -c gd.yaml --all >out 2>err
	is "$?:$(cat err)" '78:fc-auth: gd.yaml:5: endpoints[0].endpoint_details.folder_id: empty: give the id, or leave folder_id out to list everything the account sees' \
	    "google_drive folder_id: '$v': 78"
done
printf 'endpoints:\n  - name: g\n    endpoint_type: google_drive\n    endpoint_details: {drive_id: null}\n' >gd.yaml
fc-auth -c gd.yaml --all >out 2>err
like "$?:$(cat err)" '^78:fc-auth: gd.yaml:4: endpoints\[0\]\.endpoint_details\.drive_id: empty' \
    'and drive_id: null'
