#!/usr/bin/env python3
"""The embedded Tesseract engine against the plain `tesseract` command on the same inputs.

Two workloads: one A4 page at 300 dpi, and a batch of 20 small images. ocr-pipeline runs
decode → recognize → merge → write txt with chi_sim+eng; `tesseract` runs with the same languages,
one process per image (as scripts call it). Both with OMP_THREAD_LIMIT=1 for `tesseract` (4–5x
faster on two cores than its default) and with the same parallelism: 1 worker, then one per core.
Usage: bench/tesseract.py [--runs 3]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from common import build_release, measure, median, table

parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=3)
args = parser.parse_args()

if not shutil.which("tesseract"):
    sys.exit("the tesseract command is missing: run scripts/install-deps.sh")
binaries = build_release("ocr-pipeline", "ocr-pipeline-dev")
tool = os.path.join(binaries, "ocr-pipeline")
work = os.path.join(tempfile.gettempdir(), "ocrp-bench-tesseract")
if not os.path.exists(os.path.join(work, "a4-300dpi.png")):
    measure([os.path.join(binaries, "ocr-pipeline-dev"), "make-bench-text", work])
os.makedirs(os.path.join(work, "a4"), exist_ok=True)
shutil.copy(os.path.join(work, "a4-300dpi.png"), os.path.join(work, "a4", "a4-300dpi.png"))
pipeline = os.path.join(work, "pipeline.json")
with open(pipeline, "w") as f:
    json.dump({"version": 1, "stages": [
        {"type": "decode"}, {"type": "recognize", "params": {"languages": "chi_sim+eng"}},
        {"type": "merge"}, {"type": "write", "params": {"formats": ["txt"]}}]}, f)

cores = os.cpu_count() or 1
env = dict(os.environ, OMP_THREAD_LIMIT="1")


def ours(folder, workers):
    out = tempfile.mkdtemp(prefix="ocrp-out-")
    try:
        return measure([tool, "run", pipeline, folder, "-o", out, "-j", str(workers), "--quiet", "--force"], env=env)[0]
    finally:
        shutil.rmtree(out)


def theirs(files, workers):
    """One `tesseract` process per image, `workers` at a time (as xargs -P would)."""
    start = time.perf_counter()
    running = []
    for path in files:
        while len(running) >= workers:
            running.pop(0).wait()
        running.append(subprocess.Popen(["tesseract", path, "stdout", "-l", "chi_sim+eng"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
    for child in running:
        child.wait()
    return time.perf_counter() - start


small = sorted(os.path.join(work, "small", name) for name in os.listdir(os.path.join(work, "small")))
rows = [["workload", "workers", "ocr-pipeline", "tesseract command", "ratio ours/theirs"]]
for name, folder, files in [("A4 page, 300 dpi", os.path.join(work, "a4"), [os.path.join(work, "a4", "a4-300dpi.png")]),
                            ("20 small images", os.path.join(work, "small"), small)]:
    for workers in sorted({1, cores}):
        if len(files) == 1 and workers > 1:
            continue
        a = median([ours(folder, workers) for _ in range(args.runs)])
        b = median([theirs(files, workers) for _ in range(args.runs)])
        rows.append([name, str(workers), f"{a:.2f} s", f"{b:.2f} s", f"{a / b:.2f}"])
print(table(rows))
