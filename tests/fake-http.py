#!/usr/bin/env python3
"""fake-http.py: an HTTP server that answers from a script, for lib/http.

    fake-http.py SCRIPT.json PORTFILE LOG

Binds 127.0.0.1 on a free port, writes the port and a newline to PORTFILE
(a FIFO the test reads: no sleeping), and serves until killed.  SCRIPT
maps a path (without the query) to the list of answers its requests get
in turn; the last one repeats.  An answer is an object:

    {"status": 200, "headers": {"Retry-After": "1"}, "body": "text"}
    {"drop": true}        close the connection without an answer
    {"truncate": true}    promise more body than is sent, then close

Each request is logged to LOG as one JSON line: the time (seconds since
start, monotonic), method, path, query, headers and body, so the test can
check what the client sent as well as what it did with the answers.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

script = json.load(open(sys.argv[1]))
portfile, logpath = sys.argv[2], sys.argv[3]
counts = {}
lock = threading.Lock()
t0 = time.monotonic()
log = open(logpath, "a", buffering=1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self):
        url = urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace") if n else ""
        with lock:
            i = counts.get(url.path, 0)
            counts[url.path] = i + 1
            log.write(json.dumps({
                "t": round(time.monotonic() - t0, 3),
                "method": self.command, "path": url.path,
                "query": url.query, "n": i,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body}) + "\n")
        answers = script.get(url.path, [{"status": 404, "body": "no"}])
        a = answers[min(i, len(answers) - 1)]
        if a.get("drop"):
            self.close_connection = True
            self.connection.shutdown(2)
            return
        data = a.get("body", "").encode()
        self.send_response(a.get("status", 200))
        for k, v in a.get("headers", {}).items():
            self.send_header(k, v)
        if a.get("truncate"):
            self.send_header("Content-Length", str(len(data) + 100))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = answer
    do_POST = answer


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(portfile, "w") as f:
    f.write("%d\n" % server.server_address[1])
server.serve_forever()
