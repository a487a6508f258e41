#!/usr/bin/env python3
"""fake-gdrive.py: a fake Google Drive API v3 and Google OAuth 2.0 token
service for fc's tests; python3 standard library (and the openssl command,
to check signatures) only.

It listens on 127.0.0.1 (port 0 by default) and, once listening, writes the
port, one line, to --port-file (a FIFO the test reads) or else to stdout.
Wire formats follow shared/reference/gdrive.md.  The drive comes from a seed
or a fixture.  With --now the clock stands still until /_admin/clock or a
change moves it; without, it follows the real time, shifted as they say.

OAuth (one port serves what Google spreads over hosts):
  POST /token    grant_type urn:ietf:params:oauth:grant-type:jwt-bearer: the
                 assertion is a JWT of three unpadded base64url parts; its
                 header says alg RS256 (and a kid, which must then be one of
                 the account's); its signature is checked by running
                 `openssl dgst -sha256 -verify PUBKEY -signature ...` with
                 the public keys of --sa; claims: iss a known service account,
                 aud the address posted to (http://HOST/token, from the Host
                 header) or an --aud, scope known scopes separated by blanks,
                 integer iat and exp with exp - iat <= 3600, exp in the
                 future, iat at most 60 s ahead; sub, when given, a --user the
                 account has delegation for (--delegate), else
                 unauthorized_client.  The grant gives {"access_token":
                 "ya29.c...","expires_in":3599,"token_type":"Bearer"}.
                 authorization_code (client_id and client_secret in the body,
                 code, redirect_uri exactly as at /authorize, code_verifier
                 whose S256 is the challenge) and refresh_token (the refresh
                 token stays; the answer carries none) for user accounts.
                 Errors {"error","error_description"}: invalid_grant (400),
                 invalid_scope (400), unauthorized_client (401: delegation),
                 invalid_client (401), unsupported_grant_type (400),
                 invalid_request (400).
  GET  /o/oauth2/v2/auth   the consent: client_id, a loopback redirect_uri
                 (http://127.0.0.1:PORT, http://[::1]:PORT or localhost, any
                 port, as for Desktop clients), response_type=code, scope,
                 code_challenge (43 characters) with S256; 302 to the
                 redirect with state, code and scope, or error=access_denied.
                 Codes work once, for 10 minutes.
  POST /revoke   token=... (form or query): 200 {}; a refresh token takes its
                 access tokens with it.  Unknown: 400 invalid_token.

Drive (Authorization: Bearer; else 401 in Google's shape, reason required or
authError; a token without a read scope: 403 insufficientPermissions):
  GET /drive/v3/files   q (below), fields (a mask, checked: an unknown field
      is 400), pageSize 1..1000 (default 100), pageToken, corpora user|domain|
      drive|allDrives, driveId, supportsAllDrives, includeItemsFromAllDrives,
      orderBy and spaces (ignored).  driveId needs corpora=drive; drive and
      allDrives need includeItemsFromAllDrives=true, which needs
      supportsAllDrives=true (400 otherwise).  user and domain: My Drive and
      items shared with the caller; allDrives adds the shared drives the
      caller is a member of.  The roots (My Drive, a shared drive) are never
      listed.  Without fields: kind, nextPageToken, incompleteSearch and
      files(kind,id,name,mimeType).  A mask without nextPageToken gets none.
      A page, once made, is served as made until the next change.
  GET /drive/v3/files/ID  fields; ID may be "root"; a shared drive's files
      need supportsAllDrives=true, else 404 notFound as for an unknown id.
  GET /drive/v3/changes/startPageToken   supportsAllDrives, driveId
  GET /drive/v3/changes   pageToken (required), pageSize 1..1000 (default
      100), fields, includeRemoved (default true), driveId,
      includeItemsFromAllDrives, supportsAllDrives.  nextPageToken while
      more follow, newStartPageToken on the last page.  A token that is not
      one of ours, from the future or older than /_admin/forget: 400 invalid
      (location pageToken).  Each change shows the file as it is now; a
      file's earlier changes are dropped when it changes again.  A file
      deleted, or no longer visible to the caller (unshared, moved away),
      is {"removed":true} without "file"; trash is an ordinary change with
      trashed true.  Moving or renaming a folder is one change, of the
      folder, but for what it changes below: trashing a folder changes
      everything below it too, deleting it removes everything below, and
      moving it to another drive changes everything below (their driveId);
      each only of the folder with the fault quiet_descendants.  A file
      that left a shared drive (moved to another, or to My Drive) is
      {"removed":true} in that drive's feed (driveId=), an ordinary change
      in the feed of the drive it is in.  A shared drive renamed, or a
      member added or removed, is one change of the drive, never of its
      files' paths: {"changeType":"drive","driveId","drive":{id, name,
      ...},"removed":false}, or "removed":true without "drive" for one no
      longer a member (the files they lost are removed changes too); a
      root is never a file change.  Without driveId, shared-drive
      changes, of files or drives, come only with
      includeItemsFromAllDrives=true; with it, that drive's alone.
  GET /drive/v3/drives    pageSize 1..100 (default 10), pageToken, fields.
  GET /drive/v3/about     fields (required): user.

q: terms joined by and/or, not, parentheses: 'ID' in parents ('root' is the
caller's My Drive), 'me' in owners, trashed = true|false (also !=),
mimeType and name with = != contains (name case-insensitive), createdTime
and modifiedTime with = != < <= > >= and an RFC 3339 string.  Strings in
single quotes with \\' and \\\\ escapes.  Anything else: 400 invalid (q).

Files: ids of 33 characters; sizes, versions and quotaBytesUsed as strings;
size and md5Checksum absent for folders, shortcuts and Google-native
documents; times RFC 3339 with milliseconds; parents only those the caller
can see (absent for roots and for shared items whose parent is hidden);
trashed true under a trashed folder too (explicitlyTrashed says which);
driveId in shared drives, where owners is absent; shortcuts with
shortcutDetails {targetId, targetMimeType}.

Options
  --port-file PATH      where the port goes once listening
  --port N              port to bind (default 0: any)
  --log FILE            every request (admin ones excepted) as one JSON line
  --sa EMAIL:PUBKEY[:KID]   a service account and one of its public keys (a
                        PEM file); repeat for more keys or accounts
  --delegate EMAIL[:SCOPE,...]  domain-wide delegation for that account (for
                        the scopes named, short names like drive.readonly
                        allowed; default: every scope)
  --user EMAIL          a user of the domain (repeatable; default
                        ann@example.com); the first owns the generated drive
  --client ID:SECRET    an OAuth client of type Desktop (repeatable; default
                        desk1:dsecret1)
  --aud URL             another audience the token endpoint accepts
  --generate folders=N,files=M[,depth=D][,seed=S][,drives=K][,dfiles=F]
                        [,share=all|none]
                        the first user's folder "Projects" (shared with every
                        --sa unless share=none) holding N folders up to D deep
                        (default 3) and M files: Google-native documents
                        without size, shortcuts, a file in two folders,
                        trashed files and a trashed folder, names with "/",
                        non-ASCII and repeated names, sizes past 2^32; a few
                        files in the user's My Drive outside Projects; one
                        shared with the user by an outsider; K shared drives
                        (default 1) "Team N" with F files each (default M/4),
                        the user a member, and the accounts too unless
                        share=none
  --fixture FILE.json   the drive spelt out (below); with neither,
                        --generate folders=3,files=10
  --seed S              seed for ids, tokens and fault rates (default 1)
  --now EPOCH           the clock, standing still (default: the real time)

Fixture: {"users":[EMAIL], "drives":[{"id"?, "name", "members":[EMAIL]}],
  "files":[{"id"?, "name", "mimeType"?, "parents":[ID | "root" |
  "root:EMAIL"], "owner"?, "size"?, "trashed"?, "shared"?:[EMAIL],
  "target"?: ID (a shortcut), "createdTime"?, "modifiedTime"?}]}
Files come in order, parents first; a drive's id is its root folder's.

Admin endpoints (not logged, no auth, no faults; parameters in the query
string or a form body; answers are JSON).  Each change moves the clock one
second and enters the change log.
  POST /_admin/clock?advance=S | ?set=EPOCH      -> {"now"}
  GET|POST /_admin/faults    read or replace the faults (JSON body, below)
  GET  /_admin/files[?as=EMAIL]   the truth: every file (roots excepted) with
                         its paths from the top ("My Drive/Projects/a.pdf",
                         "Team 1/x.pdf"); with as, only what EMAIL can see
  GET  /_admin/changes   the change log
  GET  /_admin/state     {"now", "start_page_token", "tokens": issued}
  POST /_admin/add?parent=ID&name=N[&mimeType=M][&size=B][&id=ID]
                   [&target=ID][&owner=EMAIL][&trashed=1]  -> {"id"}
  POST /_admin/mkdir?parent=ID&name=N[&id=ID]     -> {"id"}
  POST /_admin/rename?id=ID&name=N    (a shared drive's id: the drive)
  POST /_admin/move?id=ID&parent=ID    (replaces every parent)
  POST /_admin/addparent?id=ID&parent=ID
  POST /_admin/trash?id=ID[&trashed=0]
  POST /_admin/delete?id=ID            (for good, with what is below)
  POST /_admin/version?id=ID[&size=B]  new content: size, md5, modifiedTime
  POST /_admin/share?id=ID&with=EMAIL[&remove=1]
  POST /_admin/member?drive=ID&email=EMAIL[&remove=1]
  POST /_admin/forget?before=N         change tokens below N become invalid
  POST /_admin/revoke_all              every access token stops working

Faults (JSON object; every key optional):
  latency_ms N          delay before each answer
  empty_pages true      files.list and changes.list put an empty page (with
                        a nextPageToken) after every page that has a next
  page_cap N            no page holds more than N items, whatever pageSize
  incomplete_search true|"always"   incompleteSearch:true on allDrives
                        listings (always: on every files.list)
  quiet_descendants true   trashing, deleting or moving a folder to another
                        drive changes the folder alone
  expires_in_string true   the token answer's expires_in as a string
  token_type "bearer"   the token answer's token_type, as given
  consent "deny"        /o/oauth2/v2/auth answers error=access_denied
  budget N, rate_window S, rate_status 403|429
                        at most N Drive calls per token in a window of S real
                        seconds (default 1); past it 403 userRateLimitExceeded
                        (or 429 rateLimitExceeded)
  rules [RULE]          a RULE matches on "route" (token authorize revoke
    files file changes startPageToken drives about), "path" (a regex
    searched in the raw path), "query" (a regex searched in the raw query)
    and "method"; it fires on the "nth" match, on "every" Nth, at a "rate"
    (0-1), or always; at most "times" times.  Then it answers "status"
    (with "reason", default by status: 403 userRateLimitExceeded, 429
    rateLimitExceeded, 500 internalError, 503 backendError, 401 authError,
    404 notFound, 400 invalid; "message", default by status too; "shape"
    google|oauth|html|empty; "error" and "description" for oauth;
    "retry_after"), or "drop"s the connection unanswered, or
    "truncate"s the body (Content-Length says more, then close), after
    "latency_ms".

Log lines: {"seq", "time", "method", "path", "query" (decoded; tokens,
secrets and assertions redacted), "route", "auth": "bearer"|"basic"|"body"|
"none"|"query", "principal" (whose the token is), "token" (the access
token's number, from 1), "form" (token and revoke calls, redacted: codes as
"<redacted code#N>", refresh tokens "<redacted rt#N>", access tokens
"<redacted at#N>", assertion, client_secret and code_verifier
"<redacted>"), "jwt" (a jwt-bearer grant: {"header", "claims", "sha256" of
the whole assertion, "verified", "why"}), "secret_in_url", "agent"
(User-Agent), "gzip" (asked for), "fault" (status, drop, truncate, rate or
null), "status" (null when dropped), "bytes" (of body sent)}.  "time" is
the fake's clock; "seq" counts from 1.
"""

import base64
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

# the HTTP server, a request's way through it and the log line are
# tests/fakeserver.py's, beside this file wherever it runs from; no
# bytecode lands in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
import fakeserver  # noqa: E402
from fakeserver import NONASCII, WORDS, ext_of  # noqa: E402

FOLDER = "application/vnd.google-apps.folder"
SHORTCUT = "application/vnd.google-apps.shortcut"
GDOC = "application/vnd.google-apps.document"
GSHEET = "application/vnd.google-apps.spreadsheet"
GSLIDES = "application/vnd.google-apps.presentation"
NATIVE = [GDOC, GSHEET, GSLIDES]
AUTH = "https://www.googleapis.com/auth/"
READ = {AUTH + s for s in ("drive", "drive.readonly", "drive.metadata.readonly",
                           "drive.metadata")}
KNOWN_SCOPES = READ | {AUTH + s for s in ("drive.file", "drive.appdata",
                                          "userinfo.email", "userinfo.profile",
                                          "cloud-platform")} | \
    {"openid", "email", "profile"}
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
IDCHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
ALNUM = IDCHARS[:62]
OUTSIDER = "bob@elsewhere.example"
MIME = {"pdf": "application/pdf", "dwg": "image/vnd.dwg", "rvt": "application/octet-stream",
        "ifc": "application/x-step", "nwd": "application/octet-stream",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "txt": "text/plain", "jpg": "image/jpeg"}
ROUTES = [(m, re.compile(p + "$"), name) for m, p, name in [
    ("POST", "/token", "token"),
    ("GET", "/o/oauth2/v2/auth", "authorize"),
    ("POST", "/revoke", "revoke"),
    ("GET", "/drive/v3/files", "files"),
    ("GET", "/drive/v3/files/([^/]+)", "file"),
    ("GET", "/drive/v3/changes/startPageToken", "startPageToken"),
    ("GET", "/drive/v3/changes", "changes"),
    ("GET", "/drive/v3/drives", "drives"),
    ("GET", "/drive/v3/about", "about")]]
REASON = {400: ("invalid", "Invalid Value"), 401: ("authError", "Invalid Credentials"),
          403: ("userRateLimitExceeded", "User Rate Limit Exceeded"),
          404: ("notFound", "File not found."),
          429: ("rateLimitExceeded", "Rate Limit Exceeded"),
          500: ("internalError", "Internal Error"), 502: ("backendError", "Bad Gateway"),
          503: ("backendError", "Backend Error"), 504: ("backendError", "Gateway Timeout")}
STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
          404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL",
          503: "UNAVAILABLE"}

# What a fields mask may name: a member is a scalar (None) or an object or
# a list of objects of the schema named.
SCHEMA = {
    "fileList": {"kind": None, "nextPageToken": None, "incompleteSearch": None,
                 "files": "file"},
    "file": {k: None for k in (
        "kind", "id", "name", "mimeType", "description", "starred", "trashed",
        "explicitlyTrashed", "parents", "version", "webViewLink", "iconLink",
        "createdTime", "modifiedTime", "shared", "ownedByMe", "originalFilename",
        "fullFileExtension", "fileExtension", "md5Checksum", "sha1Checksum",
        "sha256Checksum", "size", "quotaBytesUsed", "headRevisionId", "driveId",
        "resourceKey", "spaces", "viewedByMeTime", "modifiedByMeTime")},
    "user": {"kind": None, "displayName": None, "emailAddress": None, "me": None,
             "permissionId": None, "photoLink": None},
    "shortcutDetails": {"targetId": None, "targetMimeType": None,
                        "targetResourceKey": None},
    "changeList": {"kind": None, "nextPageToken": None, "newStartPageToken": None,
                   "changes": "change"},
    "change": {"kind": None, "changeType": None, "time": None, "removed": None,
               "fileId": None, "file": "file", "driveId": None, "drive": "drive",
               "type": None, "teamDriveId": None},
    "startPageToken": {"kind": None, "startPageToken": None},
    "driveList": {"kind": None, "nextPageToken": None, "drives": "drive"},
    "drive": {"kind": None, "id": None, "name": None, "createdTime": None,
              "hidden": None, "colorRgb": None},
    "about": {"kind": None, "user": "user"},
}
SCHEMA["file"].update(owners="user", lastModifyingUser="user",
                      shortcutDetails="shortcutDetails")
DEFAULT_FIELDS = {
    "fileList": "kind,nextPageToken,incompleteSearch,files(kind,id,name,mimeType)",
    "file": "kind,id,name,mimeType",
    "changeList": "kind,nextPageToken,newStartPageToken,"
                  "changes(kind,changeType,time,removed,fileId,driveId,type,"
                  "file(kind,id,name,mimeType),drive(kind,id,name))",
    "startPageToken": "kind,startPageToken",
    "driveList": "kind,nextPageToken,drives(kind,id,name)",
}


class BadRequest(Exception):
    """A 400 in Google's shape: reason, message, location."""

    def __init__(self, message, location=None, reason="invalid", status=400):
        super().__init__(message)
        self.message, self.location, self.reason, self.status = \
            message, location, reason, status


# ---- times, ids, names -------------------------------------------------------

def rfc3339(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + \
        ".%03dZ" % (ms % 1000)


def parse_time(s):
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?", s)
    if not m:
        raise ValueError(s)
    sec = int(time.mktime(time.strptime(m[1], "%Y-%m-%dT%H:%M:%S")) - time.timezone)
    if m[3] and m[3] != "Z":
        sign = 1 if m[3][0] == "+" else -1
        sec -= sign * (int(m[3][1:3]) * 3600 + int(m[3][4:6]) * 60)
    return sec * 1000 + int(((m[2] or "") + "000")[:3])


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def unb64url(s):
    if not re.fullmatch(r"[A-Za-z0-9_-]*", s) or len(s) % 4 == 1:
        raise ValueError("not unpadded base64url")
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def permission_id(email):
    return str(int(hashlib.sha256(email.encode()).hexdigest()[:16], 16))


def display(email):
    return email.split("@")[0].replace(".", " ").title()


def gen_name(rng, i):
    r = rng.random()
    if r < 0.08:
        base = rng.choice(NONASCII)
    elif r < 0.10:
        base = "Plan A/B (rev %d)" % rng.randrange(9)	# "/" is allowed in Drive
    elif r < 0.12:
        base = ("Very long name of a coordination model " * 6)[:rng.randint(150, 220)]
    else:
        base = "%s %s %02d" % (rng.choice(WORDS), rng.choice(WORDS), rng.randrange(100))
    return "%05d %s" % (i, base)


# ---- the q language ------------------------------------------------------------

QTOKEN = re.compile(r"\s*(?:(\()|(\))|('(?:[^'\\]|\\.)*')|(!=|<=|>=|=|<|>)|"
                    r"([A-Za-z_][A-Za-z0-9_.]*))")


def q_tokens(q):
    out, pos = [], 0
    while pos < len(q):
        if q[pos:].strip() == "":
            break
        m = QTOKEN.match(q, pos)
        if not m:
            raise BadRequest("Invalid Value", "q")
        pos = m.end()
        if m[3] is not None:
            out.append(("str", re.sub(r"\\(.)", r"\1", m[3][1:-1])))
        elif m[4]:
            out.append(("op", m[4]))
        elif m[5]:
            w = m[5]
            out.append(("kw", w.lower()) if w.lower() in ("and", "or", "not", "in",
                                                           "contains", "has",
                                                           "true", "false")
                       else ("id", w))
        else:
            out.append(("p", m[1] or m[2]))
    return out


class QParser:
    """expr := and ('or' and)*; and := unary ('and' unary)*;
    unary := 'not' unary | '(' expr ')' | term."""

    def __init__(self, q):
        self.t, self.i = q_tokens(q), 0

    def peek(self, kind=None, val=None):
        if self.i >= len(self.t):
            return None
        k, v = self.t[self.i]
        if (kind and k != kind) or (val and v != val):
            return None
        return self.t[self.i]

    def take(self, kind=None, val=None):
        tok = self.peek(kind, val)
        if tok is None:
            raise BadRequest("Invalid Value", "q")
        self.i += 1
        return tok

    def parse(self):
        e = self.expr()
        if self.i != len(self.t):
            raise BadRequest("Invalid Value", "q")
        return e

    def expr(self):
        e = self.conj()
        while self.peek("kw", "or"):
            self.i += 1
            e = ("or", e, self.conj())
        return e

    def conj(self):
        e = self.unary()
        while self.peek("kw", "and"):
            self.i += 1
            e = ("and", e, self.unary())
        return e

    def unary(self):
        if self.peek("kw", "not"):
            self.i += 1
            return ("not", self.unary())
        if self.peek("p", "("):
            self.i += 1
            e = self.expr()
            self.take("p", ")")
            return e
        return self.term()

    def term(self):
        if self.peek("str"):
            v = self.take("str")[1]
            self.take("kw", "in")
            field = self.take("id")[1]
            if field not in ("parents", "owners"):
                raise BadRequest("Invalid Value", "q")
            return ("in", v, field)
        field = self.take("id")[1]
        if field == "trashed":
            op = self.take("op")[1]
            val = self.take("kw")[1]
            if op not in ("=", "!=") or val not in ("true", "false"):
                raise BadRequest("Invalid Value", "q")
            return ("trashed", op, val == "true")
        if field in ("name", "mimeType"):
            if self.peek("kw", "contains"):
                self.i += 1
                return ("cmp", field, "contains", self.take("str")[1])
            op = self.take("op")[1]
            if op not in ("=", "!="):
                raise BadRequest("Invalid Value", "q")
            return ("cmp", field, op, self.take("str")[1])
        if field in ("modifiedTime", "createdTime"):
            op = self.take("op")[1]
            try:
                t = parse_time(self.take("str")[1])
            except ValueError:
                raise BadRequest("Invalid Value", "q")
            return ("time", field, op, t)
        raise BadRequest("Invalid Value", "q")


def q_parents(e):
    """The folders a query is limited to, or None: an 'in parents' term at
    the top of an and, or every branch of an or being one."""
    if e is None:
        return None
    if e[0] == "in" and e[2] == "parents":
        return [e[1]]
    if e[0] == "and":
        return q_parents(e[1]) or q_parents(e[2])
    if e[0] == "or":
        a, b = q_parents(e[1]), q_parents(e[2])
        return a + b if a is not None and b is not None else None
    return None


CMP = {"=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
       "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


# ---- fields masks ---------------------------------------------------------------

def parse_mask(s, schema):
    """A mask as a tree {name: subtree or None}; '*' for everything.
    Unknown names are a 400, as with Google."""
    pos = 0

    def items(sch, close):
        nonlocal pos
        tree = {}
        while True:
            m = re.compile(r"\s*(\*|[A-Za-z][A-Za-z0-9]*(?:/[A-Za-z][A-Za-z0-9]*)*)\s*").match(s, pos)
            if not m:
                raise BadRequest("Invalid field selection %s" % s[pos:pos + 20], "fields",
                                 "invalidParameter")
            pos = m.end()
            path = m[1].split("/")
            node, cur = tree, sch
            for k, name in enumerate(path):
                if name != "*" and (cur is None or name not in SCHEMA[cur]):
                    raise BadRequest("Invalid field selection %s" % name, "fields",
                                     "invalidParameter")
                nxt = None if name == "*" else SCHEMA[cur][name]
                if k < len(path) - 1:
                    node = node.setdefault(name, {}) if node.get(name, {}) is not None else {}
                    cur = nxt
                else:
                    if pos < len(s) and s[pos] == "(":
                        pos += 1
                        if nxt is None:
                            raise BadRequest("Invalid field selection %s" % name, "fields",
                                             "invalidParameter")
                        sub = items(nxt, ")")
                        if pos >= len(s) or s[pos] != ")":
                            raise BadRequest("Invalid field selection", "fields",
                                             "invalidParameter")
                        pos += 1
                        old = node.get(name, {})
                        if old is not None:
                            old.update(sub)
                            node[name] = old
                    else:
                        node[name] = None
            while pos < len(s) and s[pos] == " ":
                pos += 1
            if pos < len(s) and s[pos] == ",":
                pos += 1
                continue
            if close is None and pos == len(s):
                return tree
            if close is not None and pos < len(s) and s[pos] == close:
                return tree
            raise BadRequest("Invalid field selection", "fields", "invalidParameter")
    return items(schema, None)


def apply_mask(obj, tree):
    if tree is None or "*" in tree:
        return obj
    out = {}
    for k, sub in tree.items():
        if k not in obj:
            continue
        v = obj[k]
        if sub is not None and isinstance(v, list):
            v = [apply_mask(x, sub) if isinstance(x, dict) else x for x in v]
        elif sub is not None and isinstance(v, dict):
            v = apply_mask(v, sub)
        out[k] = v
    return out


# ---- the store: everything the server knows, under one lock ----------------------

class Store:
    def __init__(self, args):
        self.lock = threading.RLock()
        self.frozen, self._now, self.offset = args.now is not None, args.now, 0
        self.rng = random.Random("tokens %d" % args.seed)	# tokens, codes, faults
        self.idrng = random.Random("ids %d" % args.seed)	# ids of roots, later files
        self.users = list(args.user or ["ann@example.com"])
        self.sas = {}
        for spec in args.sa or []:
            email, path, kid = (spec.split(":") + [None])[:3]
            if not os.path.isfile(path):
                raise SystemExit("fake-gdrive: --sa %s: no public key file %s" % (email, path))
            self.sas.setdefault(email, {"keys": [], "delegated": None})["keys"].append(
                (kid, path))
        for spec in args.delegate or []:
            email, _, scopes = spec.partition(":")
            if email not in self.sas:
                raise SystemExit("fake-gdrive: --delegate %s: no such --sa" % email)
            self.sas[email]["delegated"] = (
                {s if "/" in s or s in ("openid", "email", "profile") else AUTH + s
                 for s in scopes.split(",")} if scopes else "all")
        self.clients = {}
        for spec in args.client or ["desk1:dsecret1"]:
            cid, _, secret = spec.partition(":")
            self.clients[cid] = secret
        self.auds = set(args.aud or [])
        self.files, self.children, self.drives, self.roots = {}, {}, {}, {}
        self.changes, self.last_change = [], {}	# changes[i]["n"] == base + i
        self.serial = 1000 + self.rng.randrange(9000)	# change tokens are numbers
        self.forgotten = 0
        self.tokens, self.codes = {}, {}
        self.counts = {"at": 0, "rt": 0, "code": 0, "jwt": 0}
        self.gen, self.cache = 0, {}
        self.windows = {}
        self.set_faults({})
        self.seq = 0
        for p in self.principals():
            self.root_of(p)
        if args.fixture:
            with open(args.fixture, encoding="utf-8") as f:
                self.load_fixture(json.load(f))
        else:
            self.generate(args.generate or "folders=3,files=10")
        self.serial += 1
        self.base = self.serial
        self.gen += 1

    @property
    def now(self):
        """Whole seconds: --now's, moved only by /_admin and changes; else
        the real time, shifted by them."""
        return self._now if self.frozen else int(time.time()) + self.offset

    @now.setter
    def now(self, v):
        if self.frozen:
            self._now = v
        else:
            self.offset = v - int(time.time())

    def principals(self):
        return self.users + list(self.sas) + [OUTSIDER]

    def set_faults(self, f):
        for r in f.get("rules", []):
            r["_count"] = r["_fired"] = 0
        self.faults = f
        self.windows = {}

    def new_id(self, rng=None, n=33, first="1"):
        rng = rng or self.idrng
        while True:
            fid = first + "".join(rng.choice(IDCHARS) for _ in range(n - len(first)))
            if fid not in self.files and fid not in self.drives:
                return fid

    def root_of(self, p):
        if p not in self.roots:
            rid = "0A" + "".join(self.idrng.choice(ALNUM) for _ in range(11)) + "Uk9PVA"
            self.roots[p] = rid
            self.files[rid] = {"id": rid, "name": "My Drive", "mimeType": FOLDER,
                               "parents": [], "owner": p, "driveId": None,
                               "trashed": False, "size": None, "md5": None, "version": 1,
                               "created": 1_500_000_000_000, "modified": 1_500_000_000_000,
                               "target": None, "shared": set(), "root": True}
            self.children[rid] = {}
        return self.roots[p]

    # -- building ------------------------------------------------------------------
    def add_file(self, parents, name, mime=None, size=None, fid=None, owner=None,
                 target=None, trashed=False, created=None, modified=None, rng=None,
                 shared=None, version=None):
        rng = rng or self.idrng
        for q in parents:
            if q not in self.files or self.files[q]["mimeType"] != FOLDER:
                raise KeyError("parent %s" % q)
        first = self.files[parents[0]] if parents else None
        drive = first["driveId"] if first else None
        if mime is None:
            mime = SHORTCUT if target else MIME.get(ext_of(name), "application/octet-stream")
        binary = not mime.startswith("application/vnd.google-apps.")
        if size is None and binary:
            size = rng.randint(1000, 80_000_000)
        created = created if created is not None else \
            self.now * 1000 - rng.randrange(86400 * 400) * 1000 - rng.randrange(1000)
        modified = modified if modified is not None else \
            min(self.now * 1000, created + rng.randrange(86400 * 60) * 1000 + rng.randrange(1000))
        fid = fid or self.new_id(rng)
        if fid in self.files:
            raise ValueError("id %s exists" % fid)
        t = None
        if target:
            if target not in self.files:
                raise KeyError("target %s" % target)
            t = {"targetId": target, "targetMimeType": self.files[target]["mimeType"]}
        f = {"id": fid, "name": name, "mimeType": mime, "parents": list(parents),
             "owner": None if drive else (owner or (first["owner"] if first else self.users[0])),
             "driveId": drive, "trashed": bool(trashed), "size": size if binary else None,
             "md5": hashlib.md5(("%s/%d" % (fid, size or 0)).encode()).hexdigest()
             if binary else None,
             "version": version or rng.randint(1, 60), "created": created,
             "modified": modified, "target": t, "shared": set(shared or ()), "root": False}
        self.files[fid] = f
        if mime == FOLDER:
            self.children[fid] = {}
        for q in parents:
            self.children[q][fid] = True
        return f

    def add_drive(self, name, members, did=None, rng=None):
        rng = rng or self.idrng
        did = did or "0A" + "".join(rng.choice(ALNUM) for _ in range(11)) + "Uk9PVA"
        self.drives[did] = {"id": did, "name": name, "members": set(members),
                            "created": self.now * 1000 - 86400 * 500 * 1000}
        self.files[did] = {"id": did, "name": name, "mimeType": FOLDER, "parents": [],
                           "owner": None, "driveId": did, "trashed": False, "size": None,
                           "md5": None, "version": 1, "created": 1_500_000_000_000,
                           "modified": 1_500_000_000_000, "target": None,
                           "shared": set(), "root": True}
        self.children[did] = {}
        return did

    def generate(self, spec):
        o = fakeserver.generate_spec(spec, {"folders": "10", "files": "100", "depth": "3",
                                            "seed": "1", "drives": "1", "dfiles": None,
                                            "share": "all"}, "fake-gdrive")
        n, m, depth, seed = (int(o[k]) for k in ("folders", "files", "depth", "seed"))
        ndrives = int(o["drives"])
        dfiles = int(o["dfiles"]) if o["dfiles"] is not None else m // 4
        share = o["share"] != "none"
        rng = random.Random("drive %d" % seed)
        ann = self.users[0]
        root = self.root_of(ann)
        top = self.add_file([root], "Projects", FOLDER, rng=rng,
                            shared=list(self.sas) if share else [])
        folders = [top["id"]] + fakeserver.folder_tree(
            rng, n, depth, top["id"],
            lambda parent, name: self.add_file([parent], name, FOLDER, rng=rng)["id"])
        made = []
        for i in range(m):
            parent = rng.choice(folders)
            r = rng.random()
            if r < 0.10:
                mime = rng.choice(NATIVE)
                f = self.add_file([parent], gen_name(rng, i), mime, rng=rng)
            else:
                ext = rng.choice(["rvt", "dwg", "ifc", "nwd", "pdf", "xlsx"])
                size = (rng.randint(2**32 + 1, 3 * 2**32) if rng.random() < 0.02 else
                        0 if rng.random() < 0.01 else None)
                f = self.add_file([parent], gen_name(rng, i) + "." + ext, size=size, rng=rng)
            made.append(f)
        if made:
            # the odd ones, whatever the counts: a shortcut, a file in two
            # folders, a name repeated in one folder, a trashed file, a
            # trashed folder with a file in it
            self.add_file([top["id"]], "Shortcut to " + made[0]["name"], rng=rng,
                          target=made[0]["id"])
            two = self.add_file([top["id"]], "Two parents.pdf", rng=rng)
            if len(folders) > 1:
                two["parents"].append(folders[1])
                self.children[folders[1]][two["id"]] = True
            self.add_file([top["id"]], "Same name.pdf", rng=rng)
            self.add_file([top["id"]], "Same name.pdf", rng=rng)
            self.add_file([top["id"]], "Trashed.pdf", rng=rng, trashed=True)
            bin_ = self.add_file([top["id"]], "Old stuff", FOLDER, rng=rng, trashed=True)
            self.add_file([bin_["id"]], "In the trash.dwg", rng=rng)
        # beside Projects, not shared; and an outsider's file shared with ann
        self.add_file([root], "Private notes.pdf", rng=rng)
        self.add_file([root], "Budget", GSHEET, rng=rng)
        theirs = self.root_of(OUTSIDER)
        self.add_file([theirs], "From Bob.pdf", rng=rng, owner=OUTSIDER, shared=[ann])
        for k in range(ndrives):
            did = self.add_drive("Team %d" % (k + 1),
                                 [ann] + (list(self.sas) if share else []), rng=rng)
            sub = self.add_file([did], "Specs", FOLDER, rng=rng)
            for i in range(dfiles):
                if rng.random() < 0.1:
                    self.add_file([rng.choice([did, sub["id"]])], gen_name(rng, i), GDOC,
                                  rng=rng)
                else:
                    self.add_file([rng.choice([did, sub["id"]])],
                                  gen_name(rng, i) + "." + rng.choice(["pdf", "dwg", "rvt"]),
                                  rng=rng)

    def load_fixture(self, fx):
        if fx.get("users"):
            self.users = fx["users"]
            for p in self.principals():
                self.root_of(p)
        rng = random.Random(fx.get("seed", 1))
        for d in fx.get("drives", []):
            self.add_drive(d["name"], d.get("members", self.users[:1]), d.get("id"), rng)
        for spec in fx.get("files", []):
            parents = []
            for q in spec.get("parents", ["root"]):
                if q == "root":
                    q = self.root_of(self.users[0])
                elif q.startswith("root:"):
                    q = self.root_of(q[5:])
                parents.append(q)
            self.add_file(parents, spec["name"], spec.get("mimeType"), spec.get("size"),
                          spec.get("id"), spec.get("owner"), spec.get("target"),
                          spec.get("trashed", False),
                          parse_time(spec["createdTime"]) if "createdTime" in spec else None,
                          parse_time(spec["modifiedTime"]) if "modifiedTime" in spec else None,
                          rng, spec.get("shared"), spec.get("version"))

    # -- who sees what ---------------------------------------------------------------
    def can(self, p, fid, memo):
        if fid in memo:
            return memo[fid]
        memo[fid] = False		# a cycle grants nothing
        f = self.files[fid]
        r = (p in self.drives[f["driveId"]]["members"] if f["driveId"] else
             f["owner"] == p) or p in f["shared"] or \
            any(self.can(p, q, memo) for q in f["parents"] if q in self.files)
        memo[fid] = r
        return r

    def cached(self, kind, key, fn):
        """What fn computes, until the next change; kind "files" keeps the
        last 64 listings, the others ("vis", "trash", "pages") everything."""
        if self.cache.get("gen") != self.gen:
            self.cache = {"gen": self.gen, "vis": {}, "trash": {}, "files": {},
                          "pages": {}}
        c = self.cache[kind]
        if key not in c:
            if kind == "files" and len(c) >= 64:
                del c[next(iter(c))]
            c[key] = fn()
        return c[key]

    def visible(self, p):
        def compute():
            memo = {}
            return {fid for fid in self.files if self.can(p, fid, memo)}
        return self.cached("vis", p, compute)

    def trashed(self, fid, memo=None):
        if memo is None:
            memo = self.cached("trash", "memo", dict)
        if fid in memo:
            return memo[fid]
        memo[fid] = False
        f = self.files[fid]
        r = f["trashed"] or any(self.trashed(q, memo) for q in f["parents"] if q in self.files)
        memo[fid] = r
        return r

    def paths(self, fid, depth=0):
        f = self.files[fid]
        if f["root"]:
            return [f["name"]]
        if depth > 100:
            return ["?"]
        out = []
        for q in f["parents"]:
            out += [p + "/" + f["name"] for p in self.paths(q, depth + 1)]
        return out or [f["name"]]

    def subtree(self, fid):
        seen, stack = {}, [fid]
        while stack:
            x = stack.pop()
            if x in seen or x not in self.files:
                continue
            seen[x] = True
            stack.extend(self.children.get(x, ()))
        return list(seen)

    def access_sets(self, ids):
        out = {}
        memos = {p: {} for p in self.principals()}
        for fid in ids:
            out[fid] = {p for p in memos if fid in self.files and self.can(p, fid, memos[p])}
        return out

    # -- the change log ----------------------------------------------------------------
    def mutate(self, fid, fn, all_below=False, itself=True, alone=False):
        """Runs fn, a change to fid's subtree, and logs the changes: fid
        (unless not itself), what fn adds, everything below whose trashed
        state moved when all_below, whose drive moved, and anything whose
        access moved; fid alone when alone."""
        sub = self.subtree(fid)
        before = self.access_sets(sub)
        drive = {x: self.files[x]["driveId"] for x in sub}
        tmemo = {}
        tbefore = {x: self.trashed(x, tmemo) for x in sub} if all_below else {}
        fn()
        self.now += 1
        self.gen += 1
        sub = list(dict.fromkeys(sub + (self.subtree(fid) if fid in self.files else [])))
        after = self.access_sets(sub)
        tmemo = {}
        for x in sub:
            f = self.files.get(x)
            if alone and x != fid or f is not None and f["root"]:
                continue		# a root changes as a drive (log_drive_change)
            trash = x in tbefore and f is not None and self.trashed(x, tmemo) != tbefore[x]
            moved = f is not None and x in drive and f["driveId"] != drive[x]
            if (trash or moved) and x != fid:
                f["version"] += 1
            if x == fid and itself or trash or moved or before.get(x, set()) != after[x]:
                self.log_change(x, before.get(x, set()) - after[x],
                                f["driveId"] if f else drive[x],
                                drive.get(x) if moved else None)

    def log_change(self, fid, lost, drive, left=None):
        """A change of fid; lost: who can no longer see it; left: the
        shared drive it moved out of, if any."""
        old = self.last_change.pop(fid, None)
        gone_from = {left} if left else set()
        if old is not None:
            old["live"] = False
            lost = lost | old["lost"]
            gone_from |= old["left"]
        gone_from.discard(drive)
        if fid in self.files:
            memo = {}
            lost = {p for p in lost if not self.can(p, fid, memo)}
        c = {"n": self.serial, "fileId": fid, "time": self.now * 1000, "lost": lost,
             "deleted": fid not in self.files, "live": True, "driveId": drive,
             "left": gone_from}
        self.serial += 1
        self.changes.append(c)
        self.last_change[fid] = c

    def log_drive_change(self, did, lost):
        """A change of shared drive did itself (renamed, a member added or
        removed); lost: who is no longer a member."""
        old = self.last_change.pop(("drive", did), None)
        if old is not None:
            old["live"] = False
            lost = lost | old["lost"]
        lost = {p for p in lost if p not in self.drives[did]["members"]}
        c = {"n": self.serial, "fileId": None, "drive": True, "time": self.now * 1000,
             "lost": lost, "deleted": False, "live": True, "driveId": did, "left": set()}
        self.serial += 1
        self.changes.append(c)
        self.last_change[("drive", did)] = c

    def touch(self, f):
        f["version"] += 1
        f["modified"] = self.now * 1000 + 1000


# ---- responses ---------------------------------------------------------------------

resp = fakeserver.responder("application/json; charset=UTF-8")


def g_error(status, reason=None, message=None, location=None, headers=None,
            domain=None):
    r, m = REASON.get(status, ("unknown", "Error"))
    reason, message = reason or r, message or m
    if domain is None:
        domain = "usageLimits" if reason in ("userRateLimitExceeded", "rateLimitExceeded",
                                             "dailyLimitExceeded") else "global"
    err = {"message": message, "domain": domain, "reason": reason}
    if location:
        err.update(location=location, locationType="header" if location == "Authorization"
                   else "parameter")
    doc = {"error": {"code": status, "message": message, "errors": [err]}}
    if status in STATUS:
        doc["error"]["status"] = STATUS[status]
    return resp(status, doc, headers=headers)


def oauth_error(status, err, desc):
    return resp(status, {"error": err, "error_description": desc},
                headers={"Cache-Control": "no-store"})


def fault_response(rule):
    st = int(rule.get("status", 500))
    hdr = {"Retry-After": str(rule["retry_after"])} if "retry_after" in rule else {}
    shape = rule.get("shape", "google")
    if shape == "oauth":
        return oauth_error(st, rule.get("error", "internal_failure"),
                           rule.get("description", "Injected failure."))
    if shape == "html":
        return resp(st, b"<html><head><title>Error %d</title></head><body>"
                    b"<p>We're sorry, but you have sent too many requests.</p></body></html>"
                    % st, "text/html; charset=UTF-8", hdr)
    if shape == "empty":
        return resp(st, None, headers=hdr)
    return g_error(st, rule.get("reason"), rule.get("message"), headers=hdr)


# ---- the server ---------------------------------------------------------------------

class Fake(fakeserver.Fake):
    def __init__(self, args):
        super().__init__(Store(args), args.log, ROUTES, "principal",
                         "application/json; charset=UTF-8")

    # -- dispatch ----------------------------------------------------------------------
    fault_response = staticmethod(fault_response)

    def before(self, req, route, rule):
        # the signature check runs openssl: outside the lock
        req.jwt = self.check_jwt(req) if route == "token" and not (rule and (
            "status" in rule or rule.get("drop"))) and \
            req.form.get("grant_type") == JWT_GRANT else None

    def dispatch(self, req, route, args):
        try:
            if route is None:
                return g_error(404, "notFound", "Not Found")
            if route == "405":
                return g_error(405, "methodNotAllowed", "Method Not Allowed")
            if route == "token":
                return self.r_token(req, req.jwt)
            if route in ("authorize", "revoke"):
                return getattr(self, "r_" + route)(req)
            return self.bearer(req) or getattr(self, "r_" + route)(req, *args)
        except BadRequest as e:
            return g_error(e.status, e.reason, e.message, e.location)

    def identify(self, req):
        kind, _, cred = (req.headers.get("Authorization") or "").partition(" ")
        if kind == "Bearer":
            t = self.s.tokens.get(cred)
            req.log.update(auth="bearer", principal=t and t["principal"],
                           token=t["n"] if t and t["kind"] == "at" else None)
        elif kind:
            req.log["auth"] = kind.lower()
        elif "access_token" in req.q:
            t = self.s.tokens.get(req.q["access_token"])
            req.log.update(auth="query", principal=t and t["principal"])
        elif "client_id" in req.form or "client_secret" in req.form:
            req.log["auth"] = "body"

    def log_fields(self, req):
        secrets = {v for v in self.s.clients.values() if v}
        redact = self.redactor(("client_secret", "code_verifier", "assertion"), secrets)
        query, secret_in_url = self.logged_query(req, redact, secrets)
        d = dict(req.log, query=query, secret_in_url=secret_in_url,
                 agent=req.headers.get("User-Agent"),
                 gzip="gzip" in (req.headers.get("Accept-Encoding") or ""))
        if req.path in ("/token", "/revoke"):
            d["form"] = {k: redact(k, v) for k, v in req.formpairs}
        if req.jwt is not None:
            d["jwt"] = {k: req.jwt[k] for k in ("header", "claims", "sha256", "verified", "why")}
        return d

    # -- OAuth ----------------------------------------------------------------------------

    def issue(self, principal, scopes, refresh=False, client=None, prefix="ya29.c."):
        s, f = self.s, self.s.faults
        s.counts["at"] += 1
        at = prefix + self.mint(s.rng.randint(150, 250))
        s.tokens[at] = {"kind": "at", "n": s.counts["at"], "principal": principal,
                        "scopes": set(scopes), "exp": s.now + 3599, "dead": False,
                        "rt": refresh if isinstance(refresh, str) else None}
        doc = {"access_token": at, "expires_in": "3599" if f.get("expires_in_string") else 3599,
               "token_type": f.get("token_type", "Bearer")}
        if refresh is True:
            s.counts["rt"] += 1
            rt = "1//0" + self.mint(100)
            s.tokens[rt] = {"kind": "rt", "n": s.counts["rt"], "principal": principal,
                            "scopes": set(scopes), "client": client, "dead": False}
            s.tokens[at]["rt"] = rt
            doc["refresh_token"] = rt
        if client is not None:
            doc["scope"] = " ".join(sorted(scopes))
        return resp(200, doc, headers={"Cache-Control": "no-store, no-cache, max-age=0"})

    def check_jwt(self, req):
        """Decodes and verifies the assertion; the claims are judged in
        r_token, under the lock.  Never raises."""
        a = req.form.get("assertion", "")
        with self.s.lock:
            self.s.counts["jwt"] += 1
            sas = {k: list(v["keys"]) for k, v in self.s.sas.items()}
        out = {"header": None, "claims": None, "verified": False, "why": None,
               "sha256": hashlib.sha256(a.encode()).hexdigest()}
        parts = a.split(".")
        try:
            if len(parts) != 3:
                raise ValueError("not three parts")
            out["header"] = json.loads(unb64url(parts[0]))
            out["claims"] = json.loads(unb64url(parts[1]))
            sig = unb64url(parts[2])
            if not isinstance(out["header"], dict) or not isinstance(out["claims"], dict):
                raise ValueError("not objects")
        except (ValueError, UnicodeDecodeError) as e:
            out["why"] = "malformed: %s" % e
            return out
        h, c = out["header"], out["claims"]
        if h.get("alg") != "RS256":
            out["why"] = "alg %r" % h.get("alg")
            return out
        keys = sas.get(c.get("iss"), [])
        if not keys:
            out["why"] = "unknown iss"
            return out
        if "kid" in h:
            keys = [k for k in keys if k[0] is None or k[0] == h["kid"]]
            if not keys:
                out["why"] = "unknown kid"
                return out
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "in"), "wb") as f:
                f.write((parts[0] + "." + parts[1]).encode())
            with open(os.path.join(d, "sig"), "wb") as f:
                f.write(sig)
            for _, path in keys:
                p = subprocess.run(["openssl", "dgst", "-sha256", "-verify", path,
                                    "-signature", os.path.join(d, "sig"),
                                    os.path.join(d, "in")],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                if p.returncode == 0:
                    out["verified"] = True
                    return out
        out["why"] = "bad signature"
        return out

    def r_token(self, req, jwt):
        s, f = self.s, req.form
        if "x-www-form-urlencoded" not in (req.headers.get("Content-Type") or ""):
            return oauth_error(400, "invalid_request", "Invalid content type.")
        if len(req.formpairs) != len(f):
            return oauth_error(400, "invalid_request", "A parameter is repeated.")
        grant = f.get("grant_type")
        if grant == JWT_GRANT:
            return self.jwt_grant(req, jwt)
        if grant not in ("authorization_code", "refresh_token"):
            return oauth_error(400, "unsupported_grant_type",
                               "Invalid grant_type: %s" % (grant or ""))
        cid, secret = f.get("client_id"), f.get("client_secret")
        h = req.headers.get("Authorization") or ""
        if h.startswith("Basic "):
            req.log["auth"] = "basic"
            try:
                cid, _, secret = base64.b64decode(h[6:], validate=True).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return oauth_error(401, "invalid_client", "Unauthorized")
        if cid not in s.clients:
            return oauth_error(401, "invalid_client", "The OAuth client was not found.")
        if secret != s.clients[cid]:
            return oauth_error(401, "invalid_client", "Unauthorized")
        if grant == "authorization_code":
            code = self.take_code(f.get("code", ""), cid)
            if not code:
                return oauth_error(400, "invalid_grant", "Malformed auth code.")
            if f.get("redirect_uri") != code["redirect"]:
                return oauth_error(400, "redirect_uri_mismatch", "Bad Request")
            v = f.get("code_verifier")
            if not v:
                return oauth_error(400, "invalid_grant", "Missing code verifier.")
            if not fakeserver.verifier_ok(v, code["challenge"]):
                return oauth_error(400, "invalid_grant", "Invalid code verifier.")
            return self.issue(code["user"], code["scopes"], code["offline"], cid, "ya29.a0")
        t = s.tokens.get(f.get("refresh_token", ""))
        if not t or t["kind"] != "rt" or t["dead"] or t["client"] != cid:
            return oauth_error(400, "invalid_grant", "Token has been expired or revoked.")
        return self.issue(t["principal"], t["scopes"], f["refresh_token"], cid, "ya29.a0")

    def jwt_grant(self, req, jwt):
        s = self.s
        if "assertion" not in req.form:
            return oauth_error(400, "invalid_request", "Missing required parameter: assertion")
        if jwt["why"] and jwt["why"].startswith("malformed"):
            return oauth_error(400, "invalid_grant", "Invalid JWT: malformed assertion.")
        if jwt["why"] == "unknown iss":
            return oauth_error(400, "invalid_grant", "Invalid grant: account not found")
        if not jwt["verified"]:
            return oauth_error(400, "invalid_grant", "Invalid JWT Signature.")
        c = jwt["claims"]
        host = req.headers.get("Host") or ""
        if c.get("aud") not in s.auds | {"http://%s%s" % (host, req.path)}:
            return oauth_error(400, "invalid_grant", "Invalid JWT: Failed audience check. "
                               "The expected audience is http://%s%s." % (host, req.path))
        iat, exp = c.get("iat"), c.get("exp")
        if not isinstance(iat, int) or not isinstance(exp, int) or isinstance(iat, bool) or \
                isinstance(exp, bool) or exp - iat > 3600 or exp <= s.now or \
                iat > s.now + 60 or exp <= iat:
            return oauth_error(400, "invalid_grant", "Invalid JWT: Token must be a short-lived "
                               "token (60 minutes) and in a reasonable timeframe. Check your "
                               "iat and exp values in the JWT claim.")
        scope = c.get("scope")
        scopes = set(scope.split(" ")) if isinstance(scope, str) and scope else None
        if not scopes or not scopes <= KNOWN_SCOPES:
            return oauth_error(400, "invalid_scope",
                               "Invalid OAuth scope or ID token audience provided.")
        principal = c["iss"]
        if "sub" in c:
            sub, dg = c["sub"], s.sas[c["iss"]]["delegated"]
            if sub == c["iss"]:
                pass
            elif not isinstance(sub, str) or sub not in s.users:
                return oauth_error(400, "invalid_grant", "Invalid email or User ID")
            elif dg is None or (dg != "all" and not scopes <= dg):
                return oauth_error(401, "unauthorized_client",
                                   "Client is unauthorized to retrieve access tokens using "
                                   "this method, or client not authorized for any of the "
                                   "scopes requested.")
            principal = sub
        return self.issue(principal, scopes)

    def r_authorize(self, req):
        s, q = self.s, req.q
        if q.get("client_id") not in s.clients:
            return oauth_error(401, "invalid_client", "The OAuth client was not found.")
        ru = q.get("redirect_uri", "")
        if not re.fullmatch(r"http://(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?(/[^?#]*)?", ru):
            return oauth_error(400, "redirect_uri_mismatch",
                               "redirect_uri must be a loopback address for this client.")
        if q.get("response_type") != "code":
            return oauth_error(400, "unsupported_response_type", "response_type must be code.")
        scopes = set(q.get("scope", "").split())
        if not scopes or not scopes <= KNOWN_SCOPES:
            return oauth_error(400, "invalid_scope", "Some requested scopes were invalid.")
        if not fakeserver.challenge_ok(q):
            return oauth_error(400, "invalid_request", "code_challenge with S256 is required.")
        back = [("state", q["state"])] if "state" in q else []
        if s.faults.get("consent") == "deny":
            back.append(("error", "access_denied"))
        else:
            s.counts["code"] += 1
            code = "4/0" + self.mint(70)
            s.codes[code] = {"kind": "code", "n": s.counts["code"], "client": q["client_id"],
                             "redirect": ru, "challenge": q["code_challenge"],
                             "scopes": scopes, "exp": s.now + 600, "used": False,
                             "user": q.get("login_hint") if q.get("login_hint") in s.users
                             else s.users[0],
                             "offline": q.get("access_type") == "offline"}
            back += [("code", code), ("scope", " ".join(sorted(scopes)))]
        sep = "&" if "?" in ru else "?"
        return resp(302, None, headers={"Location": ru + sep + urllib.parse.urlencode(back)})

    def r_revoke(self, req):
        tok = req.form.get("token") or req.q.get("token", "")
        t = self.s.tokens.get(tok)
        if not t or t["dead"]:
            return oauth_error(400, "invalid_token", "Token expired or revoked")
        t["dead"] = True
        if t["kind"] == "rt":
            for x in self.s.tokens.values():
                if x["kind"] == "at" and x.get("rt") == tok:
                    x["dead"] = True
        return resp(200, {})

    def bearer(self, req):
        """None when a Drive call may go on, else the error response."""
        s, h = self.s, req.headers.get("Authorization") or ""
        tok = h[7:] if h.startswith("Bearer ") else req.q.get("access_token")
        if not tok:
            return g_error(401, "required", "Request is missing required authentication "
                           "credential. Expected OAuth 2 access token, login cookie or other "
                           "valid authentication credential.", "Authorization")
        t = s.tokens.get(tok)
        if not t or t["kind"] != "at" or t["dead"] or t["exp"] <= s.now:
            return g_error(401, "authError", "Request had invalid authentication "
                           "credentials. Expected OAuth 2 access token, login cookie or other "
                           "valid authentication credential.", "Authorization")
        if not t["scopes"] & READ:
            return g_error(403, "insufficientPermissions",
                           "Request had insufficient authentication scopes.")
        req.who = t["principal"]
        return self.rate(req, tok)

    def rate(self, req, tok):
        f = self.s.faults
        budget = f.get("budget")
        if not budget:
            return None
        if self.spend(tok, budget, f.get("rate_window", 1)) is None:
            return None
        req.log["fault"] = "rate"
        if f.get("rate_status") == 429:
            return g_error(429, "rateLimitExceeded", "Rate Limit Exceeded")
        return g_error(403, "userRateLimitExceeded", "User Rate Limit Exceeded")

    # -- Drive --------------------------------------------------------------------------------
    def mask(self, req, kind):
        return parse_mask(req.q.get("fields") or DEFAULT_FIELDS[kind], kind)

    def page_size(self, req, default, top):
        try:
            n = int(req.q.get("pageSize", default))
        except ValueError:
            raise BadRequest("Invalid value '%s'." % req.q["pageSize"], "pageSize")
        if not 1 <= n <= top:
            raise BadRequest("Invalid value '%d'. Values must be within the range: [1, %d]"
                             % (n, top), "pageSize")
        cap = self.s.faults.get("page_cap")
        return min(n, cap) if cap else n

    def file_doc(self, f, p):
        s, vis = self.s, self.s.visible(p)
        d = {"kind": "drive#file", "id": f["id"], "name": f["name"], "mimeType": f["mimeType"]}
        parents = [q for q in f["parents"] if q in vis]
        if parents:
            d["parents"] = parents
        if f["size"] is not None:
            d["size"] = str(f["size"])
            d["quotaBytesUsed"] = str(f["size"])
        if f["md5"]:
            d["md5Checksum"] = f["md5"]
            d["sha1Checksum"] = hashlib.sha1(f["md5"].encode()).hexdigest()
            d["sha256Checksum"] = hashlib.sha256(f["md5"].encode()).hexdigest()
            d["headRevisionId"] = "0B" + f["md5"][:30]
            if "." in f["name"]:
                d["fileExtension"] = d["fullFileExtension"] = ext_of(f["name"])
            d["originalFilename"] = f["name"]
        elif f["mimeType"] != FOLDER and f["size"] is None and \
                f["mimeType"] != SHORTCUT:
            d["quotaBytesUsed"] = "0"
        d["version"] = str(f["version"])
        d["createdTime"] = rfc3339(f["created"])
        d["modifiedTime"] = rfc3339(f["modified"])
        kind = f["mimeType"]
        d["webViewLink"] = (
            "https://drive.google.com/drive/folders/%s" % f["id"] if kind == FOLDER else
            "https://docs.google.com/%s/d/%s/edit?usp=drivesdk" % (
                {GDOC: "document", GSHEET: "spreadsheets", GSLIDES: "presentation"}[kind],
                f["id"]) if kind in NATIVE else
            "https://drive.google.com/file/d/%s/view?usp=drivesdk" % f["id"])
        d["trashed"] = s.trashed(f["id"])
        d["explicitlyTrashed"] = f["trashed"]
        if f["driveId"]:
            d["driveId"] = f["driveId"]
        else:
            d["owners"] = [{"kind": "drive#user", "displayName": display(f["owner"]),
                            "emailAddress": f["owner"], "me": f["owner"] == p,
                            "permissionId": permission_id(f["owner"])}]
            d["ownedByMe"] = f["owner"] == p
        if f["target"]:
            d["shortcutDetails"] = dict(f["target"])
        d["shared"] = bool(f["shared"])
        d["spaces"] = ["drive"]
        return d

    def q_match(self, e, f, p, root):
        op = e[0]
        if op == "and":
            return self.q_match(e[1], f, p, root) and self.q_match(e[2], f, p, root)
        if op == "or":
            return self.q_match(e[1], f, p, root) or self.q_match(e[2], f, p, root)
        if op == "not":
            return not self.q_match(e[1], f, p, root)
        if op == "in":
            if e[2] == "parents":
                return (root if e[1] == "root" else e[1]) in f["parents"]
            return (p if e[1] == "me" else e[1]) == f["owner"]
        if op == "trashed":
            return CMP[e[1]](self.s.trashed(f["id"]), e[2])
        if op == "cmp":
            a, b = f[e[1]], e[3]
            if e[1] == "name":
                a, b = a.lower(), b.lower()
            return b in a if e[2] == "contains" else CMP[e[2]](a, b)
        if op == "time":
            return CMP[e[2]](f["created" if e[1] == "createdTime" else "modified"], e[3])
        return False

    def r_files(self, req):
        s, p = self.s, req.who
        tree = self.mask(req, "fileList")
        size = self.page_size(req, 100, 1000)
        corpora = req.q.get("corpora", "user")
        drive = req.q.get("driveId")
        alld, sup = req.flag("includeItemsFromAllDrives"), req.flag("supportsAllDrives")
        if corpora not in ("user", "domain", "drive", "allDrives"):
            raise BadRequest("Invalid Value", "corpora")
        if drive and corpora != "drive":
            raise BadRequest("The driveId parameter requires corpora=drive.", "corpora")
        if corpora == "drive" and not drive:
            raise BadRequest("The driveId parameter is required when corpora is drive.",
                             "driveId", "required")
        if corpora in ("drive", "allDrives") and not alld:
            raise BadRequest("The includeItemsFromAllDrives parameter must be set to true "
                             "when corpora is drive or allDrives.", "includeItemsFromAllDrives")
        if alld and not sup:
            raise BadRequest("The includeItemsFromAllDrives parameter requires "
                             "supportsAllDrives=true.", "supportsAllDrives")
        if drive and (drive not in s.drives or p not in s.drives[drive]["members"]):
            return g_error(404, "notFound", "Shared drive not found: %s" % drive, "driveId")
        qtext = req.q.get("q", "")
        expr = QParser(qtext).parse() if qtext.strip() else None
        key = json.dumps([p, corpora, drive, alld, qtext])
        kh = hashlib.sha256(key.encode()).hexdigest()[:12]
        off, empty = 0, False
        if "pageToken" in req.q:
            try:
                o, h2, e2 = json.loads(unb64url(req.q["pageToken"][4:]))
                if not req.q["pageToken"].startswith("~!!~") or h2 != kh or o < 0:
                    raise ValueError
                off, empty = int(o), bool(e2)
            except (ValueError, TypeError):
                raise BadRequest("Invalid Value", "pageToken")
        root = s.roots.get(p)
        # A page, once made, is kept until the next change: make bench
        # lists 100,000 files twice, and building a page of 1000 costs the
        # fake more than the latency it stands for.  What else shapes it
        # is in the key.
        pkey = json.dumps([p, sorted(req.pairs), s.faults.get("page_cap"),
                           s.faults.get("empty_pages"), s.faults.get("incomplete_search")])
        return s.cached("pages", pkey, lambda: self.files_page(
            p, tree, size, corpora, drive, alld, qtext, expr, key, kh, off, empty,
            root))

    def files_page(self, p, tree, size, corpora, drive, alld, qtext, expr, key, kh,
                   off, empty, root):
        s = self.s

        def compute():
            vis = s.visible(p)
            parents = q_parents(expr)
            if parents is not None:
                cand = []
                for q in parents:
                    cand += list(s.children.get(root if q == "root" else q, ()))
                cand = list(dict.fromkeys(cand))
            else:
                cand = s.files
            out = []
            for fid in cand:
                f = s.files[fid]
                if f["root"] or fid not in vis:
                    continue
                if drive:
                    if f["driveId"] != drive:
                        continue
                elif corpora in ("user", "domain"):
                    if f["driveId"]:
                        continue
                if expr is None or self.q_match(expr, f, p, root):
                    out.append(fid)
            return out
        ids = s.cached("files", key, compute)
        chunk = [] if empty else ids[off:off + size]
        nxt = off + len(chunk)
        doc = {"kind": "drive#fileList"}
        if nxt < len(ids):
            again = s.faults.get("empty_pages") and not empty
            doc["nextPageToken"] = "~!!~" + b64url(json.dumps([nxt, kh, bool(again)]).encode())
        inc = s.faults.get("incomplete_search")
        doc["incompleteSearch"] = bool(inc == "always" or (inc and corpora == "allDrives"))
        doc["files"] = [self.file_doc(s.files[fid], p) for fid in chunk]
        return resp(200, apply_mask(doc, tree))

    def lookup(self, req, fid):
        s, p = self.s, req.who
        if fid == "root":
            fid = s.roots[p]
        f = s.files.get(fid)
        if not f or fid not in s.visible(p) or (f["driveId"] and
                                               not req.flag("supportsAllDrives")):
            raise BadRequest("File not found: %s." % fid, "fileId", "notFound", 404)
        return f

    def r_file(self, req, fid):
        tree = self.mask(req, "file")
        return resp(200, apply_mask(self.file_doc(self.lookup(req, fid), req.who), tree))

    def r_startPageToken(self, req):
        s, drive = self.s, req.q.get("driveId")
        tree = self.mask(req, "startPageToken")
        if drive:
            if not req.flag("supportsAllDrives"):
                raise BadRequest("The driveId parameter requires supportsAllDrives=true.",
                                 "supportsAllDrives")
            if drive not in s.drives or req.who not in s.drives[drive]["members"]:
                return g_error(404, "notFound", "Shared drive not found: %s" % drive, "driveId")
        return resp(200, apply_mask({"kind": "drive#startPageToken",
                                     "startPageToken": str(s.serial)}, tree))

    def r_changes(self, req):
        s, p = self.s, req.who
        tree = self.mask(req, "changeList")
        size = self.page_size(req, 100, 1000)
        drive = req.q.get("driveId")
        alld, sup = req.flag("includeItemsFromAllDrives"), req.flag("supportsAllDrives")
        removed_too = req.q.get("includeRemoved", "true").lower() != "false"
        if "pageToken" not in req.q:
            raise BadRequest("Required parameter: pageToken", "pageToken", "required")
        m = re.fullmatch(r"(\d{1,12})(~?)", req.q["pageToken"])
        if not m or not s.forgotten <= int(m[1]) <= s.serial:
            raise BadRequest("Invalid Value", "pageToken")
        if (drive or alld) and not sup:
            raise BadRequest("The driveId and includeItemsFromAllDrives parameters require "
                             "supportsAllDrives=true.", "supportsAllDrives")
        if drive and (drive not in s.drives or p not in s.drives[drive]["members"]):
            return g_error(404, "notFound", "Shared drive not found: %s" % drive, "driveId")
        start, empty = int(m[1]), m[2] == "~"
        doc = {"kind": "drive#changeList"}
        out = []
        vis = s.visible(p)
        end = start
        if not empty:
            # the entries are numbered: a page covers pageSize numbers, so
            # changes dropped for a later one, or not the caller's, leave
            # pages short or empty, as Google's do
            for c in s.changes:
                if c["n"] < start:
                    continue
                if c["n"] >= start + size:
                    break
                end = c["n"] + 1
                if not c["live"]:
                    continue
                left = drive and c["driveId"] != drive and drive in c["left"]
                if drive and c["driveId"] != drive and not left or \
                        not drive and c["driveId"] and not alld:
                    continue
                if c.get("drive"):
                    ch = {"kind": "drive#change", "changeType": "drive", "type": "drive",
                          "time": rfc3339(c["time"]), "driveId": c["driveId"]}
                    if p in s.drives[c["driveId"]]["members"]:
                        ch["removed"] = False
                        ch["drive"] = self.drive_doc(s.drives[c["driveId"]])
                    elif p in c["lost"] and removed_too:
                        ch["removed"] = True
                    else:
                        continue
                    out.append(ch)
                    continue
                f = s.files.get(c["fileId"])
                ch = {"kind": "drive#change", "changeType": "file", "type": "file",
                      "time": rfc3339(c["time"]), "fileId": c["fileId"]}
                if c["driveId"] and not left:
                    ch["driveId"] = c["driveId"]
                if left:
                    # gone from this drive's feed, wherever it is now
                    if not removed_too:
                        continue
                    ch["removed"] = True
                elif f is not None and c["fileId"] in vis:
                    ch["removed"] = False
                    ch["file"] = self.file_doc(f, p)
                elif p in c["lost"]:
                    if not removed_too:
                        continue
                    ch["removed"] = True
                else:
                    continue
                out.append(ch)
            if not any(c["n"] >= end for c in s.changes[-1:]):
                end = s.serial
        more = end < s.serial
        if empty:
            doc["nextPageToken"] = str(start)
        elif more:
            doc["nextPageToken"] = str(end) + ("~" if s.faults.get("empty_pages") else "")
        else:
            doc["newStartPageToken"] = str(s.serial)
        doc["changes"] = out
        return resp(200, apply_mask(doc, tree))

    def r_drives(self, req):
        s, p = self.s, req.who
        tree = self.mask(req, "driveList")
        size = self.page_size(req, 10, 100)
        mine = [d for d in s.drives.values() if p in d["members"]]
        off = 0
        if "pageToken" in req.q:
            try:
                off = int(unb64url(req.q["pageToken"]).decode())
            except (ValueError, UnicodeDecodeError):
                raise BadRequest("Invalid Value", "pageToken")
        doc = {"kind": "drive#driveList"}
        if off + size < len(mine):
            doc["nextPageToken"] = b64url(str(off + size).encode())
        doc["drives"] = [self.drive_doc(d) for d in mine[off:off + size]]
        return resp(200, apply_mask(doc, tree))

    def drive_doc(self, d):
        return {"kind": "drive#drive", "id": d["id"], "name": d["name"],
                "createdTime": rfc3339(d["created"]), "hidden": False}

    def r_about(self, req):
        if not req.q.get("fields"):
            raise BadRequest("The 'fields' parameter is required for this method.", "fields",
                             "required")
        tree = parse_mask(req.q["fields"], "about")
        p = req.who
        return resp(200, apply_mask({"kind": "drive#about", "user": {
            "kind": "drive#user", "displayName": display(p), "emailAddress": p, "me": True,
            "permissionId": permission_id(p)}}, tree))

    # -- admin --------------------------------------------------------------------------------
    def truth(self, f):
        s = self.s
        return {"id": f["id"], "name": f["name"], "mimeType": f["mimeType"],
                "parents": f["parents"], "paths": s.paths(f["id"]), "owner": f["owner"],
                "driveId": f["driveId"], "size": f["size"], "md5": f["md5"],
                "version": f["version"], "trashed": s.trashed(f["id"]),
                "explicitlyTrashed": f["trashed"], "createdTime": rfc3339(f["created"]),
                "modifiedTime": rfc3339(f["modified"]),
                "target": f["target"]["targetId"] if f["target"] else None,
                "shared": sorted(f["shared"])}

    def admin(self, req):
        s, op = self.s, req.path[len("/_admin/"):]
        a = dict(req.q, **req.form)
        ok = resp(200, {"ok": True})
        if op == "files":
            vis = s.visible(a["as"]) if "as" in a else None
            return resp(200, [self.truth(f) for f in s.files.values()
                              if not f["root"] and (vis is None or f["id"] in vis)])
        if op == "changes":
            return resp(200, [dict(c, lost=sorted(c["lost"]), left=sorted(c["left"]))
                              for c in s.changes])
        if op == "state":
            return resp(200, {"now": s.now, "start_page_token": str(s.serial),
                              "tokens": dict(s.counts)})
        if req.method != "POST":
            return resp(405, {"error": "POST"})
        if op == "forget":
            s.forgotten = int(a["before"])
            return ok
        if op == "revoke_all":
            for t in s.tokens.values():
                if t["kind"] == "at":
                    t["dead"] = True
            return ok
        if op == "member":
            d = s.drives[a["drive"]]
            did = d["id"]

            def fn():
                if a.get("remove") in ("1", "true"):
                    d["members"].discard(a["email"])
                else:
                    d["members"].add(a["email"])
            s.mutate(did, fn, itself=False)
            s.log_drive_change(did, {a["email"]})
            return ok
        if op == "rename" and a.get("id") in s.drives:
            d = s.drives[a["id"]]
            d["name"] = s.files[d["id"]]["name"] = a["name"]
            s.now += 1
            s.gen += 1
            s.log_drive_change(d["id"], set())
            return ok
        if op in ("add", "mkdir"):
            parent = a["parent"]
            if parent == "root":
                parent = s.roots[s.users[0]]
            if parent not in s.files:
                raise KeyError("parent")
            out = {}

            def fn():
                f = s.add_file([parent], a["name"], FOLDER if op == "mkdir" else a.get("mimeType"),
                               int(a["size"]) if "size" in a else None, a.get("id"),
                               a.get("owner"), a.get("target"),
                               a.get("trashed") in ("1", "true"),
                               created=(s.now + 1) * 1000, modified=(s.now + 1) * 1000)
                out["id"] = f["id"]
            s.mutate(parent, fn, itself=False)
            return resp(200, out)
        f = s.files.get(a.get("id", ""))
        if f is None or f["root"]:
            raise KeyError("id")
        fid = f["id"]
        if op == "rename":
            def fn():
                f["name"] = a["name"]
                s.touch(f)
            s.mutate(fid, fn)
        elif op in ("move", "addparent"):
            parent = a["parent"]
            if parent == "root":
                parent = s.roots[s.users[0]]
            if s.files.get(parent, {}).get("mimeType") != FOLDER or parent in s.subtree(fid):
                raise ValueError("parent")

            def fn():
                if op == "move":
                    for q in f["parents"]:
                        s.children[q].pop(fid, None)
                    f["parents"] = []
                f["parents"].append(parent)
                s.children[parent][fid] = True
                np = s.files[parent]
                if np["driveId"] != f["driveId"]:
                    for x in s.subtree(fid):
                        s.files[x]["driveId"] = np["driveId"]
                        s.files[x]["owner"] = None if np["driveId"] else \
                            (s.files[x]["owner"] or s.users[0])
                s.touch(f)
            s.mutate(fid, fn, alone=bool(s.faults.get("quiet_descendants")))
        elif op == "trash":
            def fn():
                f["trashed"] = a.get("trashed", "1") not in ("0", "false")
                s.touch(f)
            s.mutate(fid, fn, True, alone=bool(s.faults.get("quiet_descendants")))
        elif op == "delete":
            def fn():
                below = set(s.subtree(fid))
                for x in below:
                    g = s.files[x]
                    if x != fid and any(q not in below for q in g["parents"]):
                        continue		# it lives on elsewhere
                    for q in g["parents"]:
                        if q in s.children:
                            s.children[q].pop(x, None)
                    del s.files[x]
                    s.children.pop(x, None)
            s.mutate(fid, fn, alone=bool(s.faults.get("quiet_descendants")))
        elif op == "version":
            if f["mimeType"] == FOLDER or f["size"] is None:
                raise ValueError("a file with content")

            def fn():
                f["size"] = int(a.get("size", f["size"] + 1))
                f["md5"] = hashlib.md5(("%s/%d/%d" % (fid, f["size"], s.now)).encode()).hexdigest()
                s.touch(f)
            s.mutate(fid, fn)
        elif op == "share":
            def fn():
                if a.get("remove") in ("1", "true"):
                    f["shared"].discard(a["with"])
                else:
                    f["shared"].add(a["with"])
                s.touch(f)
            s.mutate(fid, fn)
        else:
            return resp(404, {"error": "unknown admin call"})
        return ok


def options(ap):
    ap.add_argument("--sa", action="append")
    ap.add_argument("--delegate", action="append")
    ap.add_argument("--user", action="append")
    ap.add_argument("--client", action="append")
    ap.add_argument("--aud", action="append")
    ap.add_argument("--generate")
    ap.add_argument("--fixture")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--now", type=int)


if __name__ == "__main__":
    fakeserver.run(__doc__, "fake-gdrive", options, Fake,
                   {"Content-Encoding": "gzip", "Vary": "Origin, X-Origin"})
