#!/usr/bin/env python3
"""`ocr-pipeline serve` under load, against the same pipeline called in process.

Sends signed JSON requests with a small text image from 1, 4 and 16 concurrent clients
(keep-alive connections, one signature reused until it expires, as a well-behaved client does),
and reports requests per second and p50/p99 latency next to the in-process figures (the
server's overhead as a ratio), plus the server's peak memory (VmHWM) under that load.
Usage: bench/server.py [--requests 80]
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import tempfile
import time

from common import BENCH_APPID, BENCH_SECRET_ID, BENCH_SECRET_KEY, build_release, load, start_server, table

parser = argparse.ArgumentParser()
parser.add_argument("--requests", type=int, default=80)
args = parser.parse_args()

APPID, SECRET_ID, SECRET_KEY = BENCH_APPID, BENCH_SECRET_ID, BENCH_SECRET_KEY
binaries = build_release("ocr-pipeline", "ocr-pipeline-dev")
work = tempfile.mkdtemp(prefix="ocrp-bench-server-")
subprocess.run([os.path.join(binaries, "ocr-pipeline-dev"), "make-bench-text", work], check=True)
image_path = os.path.join(work, "small", "receipt-00.jpg")
image = open(image_path, "rb").read()


def signature():
    now = int(time.time())
    original = f"a={APPID}&b=&k={SECRET_ID}&e={now + 3600}&t={now}&r={now % 100000}&u=0&f="
    return base64.b64encode(hmac.new(SECRET_KEY.encode(), original.encode(), hashlib.sha1).digest() + original.encode()).decode()


server, port = start_server(binaries, work, "--queue", "64")
body = json.dumps({"appid": APPID, "image": base64.b64encode(image).decode()}).encode()
headers = {"Authorization": signature(), "Content-Type": "application/json"}


def request():
    return "/ocr/general", body, headers


rows = [["concurrency", "server req/s", "in-process req/s", "ratio", "server p50 / p99 ms", "in-process p50 / p99 ms"]]
try:
  load(port, request, 2, 8)  # warm the engines
  for concurrency in (1, 4, 16):
    served = load(port, request, concurrency, args.requests)
    local = json.loads(subprocess.run([os.path.join(binaries, "ocr-pipeline-dev"), "bench-inprocess", image_path, "--requests", str(args.requests),
                                       "--concurrency", str(concurrency)], capture_output=True, text=True, check=True).stdout)
    rows.append([str(concurrency), f"{served['rps']:.1f}", f"{local['rps']:.1f}", f"{served['rps'] / local['rps']:.2f}",
                 f"{served['p50_ms']:.0f} / {served['p99_ms']:.0f}", f"{local['p50_ms']:.0f} / {local['p99_ms']:.0f}"])
  status = open(f"/proc/{server.pid}/status").read()
  peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
finally:
  server.terminate()
  server.wait()
print(f"image: {image_path} ({len(image)} bytes, 900x160, two text lines); {args.requests} requests per row; {os.cpu_count()} cores")
print(table(rows))
print(f"server peak memory under this load (VmHWM): {peak:.0f} MB")
