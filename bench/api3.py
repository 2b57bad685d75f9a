#!/usr/bin/env python3
"""API 3.0 against the legacy API, both ends, side by side at 1, 4 and 16 requests in flight.

- client: the `tencent` and `tencent-v3` engines against `ocr-pipeline serve` with a null
  workload (the server only decodes a 64×64 PNG and answers "no text"): requests per second of
  the engines themselves — signing (HMAC-SHA1 cached vs TC3-HMAC-SHA256 per request, which hashes
  the body), the body, the answer;
- server: signed requests with a small text image (900×160) from Python clients on keep-alive
  connections, to the real pipeline (ppocr): requests per second and p50 latency per protocol.
Ratios are API 3.0 over legacy (1.00 = as fast).
Usage: bench/api3.py [--requests 1000] [--server-requests 60]
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import statistics
import subprocess
import tempfile
import time

from common import BENCH_APPID, BENCH_SECRET_ID, BENCH_SECRET_KEY, build_release, load, start_server, table

parser = argparse.ArgumentParser()
parser.add_argument("--requests", type=int, default=1000)
parser.add_argument("--server-requests", type=int, default=60)
args = parser.parse_args()

binaries = build_release("ocr-pipeline", "ocr-pipeline-dev")
work = tempfile.mkdtemp(prefix="ocrp-bench-api3-")
env = dict(os.environ, TENCENTCLOUD_SECRET_ID=BENCH_SECRET_ID, TENCENTCLOUD_SECRET_KEY=BENCH_SECRET_KEY)


def engine_rps(port, api, concurrency):
    url = f"http://127.0.0.1:{port}" + ("/ocr/general" if api == "legacy" else "")
    out = subprocess.run([os.path.join(binaries, "ocr-pipeline-dev"), "bench-client", "--api", api, "--url", url, "--appid", BENCH_APPID,
                          "--requests", str(args.requests), "--concurrency", str(concurrency)],
                         capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)["rps"]


null = os.path.join(work, "null.json")
json.dump({"version": 1, "stages": [{"type": "decode"}]}, open(null, "w"))
server, port = start_server(binaries, work, "--pipeline", null, "--queue", "256")
client_rows = [["in flight", "legacy req/s (median of 3)", "API 3.0 req/s (median of 3)", "ratio"]]
try:
    engine_rps(port, "legacy", 4), engine_rps(port, "v3", 4)  # warm up
    for concurrency in (1, 4, 16):
        # Interleaved runs, medians: client and server share two cores, so single runs vary by ±15%.
        runs = [(engine_rps(port, "legacy", concurrency), engine_rps(port, "v3", concurrency)) for _ in range(3)]
        legacy, v3 = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        client_rows.append([str(concurrency), f"{legacy:.0f}", f"{v3:.0f}", f"{v3 / legacy:.2f}"])
finally:
    server.terminate()
    server.wait()

subprocess.run([os.path.join(binaries, "ocr-pipeline-dev"), "make-bench-text", work], check=True, stdout=subprocess.DEVNULL)
image = open(os.path.join(work, "small", "receipt-00.jpg"), "rb").read()
encoded = base64.b64encode(image).decode()


def legacy_request():
    now = int(time.time())
    original = f"a={BENCH_APPID}&b=&k={BENCH_SECRET_ID}&e={now + 3600}&t={now}&r={now % 100000}&u=0&f="
    signature = base64.b64encode(hmac.new(BENCH_SECRET_KEY.encode(), original.encode(), hashlib.sha1).digest() + original.encode()).decode()
    body = json.dumps({"appid": BENCH_APPID, "image": encoded}).encode()
    return "/ocr/general", body, {"Authorization": signature, "Content-Type": "application/json"}


def v3_request(port):
    """Signed per request, as Tencent's SDKs do (TC3 covers the body and the time)."""
    body = json.dumps({"ImageBase64": encoded}).encode()
    now = int(time.time())
    date = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime("%Y-%m-%d")
    host = f"127.0.0.1:{port}"
    canonical = f"POST\n/\n\ncontent-type:application/json\nhost:{host}\n\ncontent-type;host\n{hashlib.sha256(body).hexdigest()}"
    to_sign = f"TC3-HMAC-SHA256\n{now}\n{date}/ocr/tc3_request\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    key = hmac.new(("TC3" + BENCH_SECRET_KEY).encode(), date.encode(), hashlib.sha256).digest()
    for part in ("ocr", "tc3_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return "/", body, {"Content-Type": "application/json", "Host": host, "X-TC-Action": "GeneralBasicOCR", "X-TC-Version": "2018-11-19",
                       "X-TC-Timestamp": str(now), "X-TC-Region": "ap-guangzhou",
                       "Authorization": f"TC3-HMAC-SHA256 Credential={BENCH_SECRET_ID}/{date}/ocr/tc3_request, SignedHeaders=content-type;host, Signature={signature}"}


server, port = start_server(binaries, work, "--queue", "64")
server_rows = [["in flight", "legacy req/s (p50 ms)", "API 3.0 req/s (p50 ms)", "ratio"]]
try:
    load(port, legacy_request, 2, 8), load(port, lambda: v3_request(port), 2, 8)  # warm the engines
    for concurrency in (1, 4, 16):
        legacy = load(port, legacy_request, concurrency, args.server_requests)
        v3 = load(port, lambda: v3_request(port), concurrency, args.server_requests)
        server_rows.append([str(concurrency), f"{legacy['rps']:.1f} ({legacy['p50_ms']:.0f})", f"{v3['rps']:.1f} ({v3['p50_ms']:.0f})",
                            f"{v3['rps'] / legacy['rps']:.2f}"])
finally:
    server.terminate()
    server.wait()

print(f"client engines, null workload, {args.requests} requests per cell; {os.cpu_count()} cores (client and server share them)")
print(table(client_rows))
print()
print(f"server, real pipeline (ppocr), 900x160 JPEG of {len(image)} bytes, {args.server_requests} requests per cell")
print(table(server_rows))
