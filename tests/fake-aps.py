#!/usr/bin/env python3
"""fake-aps.py: a fake Autodesk Platform Services (OAuth v2 and Data
Management for ACC / BIM 360) for fc's tests; python3 standard library only.

It listens on 127.0.0.1 (port 0 by default) and, once listening, writes the
port, one line, to --port-file (a FIFO the test reads) or else to stdout.
Wire formats follow shared/reference/aps.md: JSON:API documents, ids, field
names, the three timestamp forms, paging, hidden items, error shapes.
Everything comes from seeds; the clock stands still unless told to move.

What it checks, as APS does.  /authorize: response_type=code, the client,
redirect_uri exactly, scope (known scopes, at most 50 and 2000 characters),
state of [A-Za-z0-9,._-] only, code_challenge with S256 (required here);
it plays the user's consent with a 302 to the callback.  Codes live 5
minutes and work once.  /token and /revoke: form-urlencoded bodies; the
client by Basic or by form fields, never both (400); a bad client 401
(AUTH-003).  authorization_code checks code, redirect_uri and
code_verifier; refresh_token rotates: each use returns a new one and kills
the one used, which then gets 400 invalid_grant, as it does after 15 days;
client_credentials needs a scope and returns no refresh token.  Answers
carry no scope; access tokens live 3599 s.  OAuth errors are
{"error","error_description"}.  Data calls need a Bearer token (401 in the
gateway shape: AUTH-001 none, AUTH-006 unknown, revoked or expired; 403
AUTH-010 without data:read).  Paging: page[number] from 0, page[limit] 1
to 200 (default 200, 50 for versions), links.next until the last page.
Filters (filter[type], filter[id], filter[<attr>][-op] compared as strings,
includeHidden=true, filter[hidden]) apply after paging, so pages come out
short.  GET folder answers If-Modified-Since with 304 by the rollup.
Unknown ids are 404 in the DM shape; version ids (with "?version=N") only
match percent-encoded.  The v1 authentication paths answer 401 AUTH-666.

Options
  --port-file PATH      where the port goes once listening
  --port N              port to bind (default 0: any)
  --log FILE            every request (admin ones excepted) as one JSON line
  --client ID:SECRET:REDIRECT_URI
                        a registered client (repeatable); an empty SECRET
                        makes a public client.  Default client1:secret1:
                        http://127.0.0.1/callback
  --no-integration ID   the client is not a Custom Integration of the hubs:
                        its 2-legged tokens see no hubs and get 403 beyond
  --generate folders=N,files=M,depth=D,seed=S[,projects=K][,type=ACC|BIM360]
             [,hubs=H]  H hubs (default 1; "Generated Hub", then "Generated
                        Hub 2"..., in regions US, EMEA, AUS by turns) of K
                        projects each (default 1); the first holds N
                        folders up to D deep under "Project Files" and M files
                        (non-ASCII and very long names, rvt/dwg/ifc/nwd/pdf/
                        xlsx, C4R models, sizes past 2^32, ~5% hidden, ~3%
                        with the tip left out of included[], ~30% without
                        mimeType); every project has a hidden "Photos"
  --fixture FILE.json   hubs, projects, folders and items spelt out (below);
                        with neither, --generate folders=3,files=10,depth=2
  --seed S              seed for tokens, codes and fault rates (default 1)
  --now EPOCH           the server clock at start (default 1700000000)
  --rate-scale K        budgets per client per minute are K times APS's:
                        50 hubs/projects/tip, 300 topFolders/folder/contents/
                        item/version, 800 item versions; 0 turns them off
  --faults JSON         the faults in force at start (as /_admin/faults)

Fixture: {"hubs":[{"name", "id"?, "type"?, "region"?: "US", "warnings"?: [...],
  "projects":[{"name", "id"?, "type"?: "ACC"|"BIM360", "folders":[FOLDER]}]}]}
FOLDER: {"name", "id"?, "hidden"?, "forbidden"?, "folders":[FOLDER],
  "items":[ITEM], "createTime"?, "lastModifiedTime"?}
ITEM: {"name", "id"?, "size"?, "versions"?: N, "type"?: "File"|"C4RModel"|...,
  "hidden"?, "tip_included"?: false, "mimeType"?: null to leave it out,
  "fileType"?: null to leave it out, "createTime"?, "lastModifiedTime"?}
A project's "folders" are its top folders, under a root folder.

Admin endpoints (not logged, no auth, no faults; parameters in the query
string or a form body; answers are JSON).  A change (tip and forbid
excepted) moves the clock one second, sets the changed things'
lastModifiedTime and the lastModifiedTimeRollup of every folder above.
  POST /_admin/clock?advance=S | ?set=EPOCH      -> {"now":EPOCH}
  GET|POST /_admin/faults   read or replace the faults (JSON body, below)
  GET  /_admin/files        the truth: every file with its path and tip
  GET  /_admin/folders      every folder with its path and rollup
  POST /_admin/add?parent=FOLDER&name=N[&size=B]   -> {"id","version"}
  POST /_admin/mkdir?parent=FOLDER&name=N          -> {"id"}
  POST /_admin/rename?id=ID&name=N    a folder, or an item (a new version)
  POST /_admin/move?id=ID&parent=FOLDER
  POST /_admin/hide?id=ID[&hidden=0]  delete (or restore) an item or folder
  POST /_admin/version?id=ITEM[&size=B]  a new tip version
  POST /_admin/bump?id=FOLDER         touch a folder
  POST /_admin/tip?id=ITEM&included=0|1  leave the tip out of included[]
  POST /_admin/forbid?id=FOLDER[&forbidden=0]  403 on the folder
  POST /_admin/purge?id=ID            an item or folder gone for good, and
                                      (unverified on APS, so the worst case)
                                      no time moves

Faults (JSON object; every key optional):
  latency_ms N          delay before each answer
  rate_scale K, rate_window S, retry_after S, budgets {"hubs"|"data"|
                        "versions": N}   the rate limits: a fixed window of
                        rate_window real seconds (default 60) per client and
                        class; past the budget, 429 with Retry-After (the
                        rest of the window, or retry_after) and the quota body
  next "absolute"|"root"|"relative"|"rotate"   form of links.next.href;
       "elsewhere"|"userinfo"|"schemeless"   one that leads to another
                        host (absolute, "http://127.0.0.1:PORT@...", "//..."),
                        where no client may take its token
  next_drop_limit true  links.next leaves out page[limit]
  empty_pages true      an empty page between every two pages
  hub_warnings true     GET hubs adds a PascalCase meta.warnings entry (a
                        string: its Detail)
  hubs_limit N          GET hubs answers N hubs a page, with links.next (APS
                        does not page hubs today; a client follows next anyway)
  consent "deny"        /authorize answers error=access_denied
  rules [RULE]          a RULE matches on "route" (hubs hub projects project
    topFolders folder contents item tip versions version authorize token
    revoke), "path" (a regex searched in the raw path), "query" (a regex
    searched in the raw query) and "method"; it fires on the "nth" match,
    on "every" Nth, at a "rate" (0-1), or always;
    at most "times" times.  Then it answers "status" (with "shape" gateway|
    dm|oauth|html|empty, "retry_after"; oauth takes "error" and
    "description"), or "drop"s the connection unanswered,
    or "truncate"s the body (Content-Length says more, then close), after
    "latency_ms".

Log lines: {"seq", "time", "method", "path" (raw, as sent), "query"
(decoded; secrets redacted), "route", "auth": "basic"|"basic+body"|
"bearer"|"body"|"none", "client", "token" (the access token's number,
counted from 1), "form" (token and
revoke calls; client_secret and code_verifier as "<redacted>", codes and
tokens as "<redacted code#N>", "<redacted rt#N>", "<redacted at#N>"),
"secret_in_url", "user_id" (x-user-id), "fault" (status, drop, truncate,
rate or null), "status" (null when dropped), "bytes" (of body sent)}.
"time" is the server clock; "seq" counts from 1.
"""

import base64
import email.utils
import functools
import json
import math
import os
import random
import re
import sys
import threading
import time
import urllib.parse
import uuid
import zlib

# the HTTP server, a request's way through it and the log line are
# tests/fakeserver.py's, beside this file wherever it runs from; no
# bytecode lands in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
import fakeserver  # noqa: E402
from fakeserver import ALNUM, NONASCII, WORDS, ext_of  # noqa: E402

WEB = "https://acc.autodesk.com/docs/files/projects/"
MOREINFO = "https://aps.autodesk.com/en/docs/oauth/v2/developers_guide/error_handling/"
BUDGETS = {"hubs": 50, "data": 300, "versions": 800}
CLASS = {"hubs": "hubs", "hub": "hubs", "projects": "hubs", "project": "hubs",
         "tip": "hubs", "topFolders": "data", "folder": "data",
         "contents": "data", "item": "data", "version": "data",
         "versions": "versions"}
SCOPES = {"data:read", "data:write", "data:create", "data:search",
          "bucket:create", "bucket:read", "bucket:update", "bucket:delete",
          "account:read", "account:write", "user-profile:read", "user:read",
          "viewables:read", "code:all", "openid"}
USERS = [("X7K2M9PLQ3RA", "Ann Example"), ("B4N8W2ZT6YHC", "Jörg Müller"),
         ("Q9D3F5S1K8VE", "李 娜"), ("M2R7T4P9L6JX", "Siobhán O'Neill")]
MIME = {"pdf": "application/pdf", "dwg": "application/acad",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "rvt": "application/octet-stream", "ifc": "application/x-step",
        "nwd": "application/octet-stream"}
ROUTES = [(m, re.compile(p + "$"), name) for m, p, name in [
    ("GET", "/project/v1/hubs", "hubs"),
    ("GET", "/project/v1/hubs/([^/]+)", "hub"),
    ("GET", "/project/v1/hubs/([^/]+)/projects", "projects"),
    ("GET", "/project/v1/hubs/([^/]+)/projects/([^/]+)", "project"),
    ("GET", "/project/v1/hubs/([^/]+)/projects/([^/]+)/topFolders", "topFolders"),
    ("GET", "/data/v1/projects/([^/]+)/folders/([^/]+)", "folder"),
    ("GET", "/data/v1/projects/([^/]+)/folders/([^/]+)/contents", "contents"),
    ("GET", "/data/v1/projects/([^/]+)/items/([^/]+)", "item"),
    ("GET", "/data/v1/projects/([^/]+)/items/([^/]+)/tip", "tip"),
    ("GET", "/data/v1/projects/([^/]+)/items/([^/]+)/versions", "versions"),
    ("GET", "/data/v1/projects/([^/]+)/versions/([^/]+)", "version"),
    ("GET", "/authentication/v2/authorize", "authorize"),
    ("POST", "/authentication/v2/token", "token"),
    ("POST", "/authentication/v2/revoke", "revoke")]]
FILTER = re.compile(r"filter\[([^\]]+)\](?:-(lt|le|eq|ge|gt|starts|ends|contains))?$")
OPS = {"eq": lambda a, b: a == b, "lt": lambda a, b: a < b,
       "le": lambda a, b: a <= b, "ge": lambda a, b: a >= b,
       "gt": lambda a, b: a > b, "starts": str.startswith,
       "ends": str.endswith, "contains": lambda a, b: b in a}


# ---- ids, times, names ------------------------------------------------------

def b64id(rng):
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).decode().rstrip("=")


def uid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def form_of(oid):
    """Each object writes its times in one of the three forms APS uses."""
    return zlib.crc32(oid.encode()) % 3


# links.next of another host; "userinfo" makes one that begins as the
# fake's own address would ("http://127.0.0.1:PORT@host.invalid/...")
FOREIGN = {"elsewhere": "http://host.invalid", "schemeless": "//host.invalid"}


@functools.lru_cache(maxsize=1 << 18)
def quote(s, safe="/"):
    """urllib's, remembered: rendering a big project's pages spent half its
    time quoting the same ids again"""
    return urllib.parse.quote(s, safe)


@functools.lru_cache(maxsize=1 << 18)
def iso(ms, form=0):
    s = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000))
    if form == 0:
        return "%s.%03dZ" % (s, ms % 1000)
    if form == 1:
        return "%s.%03d0000Z" % (s, ms % 1000)
    return s + "+00:00"


def parse_iso(s):
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|\+00:00)$", s)
    if not m:
        raise ValueError("bad time %r" % s)
    sec = int(time.mktime(time.strptime(m[1], "%Y-%m-%dT%H:%M:%S")) - time.timezone)
    return sec * 1000 + int(((m[2] or "") + "000")[:3])


ODD = ["Budget & Costs 100%", "Plan #3 (rev A)", 'Note "draft"', "a+b=c; x,y",
       "  leading spaces", "semi;colon?query=1"]
def gen_name(rng, i):
    r = rng.random()
    if r < 0.10:
        base = rng.choice(NONASCII)
    elif r < 0.13:
        base = ("Very long name of a coordination model " * 7)[:rng.randint(200, 235)]
    elif r < 0.18:
        base = rng.choice(ODD)
    else:
        base = "%s %s %02d" % (rng.choice(WORDS), rng.choice(WORDS), rng.randrange(100))
    return "%05d %s" % (i, base)


def generate(spec):
    """A fixture from folders=N,files=M,depth=D,seed=S,projects=K,type=T,hubs=H."""
    o = fakeserver.generate_spec(spec, {"folders": "10", "files": "100", "depth": "3",
                                        "seed": "1", "projects": "1", "type": "ACC",
                                        "hubs": "1"}, "fake-aps")
    n, m, depth, seed = (int(o[k]) for k in ("folders", "files", "depth", "seed"))
    rng = random.Random(seed)
    top = {"name": "Project Files", "folders": [], "items": []}

    def mkdir(parent, name):
        f = {"name": name, "folders": [], "items": []}
        parent["folders"].append(f)
        return f
    folders = fakeserver.folder_tree(rng, n, depth, top, mkdir)
    for i in range(m):
        ext = rng.choice(["rvt", "dwg", "ifc", "nwd", "pdf", "xlsx"])
        it = {"name": gen_name(rng, i) + "." + ext, "versions": rng.randint(1, 4)}
        r = rng.random()
        it["size"] = (rng.randint(2**32 + 1, 3 * 2**32) if r < 0.02 else
                      0 if r < 0.03 else rng.randint(1000, 80_000_000))
        if ext == "rvt" and rng.random() < 0.3:
            it["type"] = "C4RModel"
        if rng.random() < 0.05:
            it["hidden"] = True
        if rng.random() < 0.03:
            it["tip_included"] = False
        if rng.random() < 0.3:
            it["mimeType"] = None
        if rng.random() < 0.02:
            it["fileType"] = None
        rng.choice([top] + folders)["items"].append(it)
    system = [{"name": "Plans", "folders": [], "items": []},
              {"name": "Photos", "hidden": True, "folders": [], "items": []}]

    def project(h, k):
        return {"name": "Generated Project %d" % k if h == 0 else
                "Generated Project %d.%d" % (h + 1, k), "type": o["type"],
                "folders": ([top] if h == k == 0 else
                            [{"name": "Project Files", "folders": [], "items": []}])
                + system}
    return {"seed": seed, "hubs": [
        {"name": "Generated Hub" + ("" if h == 0 else " %d" % (h + 1)),
         "region": ["US", "EMEA", "AUS"][h % 3],
         "projects": [project(h, k) for k in range(int(o["projects"]))]}
        for h in range(int(o["hubs"]))]}


# ---- the store: everything the server knows, under one lock -----------------

class Store:
    def __init__(self, args):
        self.lock = threading.RLock()
        self.now = args.now
        self.rng = random.Random(args.seed)	# tokens, codes, fault rates
        self.clients = {}
        for c in args.client or ["client1:secret1:http://127.0.0.1/callback"]:
            cid, secret, redirect = c.split(":", 2)
            self.clients[cid] = {"secret": secret, "redirect": redirect,
                                 "integration": cid not in (args.no_integration or [])}
        self.codes, self.tokens, self.serial = {}, {}, {"at": 0, "rt": 0, "code": 0}
        self.hubs, self.projects, self.objs = {}, {}, {}
        self.set_faults(json.loads(args.faults) if args.faults else {}, args.rate_scale)
        self.seq = 0
        if args.fixture:
            with open(args.fixture, encoding="utf-8") as f:
                fx = json.load(f)
        else:
            fx = generate(args.generate or "folders=3,files=10,depth=2,seed=1")
        self.load(fx, random.Random(fx.get("seed", args.seed)))

    def set_faults(self, f, scale=None):
        if scale is not None:
            f.setdefault("rate_scale", scale)
        f.setdefault("rate_scale", getattr(self, "faults", {}).get("rate_scale", 1))
        for r in f.get("rules", []):
            r["_count"] = r["_fired"] = 0
        self.faults, self.windows, self.next_turn = f, {}, 0

    # -- loading ---------------------------------------------------------------
    def load(self, fx, rng):
        self.lrng = rng
        for h in fx["hubs"]:
            hid = h.get("id") or "b." + uid(rng)
            self.hubs[hid] = {"id": hid, "name": h["name"], "projects": [],
                              "type": h.get("type", "hubs:autodesk.bim360:Account"),
                              "region": h.get("region", "US"),
                              "warnings": h.get("warnings", [])}
            for p in h.get("projects", []):
                pid = p.get("id") or "b." + uid(rng)
                self.hubs[hid]["projects"].append(pid)
                root = self.new_folder(pid, None, {"name": pid[2:] + "-root-folder"})
                self.projects[pid] = {"id": pid, "hub": hid, "name": p["name"],
                                      "type": p.get("type", "ACC"), "root": root["id"]}
                for f in p.get("folders", []):
                    self.load_folder(pid, root, f)
                self.rollup(root)

    def times(self, spec, oid, lo):
        rng, ms = self.lrng, (0 if form_of(oid) == 2 else 1)
        c = (parse_iso(spec["createTime"]) if "createTime" in spec else
             lo + rng.randrange(86400 * 30) * 1000 + ms * rng.randrange(1000))
        m = (parse_iso(spec["lastModifiedTime"]) if "lastModifiedTime" in spec else
             c + rng.randrange(86400 * 60) * 1000 + ms * rng.randrange(1000))
        return c, m

    def new_folder(self, pid, parent, spec, when=None):
        fid = spec.get("id") or "urn:adsk.wipprod:fs.folder:co." + b64id(self.lrng)
        c, m = (when, when) if when else self.times(spec, fid, 1_600_000_000_000)
        f = {"kind": "folders", "id": fid, "project": pid, "name": spec["name"],
             "parent": parent and parent["id"], "children": [],
             "hidden": bool(spec.get("hidden")), "forbidden": bool(spec.get("forbidden")),
             "ctime": c, "mtime": m, "rollup": m, "user": self.lrng.choice(USERS)}
        self.objs[fid] = f
        if parent:
            parent["children"].append(fid)
        return f

    def load_folder(self, pid, parent, spec):
        f = self.new_folder(pid, parent, spec)
        for sub in spec.get("folders", []):
            self.load_folder(pid, f, sub)
        for it in spec.get("items", []):
            self.new_item(pid, f, it)

    def new_item(self, pid, parent, spec, when=None):
        lineage = spec.get("id") or "urn:adsk.wipprod:dm.lineage:" + b64id(self.lrng)
        c, m = (when, when) if when else self.times(spec, lineage, 1_620_000_000_000)
        it = {"kind": "items", "id": lineage, "project": pid, "parent": parent["id"],
              "type": spec.get("type", "File"), "hidden": bool(spec.get("hidden")),
              "tip_included": spec.get("tip_included", True), "versions": [],
              "ctime": c, "mtime": m, "user": self.lrng.choice(USERS)}
        self.objs[lineage] = it
        parent["children"].append(lineage)
        nv = int(spec.get("versions", 1))
        for k in range(nv):
            vm = max(c, m - (nv - 1 - k) * 3_600_000)
            self.new_version(it, spec, vm if k < nv - 1 else m,
                             spec.get("size", self.lrng.randint(1000, 80_000_000))
                             if k == nv - 1 else self.lrng.randint(1000, 80_000_000))
        return it

    def new_version(self, it, spec, when, size):
        n = len(it["versions"]) + 1
        vid = "urn:adsk.wipprod:fs.file:vf.%s?version=%d" % (it["id"].rpartition(":")[2], n)
        name = spec["name"]
        v = {"kind": "versions", "id": vid, "item": it["id"], "n": n, "name": name,
             "size": int(size), "ctime": when, "mtime": when,
             "fileType": spec["fileType"] if "fileType" in spec else ext_of(name),
             "mime": spec["mimeType"] if "mimeType" in spec else MIME.get(ext_of(name)),
             "user": self.lrng.choice(USERS)}
        self.objs[vid] = v
        it["versions"].append(vid)
        return v

    def rollup(self, f):
        r = f["mtime"]
        for c in f["children"]:
            o = self.objs[c]
            r = max(r, self.rollup(o) if o["kind"] == "folders" else o["mtime"])
        f["rollup"] = r
        return r

    def path_of(self, oid):
        names, o = [], self.objs[oid]
        while o.get("parent"):
            names.append(self.tip(o)["name"] if o["kind"] == "items" else o["name"])
            o = self.objs[o["parent"]]
        return "/" + "/".join(reversed(names))

    def tip(self, it):
        return self.objs[it["versions"][-1]]

    # -- changes from /_admin ------------------------------------------------
    def touch(self, fid, own=True):
        """The clock has moved: fid (own: itself too) and every folder above
        it changed."""
        ms = self.now * 1000
        if own:
            self.objs[fid]["mtime"] = ms
        while fid:
            self.objs[fid]["rollup"] = ms
            fid = self.objs[fid]["parent"]


# ---- JSON:API rendering -----------------------------------------------------

class Render:
    def __init__(self, store, base):
        self.s, self.base = store, base

    def href(self, path, q=None):
        return {"href": self.base + path + ("?" + urllib.parse.urlencode(q) if q else "")}

    def user(self, o, what):
        return {what + "UserId": o["user"][0], what + "UserName": o["user"][1]}

    def hub(self, h):
        path = "/project/v1/hubs/" + h["id"]
        return {"type": "hubs", "id": h["id"], "attributes": {
            "name": h["name"], "region": h["region"], "extension": {
                "type": h["type"], "version": "1.0", "schema": self.href(
                    "/schema/v1/versions/" + h["type"] + "-1.0"), "data": {}}},
            "links": {"self": self.href(path)},
            "relationships": {"projects": {"links": {"related": self.href(path + "/projects")}}}}

    def project(self, p):
        path = "/project/v1/hubs/%s/projects/%s" % (p["hub"], p["id"])
        q = quote
        return {"type": "projects", "id": p["id"], "attributes": {
            "name": p["name"], "scopes": ["b360project.%s" % p["id"][2:]],
            "extension": {"type": "projects:autodesk.bim360:Project", "version": "1.0",
                          "data": {"projectType": p["type"]}}},
            "links": {"self": self.href(path), "webView": {"href": WEB + p["id"][2:]}},
            "relationships": {
                "hub": {"data": {"type": "hubs", "id": p["hub"]}},
                "rootFolder": {"data": {"type": "folders", "id": p["root"]},
                               "meta": {"link": self.href("/data/v1/projects/%s/folders/%s"
                                                          % (p["id"], q(p["root"], "")))}},
                "topFolders": {"links": {"related": self.href(path + "/topFolders")}}}}

    def folder(self, f):
        s, q, pid = self.s, quote, f["project"]
        path = "/data/v1/projects/%s/folders/%s" % (pid, q(f["id"], ""))
        form = form_of(f["id"])
        live = sum(1 for c in f["children"] if not s.objs[c]["hidden"])
        d = {"type": "folders", "id": f["id"], "attributes": {
            "name": f["name"], "displayName": f["name"], "objectCount": live,
            "createTime": iso(f["ctime"], form), **self.user(f, "create"),
            "lastModifiedTime": iso(f["mtime"], form), **self.user(f, "lastModified"),
            "lastModifiedTimeRollup": iso(f["rollup"], form), "hidden": f["hidden"],
            "extension": {"type": "folders:autodesk.bim360:Folder", "version": "1.0",
                          "data": {"visibleTypes": ["items:autodesk.bim360:File"],
                                   "allowedTypes": ["items:autodesk.bim360:File",
                                                    "folders:autodesk.bim360:Folder"]}}},
            "links": {"self": self.href(path), "webView": {"href": "%s%s?folderUrn=%s"
                      % (WEB, pid[2:], q(f["id"], ""))}},
            "relationships": {"contents": {"links": {"related": self.href(path + "/contents")}}}}
        if f["parent"]:
            d["relationships"]["parent"] = {"data": {"type": "folders", "id": f["parent"]}}
        return d

    def item(self, it, with_path=False):
        q, pid, tip = quote, it["project"], self.s.tip(it)
        path = "/data/v1/projects/%s/items/%s" % (pid, q(it["id"], ""))
        form = form_of(it["id"])
        d = {"type": "items", "id": it["id"], "attributes": {
            "displayName": tip["name"], "createTime": iso(it["ctime"], form),
            **self.user(it, "create"), "lastModifiedTime": iso(it["mtime"], form),
            **self.user(it, "lastModified"), "hidden": it["hidden"], "reserved": False,
            "extension": {"type": "items:autodesk.bim360:" + it["type"], "version": "1.0",
                          "data": {"sourceFileName": tip["name"]}}},
            "links": {"self": self.href(path), "webView": {
                "href": "%s%s?folderUrn=%s&entityId=%s&viewModel=detail&moduleId=folders"
                % (WEB, pid[2:], q(it["parent"], ""), q(it["id"], ""))}},
            "relationships": {
                "tip": {"data": {"type": "versions", "id": tip["id"]},
                        "links": {"related": self.href(path + "/tip")}},
                "versions": {"links": {"related": self.href(path + "/versions")}},
                "parent": {"data": {"type": "folders", "id": it["parent"]}}}}
        if with_path:
            d["attributes"]["pathInProject"] = self.s.path_of(it["parent"])
        return d

    def version(self, v):
        q, it = quote, self.s.objs[v["item"]]
        form = form_of(it["id"])
        a = {"name": v["name"], "displayName": v["name"], "versionNumber": v["n"],
             "createTime": iso(v["ctime"], form), **self.user(v, "create"),
             "lastModifiedTime": iso(v["mtime"], form), **self.user(v, "lastModified"),
             "storageSize": v["size"],
             "extension": {"type": "versions:autodesk.bim360:" + it["type"],
                           "version": "1.0", "data": {"sourceFileName": v["name"]}}}
        if v["fileType"] is not None:
            a["fileType"] = v["fileType"]
        if v["mime"] is not None:
            a["mimeType"] = v["mime"]
        return {"type": "versions", "id": v["id"], "attributes": a, "links": {
            "self": self.href("/data/v1/projects/%s/versions/%s" % (it["project"], q(v["id"], ""))),
            "webView": {"href": "%s%s?folderUrn=%s&entityId=%s&viewModel=detail&moduleId=folders"
                        % (WEB, it["project"][2:], q(it["parent"], ""), q(v["id"], ""))}},
            "relationships": {"item": {"data": {"type": "items", "id": it["id"]}}}}


# ---- responses --------------------------------------------------------------

dumps = fakeserver.dumps
resp = fakeserver.responder("application/vnd.api+json")


def jsonapi(doc, status=200, headers=None):
    return resp(status, {"jsonapi": {"version": "1.0"}, **doc}, headers=headers)


def dm_error(status, code, detail):
    return jsonapi({"errors": [{"id": str(uuid.uuid4()), "status": str(status),
                                "code": code, "detail": detail}]}, status)


def gw_error(status, code, msg, headers=None):
    return resp(status, {"developerMessage": msg, "errorCode": code,
                         "moreInfo": MOREINFO}, "application/json", headers)


def oauth_error(status, err, desc):
    return resp(status, {"error": err, "error_description": desc},
                "application/json", {"Cache-Control": "no-store"})


def fault_response(rule):
    st, shape = int(rule.get("status", 500)), rule.get("shape")
    hdr = {"Retry-After": str(rule["retry_after"])} if "retry_after" in rule else {}
    shape = shape or ("gateway" if st in (401, 429) else "dm")
    if st == 429 and shape == "gateway":
        return resp(429, {"developerMessage": "Quota limit exceeded."}, "application/json", hdr)
    if shape == "gateway":
        return gw_error(st, "AUTH-001" if st == 401 else "GW-%d" % st, "Injected failure.", hdr)
    if shape == "oauth":
        return oauth_error(st, rule.get("error", "server_error"),
                           rule.get("description", "Injected failure."))
    if shape == "html":
        return resp(st, b"<html><body><h1>%d Bad Gateway</h1></body></html>" % st,
                    "text/html", hdr)
    if shape == "empty":
        return resp(st, None, headers=hdr)
    return dm_error(st, "ERR_INJECTED", "Injected failure.")


# ---- the server -------------------------------------------------------------

class Fake(fakeserver.Fake):
    def __init__(self, args):
        super().__init__(Store(args), args.log, ROUTES, "client", "application/json")
        # (base, id) -> a folder, item or version as a contents page shows
        # it, serialised: building and dumping a page of 200 cost ~4 ms of
        # CPU, most of a request's, which the client shares this machine
        # with.  Under s.lock; any change from /_admin clears it.
        self.frags = {}

    def warm(self, base):
        """Serialise every object a contents page may show, before the
        port is told, so that the first listing is as fast as the next."""
        r = Render(self.s, base)
        for o in list(self.s.objs.values()):
            if o["kind"] != "versions":
                self.frag(r, o)
                if o["kind"] == "items":
                    self.frag(r, self.s.tip(o))

    def frag(self, r, o):
        k = (r.base, o["id"])
        b = self.frags.get(k)
        if b is None:
            b = self.frags[k] = dumps(r.folder(o) if o["kind"] == "folders" else
                                      r.item(o) if o["kind"] == "items" else
                                      r.version(o))
        return b

    # -- dispatch --------------------------------------------------------------
    fault_response = staticmethod(fault_response)

    def dispatch(self, req, route, args):
        if route is None:
            return (gw_error(401, "AUTH-666", "The v1 authentication API is no longer available.")
                    if req.path.startswith("/authentication/v1/") else
                    dm_error(404, "NOT_FOUND", "No route for this path."))
        if route == "405":
            return dm_error(405, "METHOD_NOT_ALLOWED", "Method not allowed.")
        if route in ("authorize", "token", "revoke"):
            return getattr(self, "r_" + route)(req)
        return self.bearer(req, route) or getattr(self, "r_" + route)(req, *args)

    def identify(self, req):
        """Who the request says it is, for the log, whether or not it is."""
        kind, _, cred = (req.headers.get("Authorization") or "").partition(" ")
        inbody = "client_id" in req.form or "client_secret" in req.form
        if kind == "Basic":
            try:
                cid = base64.b64decode(cred, validate=True).decode().partition(":")[0]
            except (ValueError, UnicodeDecodeError):
                cid = None
            req.log.update(auth="basic+body" if inbody else "basic", client=cid)
        elif kind == "Bearer":
            t = self.s.tokens.get(cred)
            req.log.update(auth="bearer", client=t and t["client"],
                           token=t["n"] if t and t["kind"] == "at" else None)
        elif kind:
            req.log["auth"] = kind.lower()
        elif inbody:
            req.log.update(auth="body", client=req.form.get("client_id"))

    def log_fields(self, req):
        s = self.s
        secrets = {c["secret"] for c in s.clients.values() if c["secret"]}
        redact = self.redactor(("client_secret", "code_verifier", "password"), secrets)
        query, secret_in_url = self.logged_query(req, redact, secrets)
        raw = urllib.parse.unquote(req.path)
        if any(x in raw for x in secrets) or any(seg in s.tokens for seg in raw.split("/")):
            secret_in_url = True
        d = dict(req.log, query=query, secret_in_url=secret_in_url,
                 user_id=req.headers.get("x-user-id"))
        if req.path.startswith("/authentication/"):
            d["form"] = {k: redact(k, v) for k, v in req.formpairs}
        return d

    # -- OAuth -------------------------------------------------------------------
    def issue(self, client, scope, user, refresh, rt_scope=None):
        s = self.s
        s.serial["at"] += 1
        at = "eyJ" + self.mint(32) + "." + self.mint(s.rng.randint(300, 900)) + "." + self.mint(86)
        s.tokens[at] = {"kind": "at", "n": s.serial["at"], "client": client, "scope": scope,
                        "user": user, "exp": s.now + 3599, "dead": False}
        doc = {"access_token": at, "token_type": "Bearer", "expires_in": 3599}
        if refresh:
            s.serial["rt"] += 1
            rt = self.mint(40, ALNUM)
            s.tokens[rt] = {"kind": "rt", "n": s.serial["rt"], "client": client,
                            "scope": rt_scope or scope, "user": user,
                            "exp": s.now + 15 * 86400, "dead": False}
            doc["refresh_token"] = rt
        return resp(200, doc, "application/json", {"Cache-Control": "no-store"})

    def check_scope(self, scope):
        words = scope.split(" ")
        if not scope or len(words) > 50 or len(scope) > 2000 or \
                any(w not in SCOPES for w in words):
            return None
        return set(words)

    def r_authorize(self, req):
        s, q = self.s, req.q
        c = s.clients.get(q.get("client_id", ""))
        if not c:
            return oauth_error(400, "invalid_client", "Unknown client_id.")
        if q.get("redirect_uri") != c["redirect"]:
            return oauth_error(400, "invalid_request", "redirect_uri does not match the callback.")
        if q.get("response_type") != "code":
            return oauth_error(400, "unsupported_response_type", "response_type must be code.")
        scope = self.check_scope(q.get("scope", ""))
        if scope is None:
            return oauth_error(400, "invalid_scope", "scope is missing or invalid.")
        if "state" in q and not re.fullmatch(r"[A-Za-z0-9,._-]+", q["state"]):
            return oauth_error(400, "invalid_request", "state has characters not allowed.")
        if not fakeserver.challenge_ok(q):
            return oauth_error(400, "invalid_request", "code_challenge with S256 is required.")
        if "openid" in scope and not q.get("nonce"):
            return oauth_error(400, "invalid_request", "nonce is required with openid.")
        back = {"state": q["state"]} if "state" in q else {}
        if s.faults.get("consent") == "deny":
            back = {"error": "access_denied", **back}
        else:
            s.serial["code"] += 1
            code = self.mint(32, ALNUM)
            s.codes[code] = {"kind": "code", "n": s.serial["code"], "client": q["client_id"],
                             "redirect": c["redirect"], "challenge": q["code_challenge"],
                             "scope": scope, "exp": s.now + 300, "used": False}
            back = {"code": code, **back}
        sep = "&" if "?" in c["redirect"] else "?"
        return resp(302, None, headers={"Location": c["redirect"] + sep +
                                        urllib.parse.urlencode(back)})

    def client_auth(self, req):
        """The client id, or an error response."""
        h = req.headers.get("Authorization")
        inbody = "client_id" in req.form or "client_secret" in req.form
        bad = gw_error(401, "AUTH-003", "The client_id (application key)/client_secret are not valid")
        if h:
            if inbody:
                return oauth_error(400, "invalid_request",
                                   "Client credentials in both the header and the body.")
            try:
                cid, _, secret = base64.b64decode(h[6:], validate=True).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return bad
            c = self.s.clients.get(cid)
            if not h.startswith("Basic ") or not c or not c["secret"] or secret != c["secret"]:
                return bad
            return cid
        if "client_id" not in req.form:
            return bad
        cid = req.form["client_id"]
        c = self.s.clients.get(cid)
        if not c or req.form.get("client_secret", "") != c["secret"]:
            return bad
        return cid

    def r_token(self, req):
        s, f = self.s, req.form
        if "x-www-form-urlencoded" not in (req.headers.get("Content-Type") or ""):
            return oauth_error(400, "invalid_request", "The body must be form-urlencoded.")
        if len(req.formpairs) != len(f):
            return oauth_error(400, "invalid_request", "A parameter is repeated.")
        cid = self.client_auth(req)
        if not isinstance(cid, str):
            return cid
        grant = f.get("grant_type")
        if grant == "authorization_code":
            code = self.take_code(f.get("code", ""), cid)
            if not code:
                return oauth_error(400, "invalid_grant", "The code is invalid or expired.")
            if f.get("redirect_uri") != code["redirect"]:
                return oauth_error(400, "invalid_grant", "redirect_uri does not match.")
            if not fakeserver.verifier_ok(f.get("code_verifier", ""), code["challenge"]):
                return oauth_error(400, "invalid_grant", "code_verifier does not match.")
            return self.issue(cid, code["scope"], USERS[0], True)
        if grant == "refresh_token":
            t = s.tokens.get(f.get("refresh_token", ""))
            if not t or t["kind"] != "rt" or t["dead"] or t["exp"] <= s.now or t["client"] != cid:
                return oauth_error(400, "invalid_grant", "The refresh token is invalid or expired.")
            scope = self.check_scope(f["scope"]) if "scope" in f else t["scope"]
            if scope is None or not scope <= t["scope"]:
                return oauth_error(400, "invalid_scope", "scope is not a subset.")
            t["dead"] = True
            return self.issue(cid, scope, t["user"], True, t["scope"])
        if grant == "client_credentials":
            if not s.clients[cid]["secret"]:
                return oauth_error(400, "unauthorized_client", "A public client has no 2-legged grant.")
            scope = self.check_scope(f.get("scope", ""))
            if scope is None:
                return oauth_error(400, "invalid_scope", "scope is missing or invalid.")
            return self.issue(cid, scope, None, False)
        return oauth_error(400, "unsupported_grant_type", "Unknown grant_type.")

    def r_revoke(self, req):
        f = req.form
        cid = self.client_auth(req)
        if not isinstance(cid, str):
            return cid
        if not f.get("token") or f.get("token_type_hint") not in ("access_token", "refresh_token"):
            return oauth_error(400, "invalid_request", "token and token_type_hint are required.")
        t = self.s.tokens.get(f["token"])
        if t and t["client"] == cid:
            t["dead"] = True
        return resp(200)

    def bearer(self, req, route):
        """None when the request may go on, else the error response."""
        s, h = self.s, req.headers.get("Authorization") or ""
        if not h.startswith("Bearer "):
            return gw_error(401, "AUTH-001", "The token is not provided in the request.")
        t = s.tokens.get(h[7:])
        if not t or t["kind"] != "at" or t["dead"] or t["exp"] <= s.now:
            return gw_error(401, "AUTH-006", "The token is invalid or has expired.")
        if not t["scope"] & {"data:read", "data:write"}:
            return gw_error(403, "AUTH-010", "The token does not have the required scope.")
        req.user = t["user"]
        req.integrated = bool(t["user"]) or s.clients[t["client"]]["integration"]
        if not req.integrated and route != "hubs":
            return dm_error(403, "BIM360DM_ERROR", "You don't have permission to access this API")
        return self.rate(req, t["client"], route)

    def rate(self, req, client, route):
        f, cls = self.s.faults, CLASS[route]
        budget = f.get("budgets", {}).get(cls, BUDGETS[cls] * f.get("rate_scale", 1))
        if not budget:
            return None
        left = self.spend((client, cls), budget, f.get("rate_window", 60))
        if left is None:
            return None
        req.log["fault"] = "rate"
        after = f.get("retry_after", max(1, math.ceil(left)))
        return resp(429, {"developerMessage": "Quota limit exceeded."},
                    "application/json", {"Retry-After": str(after)})

    # -- Data Management -------------------------------------------------------
    def render(self, req):
        return Render(self.s, "http://" + (req.headers.get("Host") or "127.0.0.1"))

    def lookup(self, pid, oid, kind):
        o = self.s.objs.get(oid)
        if pid not in self.s.projects or not o or o["kind"] != kind or \
                (o.get("project") or self.s.objs[o["item"]]["project"]) != pid:
            return None, dm_error(404, "NOT_FOUND", "The requested resource could not be found.")
        if o.get("forbidden"):
            return None, dm_error(403, "BIM360DM_ERROR",
                                  "You don't have permission to access this resource")
        return o, None

    def filtered(self, req, docs, hidden_default=False):
        """Filters apply after paging, as in APS: pages come out short."""
        q = dict(req.q)
        if hidden_default and "filter[hidden]" not in q and q.get("includeHidden") != "true":
            q["filter[hidden]"] = "false"
        out = []
        for d in docs:
            keep = True
            for k, v in q.items():
                m = FILTER.match(k)
                if not m:
                    continue
                if m[1] in ("type", "id"):
                    got = d[m[1]]
                else:
                    got = d["attributes"]
                    for part in m[1].split("."):
                        got = got.get(part) if isinstance(got, dict) else None
                if got is None:
                    keep = False
                    continue
                got = json.dumps(got) if isinstance(got, bool) else str(got)
                keep = keep and any(OPS[m[2] or "eq"](got, x) for x in v.split(","))
            if keep:
                out.append(d)
        return out

    def page(self, req, seq, default=200):
        """The slice page[number] asks for and the links, or an error."""
        try:
            num = int(req.q.get("page[number]", "0"))
            lim = int(req.q.get("page[limit]", str(default)))
            if num < 0 or not 1 <= lim <= 200:
                raise ValueError
        except ValueError:
            return None, None, dm_error(400, "BAD_INPUT",
                                        "page[number] must be >= 0, page[limit] 1 to 200.")
        f, real, empty = self.s.faults, num, False
        if f.get("empty_pages"):
            real, empty = num // 2, num % 2 == 1
        chunk = [] if empty else seq[real * lim:(real + 1) * lim]
        more = (real + 1) * lim < len(seq)
        base = self.render(req).base
        links = {"self": {"href": base + req.raw}}

        def at(n, drop=False):
            q = [(k, v) for k, v in req.pairs if k != "page[number]" and
                 not (drop and k == "page[limit]")] + [("page[number]", str(n))]
            return req.path + "?" + urllib.parse.urlencode(q)
        links["first"] = {"href": base + at(0)}
        if num > 0:
            links["prev"] = {"href": base + at(num - 1)}
        if more:
            nxt = at(num + 1, f.get("next_drop_limit"))
            style = f.get("next", "absolute")
            if style == "rotate":
                style = ["absolute", "root", "relative"][self.s.next_turn % 3]
                self.s.next_turn += 1
            links["next"] = {"href": base + nxt if style == "absolute" else
                             nxt if style == "root" else
                             base + "@host.invalid" + nxt if style == "userinfo" else
                             FOREIGN[style] + nxt if style in FOREIGN else
                             nxt.lstrip("/")}
        return chunk, links, None

    def r_hubs(self, req):
        r, s = self.render(req), self.s
        hubs = list(s.hubs.values()) if req.integrated else []
        links = {"self": {"href": r.base + req.raw}}
        if s.faults.get("hubs_limit"):
            chunk, links, err = self.page(req, hubs, int(s.faults["hubs_limit"]))
            if err:
                return err
        else:
            chunk = hubs
        data = self.filtered(req, [r.hub(h) for h in chunk])
        warn = [w for h in hubs for w in h["warnings"]]
        if s.faults.get("hub_warnings") or not req.integrated:
            warn.append({"Id": None, "HttpStatusCode": "403", "ErrorCode": "BIM360DM_ERROR",
                         "Title": "Unable to get hubs from BIM360DM EMEA.",
                         "Detail": s.faults["hub_warnings"]
                         if isinstance(s.faults.get("hub_warnings"), str) else
                         "You don't have permission to access this API",
                         "AboutLink": None, "Source": [], "meta": []})
        doc = {"links": links, "data": data}
        if warn:
            doc["meta"] = {"warnings": warn}
        return jsonapi(doc)

    def r_hub(self, req, hid):
        h = self.s.hubs.get(hid)
        if not h:
            return dm_error(404, "NOT_FOUND", "The requested hub could not be found.")
        return jsonapi({"links": {"self": {"href": self.render(req).base + req.raw}},
                        "data": self.render(req).hub(h)})

    def r_projects(self, req, hid):
        h = self.s.hubs.get(hid)
        if not h:
            return dm_error(404, "NOT_FOUND", "The requested hub could not be found.")
        chunk, links, err = self.page(req, h["projects"])
        if err:
            return err
        r = self.render(req)
        return jsonapi({"links": links, "data": self.filtered(
            req, [r.project(self.s.projects[p]) for p in chunk])})

    def r_project(self, req, hid, pid):
        p = self.s.projects.get(pid)
        if not p or p["hub"] != hid:
            return dm_error(404, "NOT_FOUND", "The requested project could not be found.")
        return jsonapi({"links": {"self": {"href": self.render(req).base + req.raw}},
                        "data": self.render(req).project(p)})

    def r_topFolders(self, req, hid, pid):
        s, p = self.s, self.s.projects.get(pid)
        if not p or p["hub"] != hid:
            return dm_error(404, "NOT_FOUND", "The requested project could not be found.")
        tops = [s.objs[c] for c in s.objs[p["root"]]["children"]]
        if req.q.get("excludeDeleted") == "true":
            tops = [f for f in tops if not f["hidden"]]
        if req.q.get("projectFilesOnly") == "true":
            tops = [f for f in tops if f["name"] == "Project Files"]
        r = self.render(req)
        return jsonapi({"links": {"self": {"href": r.base + req.raw}},
                        "data": [r.folder(f) for f in tops]})

    def r_folder(self, req, pid, fid):
        f, err = self.lookup(pid, fid, "folders")
        if err:
            return err
        lm = {"Last-Modified": email.utils.formatdate(f["rollup"] // 1000, usegmt=True)}
        ims = req.headers.get("If-Modified-Since")
        if ims:
            try:
                if f["rollup"] // 1000 <= email.utils.parsedate_to_datetime(ims).timestamp():
                    return resp(304, None, headers=lm)
            except (TypeError, ValueError):
                pass
        r = self.render(req)
        return jsonapi({"links": {"self": {"href": r.base + req.raw}},
                        "data": r.folder(f)}, 200, lm)

    def r_contents(self, req, pid, fid):
        s = self.s
        f, err = self.lookup(pid, fid, "folders")
        if err:
            return err
        chunk, links, err = self.page(req, f["children"])
        if err:
            return err
        r = self.render(req)
        if not any(FILTER.match(k) for k in req.q):
            # what filtered() would keep, from the serialised objects
            objs = [s.objs[c] for c in chunk]
            if req.q.get("includeHidden") != "true":
                objs = [o for o in objs if not o["hidden"]]
            tips = [s.tip(o) for o in objs if o["kind"] == "items" and o["tip_included"]]
            body = [b'{"jsonapi":{"version":"1.0"},"links":', dumps(links), b',"data":[',
                    b",".join(self.frag(r, o) for o in objs), b"]"]
            if tips:
                body += [b',"included":[', b",".join(self.frag(r, v) for v in tips), b"]"]
            return resp(200, b"".join(body) + b"}")
        data = self.filtered(req, [r.folder(o) if o["kind"] == "folders" else r.item(o)
                                   for o in (s.objs[c] for c in chunk)], True)
        inc = [r.version(s.tip(s.objs[d["id"]])) for d in data
               if d["type"] == "items" and s.objs[d["id"]]["tip_included"]]
        doc = {"links": links, "data": data}
        if inc:
            doc["included"] = inc
        return jsonapi(doc)

    def r_item(self, req, pid, iid):
        it, err = self.lookup(pid, iid, "items")
        if err:
            return err
        r = self.render(req)
        if req.q.get("includePathInProject") != "true":
            return resp(200, b"".join([
                b'{"jsonapi":{"version":"1.0"},"links":', dumps({"self": {"href": r.base + req.raw}}),
                b',"data":', self.frag(r, it), b',"included":[', self.frag(r, self.s.tip(it)),
                b"]}"]))
        return jsonapi({"links": {"self": {"href": r.base + req.raw}},
                        "data": r.item(it, True), "included": [r.version(self.s.tip(it))]})

    def r_tip(self, req, pid, iid):
        it, err = self.lookup(pid, iid, "items")
        if err:
            return err
        r = self.render(req)
        return jsonapi({"links": {"self": {"href": r.base + req.raw}},
                        "data": r.version(self.s.tip(it))})

    def r_versions(self, req, pid, iid):
        it, err = self.lookup(pid, iid, "items")
        if err:
            return err
        chunk, links, err = self.page(req, it["versions"][::-1], 50)
        if err:
            return err
        r = self.render(req)
        return jsonapi({"links": links, "data": self.filtered(
            req, [r.version(self.s.objs[v]) for v in chunk])})

    def r_version(self, req, pid, vid):
        v, err = self.lookup(pid, vid, "versions")
        if err:
            return err
        r = self.render(req)
        return jsonapi({"links": {"self": {"href": r.base + req.raw}}, "data": r.version(v)})

    # -- admin -----------------------------------------------------------------
    def admin(self, req):
        s, op = self.s, req.path[len("/_admin/"):]
        a = dict(req.q, **req.form)
        ok = resp(200, {"ok": True}, "application/json")
        if op == "files":
            return resp(200, [self.truth(o) for o in s.objs.values() if o["kind"] == "items"],
                        "application/json")
        if op == "folders":
            return resp(200, [{"id": f["id"], "project": f["project"], "parent": f["parent"],
                               "path": s.path_of(f["id"]), "hidden": f["hidden"],
                               "lastModifiedTime": iso(f["mtime"]),
                               "lastModifiedTimeRollup": iso(f["rollup"])}
                              for f in s.objs.values() if f["kind"] == "folders"],
                        "application/json")
        if op not in ("add", "mkdir", "rename", "move", "hide", "version", "bump",
                      "tip", "forbid", "purge"):
            return resp(404, {"error": "unknown admin call"}, "application/json")
        if req.method != "POST":
            return resp(405, {"error": "POST"}, "application/json")
        self.frags.clear()
        o = s.objs.get(a.get("id") or a.get("parent") or "")
        want = "folders" if op in ("add", "mkdir", "bump", "forbid") else \
            "items" if op in ("version", "tip") else None
        if not o or want and o["kind"] != want or \
                op == "move" and s.objs.get(a.get("parent"), {}).get("kind") != "folders":
            return resp(404, {"error": "no such object"}, "application/json")
        if op in ("add", "mkdir", "rename") and not a.get("name"):
            return resp(400, {"error": "name is required"}, "application/json")
        if op == "tip":
            o["tip_included"] = a.get("included", "1") not in ("0", "false")
            return ok
        if op == "forbid":
            o["forbidden"] = a.get("forbidden", "1") not in ("0", "false")
            return ok
        if op == "purge":
            if o.get("parent"):
                s.objs[o["parent"]]["children"].remove(o["id"])
            gone = [o]
            while gone:
                g = gone.pop()
                del s.objs[g["id"]]
                gone += [s.objs[c] for c in g.get("children", [])]
                for v in g.get("versions", []):
                    del s.objs[v]
            return ok
        s.now += 1
        ms = s.now * 1000
        if op == "add":
            it = s.new_item(o["project"], o, {"name": a["name"],
                                              "size": int(a.get("size", 1000))}, ms)
            s.touch(o["id"])
            return resp(200, {"id": it["id"], "version": it["versions"][-1]}, "application/json")
        if op == "mkdir":
            f = s.new_folder(o["project"], o, {"name": a["name"]}, ms)
            s.touch(o["id"])
            return resp(200, {"id": f["id"]}, "application/json")
        if op in ("rename", "version"):
            if o["kind"] == "folders":
                o["name"] = a["name"]
                s.touch(o["id"])
                return ok
            tip = s.tip(o)
            s.new_version(o, {"name": a.get("name", tip["name"]), "fileType": tip["fileType"]
                              if "name" not in a else ext_of(a["name"]), "mimeType": tip["mime"]},
                          ms, int(a.get("size", tip["size"])))
        elif op == "move":
            old = o["parent"]
            s.objs[old]["children"].remove(o["id"])
            s.objs[a["parent"]]["children"].append(o["id"])
            o["parent"] = a["parent"]
            s.touch(old)
        elif op == "hide":
            o["hidden"] = a.get("hidden", "1") not in ("0", "false")
        o["mtime"] = ms
        # a folder's own time moves when what it holds changes, not when a
        # file in it gets a new version; the rollup moves for both
        own = o["kind"] == "folders" or op not in ("rename", "version")
        s.touch(o["id"] if o["kind"] == "folders" else o["parent"], own)
        return ok

    def truth(self, it):
        s, tip = self.s, self.s.tip(it)
        r = Render(s, "")
        return {"id": it["id"], "project": it["project"], "parent": it["parent"],
                "path": s.path_of(it["id"]), "name": tip["name"], "size": tip["size"],
                "fileType": tip["fileType"] or ext_of(tip["name"]),
                "type": "items:autodesk.bim360:" + it["type"], "version": tip["n"],
                "version_id": tip["id"], "hidden": it["hidden"],
                "tip_included": it["tip_included"], "createTime": iso(it["ctime"]),
                "lastModifiedTime": iso(it["mtime"]), "webView": r.item(it)["links"]["webView"]["href"]}


def options(ap):
    ap.add_argument("--client", action="append")
    ap.add_argument("--no-integration", action="append")
    ap.add_argument("--generate")
    ap.add_argument("--fixture")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--now", type=int, default=1700000000)
    ap.add_argument("--rate-scale", type=float, default=1)
    ap.add_argument("--faults")


if __name__ == "__main__":
    fakeserver.run(__doc__, "fake-aps", options, Fake)
