#!/usr/bin/env python3
"""Does `ocr-pipeline serve` give memory back? Resident memory of the server (and of its worker
processes) while it answers signed requests with every corpus image under 6 MB, several passes.

Runs twice: with worker processes (the default: each worker returns freed heap after an image and
is replaced once it holds more than half its cap) and `--in-process` (the behaviour before). Prints
resident MB after each pass: the server process alone, and the whole tree (server + workers).
Usage: bench/server_memory.py [--passes 3] [--corpus ../shared/corpus]
"""
import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import tempfile
import threading
import time

from common import add_corpus_argument, corpus_files, BENCH_APPID, BENCH_SECRET_ID, BENCH_SECRET_KEY, build_release, start_server, table

parser = argparse.ArgumentParser()
parser.add_argument("--passes", type=int, default=3)
add_corpus_argument(parser)
args = parser.parse_args()
binaries = build_release("ocr-pipeline")
files = corpus_files(args.corpus)
images = [open(os.path.join(files, n), "rb").read() for n in sorted(os.listdir(files))
          if not n.endswith(".txt") and os.path.getsize(os.path.join(files, n)) < 4_000_000]


def signature():
    now = int(time.time())
    original = f"a={BENCH_APPID}&b=&k={BENCH_SECRET_ID}&e={now + 3600}&t={now}&r={now % 100000}&u=0&f="
    return base64.b64encode(hmac.new(BENCH_SECRET_KEY.encode(), original.encode(), hashlib.sha1).digest() + original.encode()).decode()


def resident_mb(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


def tree(pid):
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        children.append(int(entry))
            except OSError:
                pass
    return [pid] + children


def run(extra):
    work = tempfile.mkdtemp(prefix="ocrp-bench-servermem-")
    server, port = start_server(binaries, work, "--workers", "2", *extra)
    headers = {"Authorization": signature(), "Content-Type": "application/json"}
    rows = []
    time.sleep(0.5)
    rows.append(["start", f"{resident_mb(server.pid):.0f}", f"{sum(resident_mb(p) for p in tree(server.pid)):.0f}"])
    for number in range(1, args.passes + 1):
        queue, lock = list(images), threading.Lock()

        def client():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            while True:
                with lock:
                    if not queue:
                        return
                    image = queue.pop()
                body = json.dumps({"appid": BENCH_APPID, "image": base64.b64encode(image).decode()}).encode()
                connection.request("POST", "/ocr/general", body=body, headers=headers)
                connection.getresponse().read()

        threads = [threading.Thread(target=client) for _ in range(4)]
        for t in threads: t.start()
        for t in threads: t.join()
        rows.append([f"after pass {number} ({len(images)} requests)", f"{resident_mb(server.pid):.0f}",
                     f"{sum(resident_mb(p) for p in tree(server.pid)):.0f}"])
    with open(f"/proc/{server.pid}/status") as f:
        peak = next(line.split()[1] for line in f if line.startswith("VmHWM"))
    rows.append(["server's peak (VmHWM)", f"{int(peak) / 1024:.0f}", ""])
    server.terminate()
    server.wait()
    return rows


for name, extra in [("worker processes", []), ("--in-process", ["--in-process"])]:
    print(name)
    print(table([["", "server MB", "server + workers MB"]] + run(extra)))
    print()
