#!/usr/bin/env python3
"""`ocr-pipeline serve` under load, against the same pipeline called in process.

Sends signed JSON requests with a small text image from 1, 4 and 16 concurrent clients
(keep-alive connections, one signature reused until it expires, as a well-behaved client does),
and reports requests per second and p50/p99 latency next to the in-process figures (the
server's overhead as a ratio), plus the server's peak memory (VmHWM) under that load.
Then 16 official SDK clients (tencentcloud-sdk-python from .build-sdk, scripts/install-sdk.sh;
each a thread with its own OcrClient, TC3-signed, GeneralBasicOCR / GeneralAccurateOCR /
GeneralFastOCR in turn) call the server for two minutes: every answer must be a success; prints
p50/p99 latency and the peak memory of the server and its worker processes beside the in-process
engine's throughput at the same concurrency.
Usage: bench/server.py [--requests 80] [--sdk-clients 16] [--sdk-seconds 120]
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

from common import BENCH_APPID, BENCH_SECRET_ID, BENCH_SECRET_KEY, build_release, load, start_server, table

parser = argparse.ArgumentParser()
parser.add_argument("--requests", type=int, default=80)
parser.add_argument("--sdk-clients", type=int, default=16)
parser.add_argument("--sdk-seconds", type=float, default=120)
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


def memory_of_tree(pid):
    """Resident MB of a process and its children (the worker processes)."""
    total = 0
    for process in [pid] + [int(child) for child in open(f"/proc/{pid}/task/{pid}/children").read().split()]:
        try:
            total += int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{process}/status").read()).group(1))
        except (OSError, AttributeError):
            pass
    return total / 1024


def sdk_load(port, clients, seconds):
    """`clients` SDK clients calling for `seconds`; latencies and failures."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build-sdk"))
    from tencentcloud.common import credential
    from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile
    from tencentcloud.ocr.v20181119 import models, ocr_client

    encoded = base64.b64encode(image).decode()
    latencies, failures, lock = [], [], threading.Lock()
    stop = time.monotonic() + seconds

    def client(index):
        profile = ClientProfile(httpProfile=HttpProfile(endpoint=f"127.0.0.1:{port}", protocol="http", reqTimeout=120))
        sdk = ocr_client.OcrClient(credential.Credential(SECRET_ID, SECRET_KEY), "ap-guangzhou", profile)
        actions = ["GeneralBasicOCR", "GeneralAccurateOCR", "GeneralFastOCR"]
        number = index
        while time.monotonic() < stop:
            action = actions[number % len(actions)]
            number += 1
            request = getattr(models, action + "Request")()
            request.ImageBase64 = encoded
            started = time.monotonic()
            try:
                answer = getattr(sdk, action)(request)
                ok = bool(answer.TextDetections)
                problem = None if ok else "no text"
            except TencentCloudSDKException as error:
                problem = f"{error.get_code()}: {error.get_message()}"
            with lock:
                if problem:
                    failures.append(problem)
                else:
                    latencies.append((time.monotonic() - started) * 1000)

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")
    return {"answers": len(latencies), "failures": failures, "rps": len(latencies) / seconds, "p50_ms": pick(0.5), "p99_ms": pick(0.99)}


rows = [["concurrency", "server req/s", "in-process req/s", "ratio", "server p50 / p99 ms", "in-process p50 / p99 ms"]]
local_at = {}
try:
  load(port, request, 2, 8)  # warm the engines
  for concurrency in sorted({1, 4, 16, args.sdk_clients}):
    served = load(port, request, concurrency, args.requests)
    local = json.loads(subprocess.run([os.path.join(binaries, "ocr-pipeline-dev"), "bench-inprocess", image_path, "--requests", str(args.requests),
                                       "--concurrency", str(concurrency)], capture_output=True, text=True, check=True).stdout)
    local_at[concurrency] = local
    rows.append([str(concurrency), f"{served['rps']:.1f}", f"{local['rps']:.1f}", f"{served['rps'] / local['rps']:.2f}",
                 f"{served['p50_ms']:.0f} / {served['p99_ms']:.0f}", f"{local['p50_ms']:.0f} / {local['p99_ms']:.0f}"])
  status = open(f"/proc/{server.pid}/status").read()
  peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
  peak_tree, sampling = [0.0], [True]

  def sample():
      while sampling[0]:
          peak_tree[0] = max(peak_tree[0], memory_of_tree(server.pid))
          time.sleep(0.25)

  sampler = threading.Thread(target=sample)
  sampler.start()
  sdk = sdk_load(port, args.sdk_clients, args.sdk_seconds)
  sampling[0] = False
  sampler.join()
finally:
  server.terminate()
  server.wait()
print(f"image: {image_path} ({len(image)} bytes, 900x160, two text lines); {args.requests} requests per row; {os.cpu_count()} cores")
print(table(rows))
print(f"server peak memory under this load (VmHWM): {peak:.0f} MB")
local = local_at[args.sdk_clients]
print(f"\n{args.sdk_clients} official SDK clients (TC3, GeneralBasicOCR/GeneralAccurateOCR/GeneralFastOCR in turn) for {args.sdk_seconds:.0f} s:")
print(table([["answers", "failed", "req/s", "p50 / p99 ms", f"in-process req/s at {args.sdk_clients}", "ratio", "peak memory, server + workers"],
             [str(sdk["answers"]), str(len(sdk["failures"])), f"{sdk['rps']:.1f}", f"{sdk['p50_ms']:.0f} / {sdk['p99_ms']:.0f}",
              f"{local['rps']:.1f}", f"{sdk['rps'] / local['rps']:.2f}", f"{peak_tree[0]:.0f} MB"]]))
if sdk["failures"]:
    print("failures:", sorted(set(sdk["failures"]))[:5])
    sys.exit(1)
