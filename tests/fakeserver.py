"""fakeserver.py: what the fake APIs tests/fake-aps.py and
tests/fake-gdrive.py share; python3 standard library only.

A fake is a subclass of Fake and a call of run(); what both do alike
besides, generated trees and PKCE, is here too.  run() parses the
options every fake has (--port-file, --port, --log) and the fake's own,
binds 127.0.0.1, makes the fake, tells the port (one line to --port-file,
a FIFO the test reads, or else to stdout) and serves; should anything fail
before the port is told, the line is empty, so that a test reading it
never waits for ever.

Fake.handle() is the path of every request: /_admin/ calls under the
store's lock, unlogged and unfaulted; else the route, the log line's
number, who the caller says it is, the fault rule that fires, the latency,
then the answer (the rule's or the API's) and the log line, one JSON
object a request.  Only what differs between the APIs is the subclass's:
its routes, its answers and error shapes, how it reads credentials and
what of them it logs.  The wire format is each fake's own: this module
adds no header and changes no byte of what a fake answers.
"""

import argparse
import base64
import gzip
import hashlib
import json
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
NONASCII = ["Grundriß Erdgeschoß", "平面図 1階", "Façade Süd", "Дом культуры",
            "Ølstykke bro", "Plan d'étage", "مخطط الموقع", "Kran 🏗 Lageplan"]
WORDS = ["Tower", "Level", "Core", "Facade", "MEP", "Structure", "Site", "Roof",
         "Stair", "Parking", "Lobby", "Annex"]


# ---- generated drives, and PKCE ----------------------------------------------

def generate_spec(spec, defaults, prog):
    """--generate's "key=value,..." over defaults; an unknown key ends the fake."""
    o = dict(defaults)
    for kv in spec.split(","):
        k, _, v = kv.partition("=")
        if k not in o:
            raise SystemExit("%s: --generate: unknown key %r" % (prog, k))
        o[k] = v
    return o


def folder_tree(rng, n, depth, top, mkdir):
    """n folders below top, made by mkdir(parent, name), which returns what
    stands for the folder; the first depth of them one inside the other, so
    that the tree is depth deep, the rest anywhere above that.  Returns
    them in the order made."""
    made, bydepth = [], {0: [top]}
    for i in range(n):
        d = i + 1 if i < depth else rng.randint(1, depth)
        parent = made[-1] if 0 < i < depth else rng.choice(bydepth[d - 1])
        name = "%s %04d" % (rng.choice(NONASCII) if rng.random() < 0.1
                            else rng.choice(WORDS), i)
        f = mkdir(parent, name)
        made.append(f)
        bydepth.setdefault(d, []).append(f)
    return made


def ext_of(name):
    return name.rpartition(".")[2].lower() if "." in name else ""


def challenge_ok(q):
    """An authorization request's PKCE: a 43-character S256 challenge."""
    return bool(re.fullmatch(r"[A-Za-z0-9_-]{43}", q.get("code_challenge", ""))) and \
        q.get("code_challenge_method") == "S256"


def verifier_ok(v, challenge):
    """RFC 7636: the verifier's form, and its S256 the challenge."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(v.encode()).digest())
    return bool(re.fullmatch(r"[A-Za-z0-9._~-]{43,128}", v)) and \
        digest.decode().rstrip("=") == challenge


# ---- answers, requests, the fake's common half ---------------------------------


def dumps(doc):
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def responder(default_ctype):
    """resp(status, doc, ctype, headers) -> (status, headers, body) for a
    fake whose answers are default_ctype unless it says otherwise: doc as
    compact JSON (bytes as they are), no Content-Type without a body."""
    def resp(status, doc=None, ctype=default_ctype, headers=None):
        body = b"" if doc is None else doc if isinstance(doc, bytes) else dumps(doc)
        h = {"Content-Type": ctype} if body else {}
        h.update(headers or {})
        return status, h, body
    return resp


class Req:
    """A request as a fake reads it: the raw path, the query and a form
    body decoded, and the log fields the fake fills in as it goes."""

    def __init__(self, h, method, who):
        self.method, self.raw = method, h.path
        self.path, _, self.qs = h.path.partition("?")
        self.pairs = urllib.parse.parse_qsl(self.qs, keep_blank_values=True)
        self.q = dict(self.pairs)
        self.headers = h.headers
        n = int(h.headers.get("Content-Length") or 0)
        self.body = h.rfile.read(n) if n else b""
        self.form, self.formpairs = {}, []
        if "x-www-form-urlencoded" in (h.headers.get("Content-Type") or ""):
            self.formpairs = urllib.parse.parse_qsl(self.body.decode("utf-8", "replace"),
                                                    keep_blank_values=True)
            self.form = dict(self.formpairs)
        self.log = {"auth": "none", who: None, "token": None}

    def flag(self, name):
        return self.q.get(name, "false").lower() == "true"


class Fake:
    """The API-independent half of a fake.  self.s, the store, has lock,
    seq, now, faults ("latency_ms", "rules"), rng, tokens and codes.  The
    subclass defines admin(req), identify(req), fault_response(rule),
    dispatch(req, route, args) and log_fields(req); it may define before()
    and warm()."""

    def __init__(self, store, log, routes, who, admin_ctype):
        """routes: [(method, compiled regex, name)]; who: the log field
        naming the caller; admin_ctype: of a malformed admin call's 400."""
        self.s, self.routes, self.who = store, routes, who
        self.admin_resp = responder(admin_ctype)
        self.logf = open(log, "a", encoding="utf-8") if log else None
        self.loglock = threading.Lock()

    def warm(self, base):
        """Called with the fake's address before the port is told."""

    def before(self, req, route, rule):
        """Work outside the lock, once the latency has passed."""

    def handle(self, h, method):
        """Returns (status, headers, body, action) with action None, drop, truncate."""
        req, s = Req(h, method, self.who), self.s
        if req.path.startswith("/_admin/"):
            with s.lock:
                try:
                    return (self.admin_common(req) or self.admin(req)) + (None,)
                except (KeyError, ValueError) as e:
                    return self.admin_resp(400, {"error": "bad or missing %s" % e}) + (None,)
        route, args = None, ()
        for m, rx, name in self.routes:
            mt = rx.match(req.path)
            if mt:
                route, args = name, [urllib.parse.unquote(a) for a in mt.groups()]
                if m != method:
                    route = "405"
                break
        with s.lock:
            s.seq += 1
            entry = {"seq": s.seq, "time": s.now, "method": method, "path": req.path,
                     "route": route}
            self.identify(req)
            rule = self.pick_rule(req, route)
            delay = s.faults.get("latency_ms", 0) + (rule or {}).get("latency_ms", 0)
        if delay:
            time.sleep(delay / 1000)
        self.before(req, route, rule)
        with s.lock:
            if rule and ("status" in rule or rule.get("drop")):
                out = self.fault_response(rule) if "status" in rule else (0, {}, b"")
            else:
                out = self.dispatch(req, route, args)
            action = "drop" if rule and rule.get("drop") else \
                "truncate" if rule and rule.get("truncate") else None
            entry.update(self.log_fields(req))
            entry.update(status=out[0] if action != "drop" else None,
                         bytes=0 if action == "drop" else
                         len(out[2]) // (2 if action == "truncate" else 1),
                         fault=action or (rule and "status" in rule and "status") or
                         req.log.get("fault"))
            self.write_log(entry)
        return out + (action,)

    def admin_common(self, req):
        """/_admin/faults and /_admin/clock, the same in every fake; else None."""
        s, op = self.s, req.path[len("/_admin/"):]
        a = dict(req.q, **req.form)
        if op == "faults":
            if req.method == "POST":
                s.set_faults(json.loads(req.body or b"{}"))
            return self.admin_resp(200, s.faults)
        if op == "clock":
            s.now = int(a["set"]) if "set" in a else s.now + int(a.get("advance", 0))
            return self.admin_resp(200, {"now": s.now})
        return None

    def take_code(self, value, cid):
        """The authorization code named by value, used up, if it is one
        of ours, unused, unexpired and the client's; else None."""
        code = self.s.codes.get(value)
        if not code or code["used"] or code["exp"] <= self.s.now or code["client"] != cid:
            return None
        code["used"] = True
        return code

    def spend(self, key, budget, window):
        """One call against key's budget in a fixed window of real seconds:
        None while within it, else the seconds the window has left."""
        now = time.monotonic()
        w = self.s.windows.get(key)
        if not w or now >= w[0] + window:
            w = self.s.windows[key] = [now, 0]
        if w[1] >= budget:
            return w[0] + window - now
        w[1] += 1
        return None

    def pick_rule(self, req, route):
        """The first rule that fires; every rule that matches counts the
        request, so "nth" and "every" count what they match."""
        fired = None
        for r in self.s.faults.get("rules", []):
            if ("route" in r and r["route"] != route or
                    "method" in r and r["method"] != req.method or
                    "path" in r and not re.search(r["path"], req.path) or
                    "query" in r and not re.search(r["query"], req.qs)):
                continue
            r["_count"] += 1
            if "times" in r and r["_fired"] >= r["times"]:
                continue
            hit = (r["_count"] == r["nth"] if "nth" in r else
                   r["_count"] % r["every"] == 0 if "every" in r else
                   self.s.rng.random() < r["rate"] if "rate" in r else True)
            if hit and not fired:
                r["_fired"] += 1
                fired = r
        return fired

    def redactor(self, secret_keys, secrets):
        """redact(key, value): a token or code we issued as "<redacted
        KIND#N>", one of secret_keys or of the secrets as "<redacted>",
        anything else offered as a credential as "<redacted unknown>"."""
        s = self.s

        def redact(k, v):
            t = s.tokens.get(v) or s.codes.get(v)
            if t:
                return "<redacted %s#%d>" % (t["kind"], t["n"])
            if k in secret_keys or v in secrets:
                return "<redacted>"
            if k in ("code", "refresh_token", "token", "access_token"):
                return "<redacted unknown>"
            return v
        return redact

    def logged_query(self, req, redact, secrets):
        """The query as the log shows it (a repeated key as a list), and
        whether the URL carried a secret."""
        query, secret_in_url = {}, False
        for k, v in req.pairs:
            r = redact(k, v)
            if r != v or any(x in v for x in secrets):
                secret_in_url = True
            query[k] = r if k not in query else [query[k], r] if \
                not isinstance(query[k], list) else query[k] + [r]
        return query, secret_in_url

    def write_log(self, entry):
        if self.logf:
            with self.loglock:
                self.logf.write(json.dumps(entry, ensure_ascii=False) + "\n")
                self.logf.flush()

    def mint(self, n, alphabet=ALNUM + "-_"):
        return "".join(self.s.rng.choice(alphabet) for _ in range(n))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes: with Nagle on, the body waits
    # for the client's delayed ACK of the headers, 40 ms a request
    disable_nagle_algorithm = True

    def log_message(self, *a):
        pass

    def answer(self, method):
        status, headers, body, action = self.server.fake.handle(self, method)
        if action == "drop":
            self.close_connection = True
            return
        if self.server.gzip_headers and body and \
                "gzip" in (self.headers.get("Accept-Encoding") or "") and \
                not self.path.startswith("/_admin/"):
            body = self.server.gzip(body)
            headers = dict(headers, **self.server.gzip_headers)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if action == "truncate":
            self.send_header("Connection", "close")
            body = body[:len(body) // 2]
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.answer("GET")

    def do_POST(self):
        self.answer("POST")

    def do_PUT(self):
        self.answer("PUT")

    def do_DELETE(self):
        self.answer("DELETE")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr, handler, gzip_headers):
        super().__init__(addr, handler)
        self.gzip_headers = gzip_headers
        self.gz, self.gzlock = {}, threading.Lock()

    def gzip(self, body):
        """body compressed; a cached page (the same object) only once."""
        with self.gzlock:
            hit = self.gz.get(id(body))
        if hit and hit[0] is body:
            return hit[1]
        # zlib's default level: 9 took twice as long for a body 3% smaller
        z = gzip.compress(body, 6, mtime=0)
        with self.gzlock:
            if len(self.gz) >= 4096:
                self.gz.clear()
            self.gz[id(body)] = (body, z)
        return z


def tell(path, line):
    if path:
        with open(path, "w") as f:
            f.write(line)
    else:
        sys.stdout.write(line)
        sys.stdout.flush()


def run(doc, name, options, make_fake, gzip_headers=None):
    """The fake's main: doc is its --help, name its Server header,
    options(ap) adds its own options, make_fake(args) makes the Fake;
    with gzip_headers, a body is gzipped when the client accepts it and
    those headers say so (admin answers excepted)."""
    told = False
    try:
        ap = argparse.ArgumentParser(description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
        ap.add_argument("--port-file")
        ap.add_argument("--port", type=int, default=0)
        ap.add_argument("--log")
        options(ap)
        args = ap.parse_args()

        class Named(Handler):
            server_version = name
        httpd = Server(("127.0.0.1", args.port), Named, gzip_headers)
        httpd.fake = make_fake(args)
        httpd.fake.warm("http://127.0.0.1:%d" % httpd.server_address[1])
        told = True
        tell(args.port_file, "%d\n" % httpd.server_address[1])
        httpd.serve_forever()
    except BaseException:
        # a test reading the port would wait for ever: an empty line instead
        if not told and "--port-file" in sys.argv[:-1]:
            tell(sys.argv[sys.argv.index("--port-file") + 1], "\n")
        raise
