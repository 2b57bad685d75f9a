#!/usr/bin/env python3
"""What worker processes cost against processing in the runner's own process.

`ocr-pipeline run` (worker processes, the default) against `ocr-pipeline run --in-process` on
the same batches, one worker and one per core: 20 small text images recognised with Tesseract,
and the same images through a preprocessing-only pipeline (decode → fit → payload), where the
per-image overhead of a process boundary weighs most.
Usage: bench/isolation.py [--runs 5]
"""
import argparse
import json
import os
import shutil
import tempfile

from common import build_release, measure, median, table

parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=5)
args = parser.parse_args()

binaries = build_release("ocr-pipeline", "ocr-pipeline-dev")
tool = os.path.join(binaries, "ocr-pipeline")
work = os.path.join(tempfile.gettempdir(), "ocrp-bench-tesseract")
if not os.path.isdir(os.path.join(work, "small")):
    measure([os.path.join(binaries, "ocr-pipeline-dev"), "make-bench-text", work])
small = os.path.join(work, "small")

pipelines = {
    "recognise (tesseract eng)": [{"type": "decode"}, {"type": "recognize", "params": {"engine": "tesseract", "languages": "eng"}},
                                  {"type": "merge"}, {"type": "write", "params": {"formats": ["txt"]}}],
    "preprocess (decode, fit)": [{"type": "decode"}, {"type": "fit"}, {"type": "write", "params": {"formats": ["json", "payload"]}}],
}
cores = os.cpu_count() or 1
env = dict(os.environ, OMP_THREAD_LIMIT="1")


def run(pipeline, workers, extra):
    out = tempfile.mkdtemp(prefix="ocrp-out-")
    try:
        seconds, _, _ = measure([tool, "run", pipeline, small, "-o", out, "-j", str(workers), "--quiet", "--force", *extra], env=env)
        return seconds
    finally:
        shutil.rmtree(out)


rows = [["workload (20 images)", "workers", "worker processes", "in process", "ratio isolated/in-process"]]
for name, stages in pipelines.items():
    path = os.path.join(work, "isolation-" + name.split()[0] + ".json")
    with open(path, "w") as f:
        json.dump({"version": 1, "stages": stages}, f)
    for workers in sorted({1, cores}):
        isolated, in_process = [], []
        for _ in range(args.runs):  # interleaved, so drift in the machine's speed hits both alike
            isolated.append(run(path, workers, []))
            in_process.append(run(path, workers, ["--in-process"]))
        a, b = median(isolated), median(in_process)
        rows.append([name, str(workers), f"{a:.2f} s", f"{b:.2f} s", f"{a / b:.3f}"])
print(table(rows))
