#!/usr/bin/env python3
"""The `tencent` engine against the project's own server with a null workload.

The server runs a pipeline that only decodes (every answer is a quick −9021, no text), the
client sends a 64×64 PNG: what is measured is the client and the protocol. Requests per second
with 1, 4 and 16 requests in flight, and what connection reuse (keep-alive) and the signature
cache save, by turning each off.
Usage: bench/client.py [--requests 400]
"""
import argparse
import json
import os
import subprocess
import tempfile

from common import BENCH_APPID, BENCH_SECRET_ID, BENCH_SECRET_KEY, build_release, start_server, table

parser = argparse.ArgumentParser()
parser.add_argument("--requests", type=int, default=400)
args = parser.parse_args()

binaries = build_release("ocr-pipeline", "ocr-pipeline-dev")
work = tempfile.mkdtemp(prefix="ocrp-bench-client-")
null = os.path.join(work, "null.json")
json.dump({"version": 1, "stages": [{"type": "decode"}]}, open(null, "w"))
server, port = start_server(binaries, work, "--pipeline", null, "--queue", "256")
APPID = BENCH_APPID
env = dict(os.environ, TENCENTCLOUD_SECRET_ID=BENCH_SECRET_ID, TENCENTCLOUD_SECRET_KEY=BENCH_SECRET_KEY)


def rps(concurrency, *flags):
    out = subprocess.run([os.path.join(binaries, "ocr-pipeline-dev"), "bench-client", "--url", f"http://127.0.0.1:{port}/ocr/general",
                          "--appid", APPID, "--requests", str(args.requests), "--concurrency", str(concurrency), *flags],
                         capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


try:
    rps(4)  # warm up
except BaseException:
    server.terminate()
    raise
rows = [["in flight", "req/s", "without keep-alive", "without signature cache", "without both", "signatures made"]]
try:
    for concurrency in (1, 4, 16):
        base = rps(concurrency)
        no_reuse = rps(concurrency, "--no-reuse")
        no_cache = rps(concurrency, "--no-signature-cache")
        neither = rps(concurrency, "--no-reuse", "--no-signature-cache")
        rows.append([str(concurrency), f"{base['rps']:.0f}", f"{no_reuse['rps']:.0f} ({no_reuse['rps'] / base['rps']:.2f}x)",
                     f"{no_cache['rps']:.0f} ({no_cache['rps'] / base['rps']:.2f}x)", f"{neither['rps']:.0f} ({neither['rps'] / base['rps']:.2f}x)",
                     f"{base['signatures']} vs {no_cache['signatures']}"])
finally:
    server.terminate()
    server.wait()
print(f"{args.requests} requests per cell, 64x64 PNG, server pipeline: decode only; {os.cpu_count()} cores (client and server share them)")
print(table(rows))
