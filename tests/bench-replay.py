#!/usr/bin/env python3
"""bench-replay.py PORT LOG N TOKEN [NAME:VALUE ...]: the requests of a
fake's --log, those answered 200 but token and about calls, replayed on N
kept-alive connections to 127.0.0.1:PORT with the bearer TOKEN and the
headers named; prints the seconds they took.  make bench sets this beside
fc-list: the same requests, the fake's own time and hardly a client's."""
import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse

port, log, n, token = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
headers = {"Authorization": "Bearer " + token}
for h in sys.argv[5:]:
    k, _, v = h.partition(":")
    headers[k] = v.strip()
todo = queue.Queue()
for line in open(log):
    r = json.loads(line)
    if r["route"] not in ("token", "about") and r["status"] == 200:
        q = urllib.parse.urlencode(r["query"])
        todo.put(r["path"] + ("?" + q if q else ""))
failed = []


def work():
    c = http.client.HTTPConnection("127.0.0.1", port)
    while True:
        try:
            u = todo.get_nowait()
        except queue.Empty:
            return
        c.request("GET", u, headers=headers)
        r = c.getresponse()
        r.read()
        if r.status != 200:
            failed.append(r.status)


t0 = time.monotonic()
threads = [threading.Thread(target=work) for _ in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if failed:
    sys.exit("bench: the replay got %d answers other than 200" % len(failed))
print("%.3f" % (time.monotonic() - t0))
