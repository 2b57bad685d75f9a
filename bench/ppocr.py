#!/usr/bin/env python3
"""The ppocr engine against RapidOCR 3.10 (Python, the same ONNX models and ONNX Runtime) on the
corpus images with ground truth, side by side in one run.

- per image, once loaded: the engine's own seconds for the image (the `recognize` record, summed
  over tiles) against `RapidOCR()(path)`'s wall time, both with 2 intra-op threads, and the lines
  each found (RapidOCR finds no box in some images, and cannot open a GIF: -1), with the median
  ratio over all images and over those both read lines of;
- the whole batch as one process each, start-up included: `ocr-pipeline run -j 1` with 2 threads
  and `-j 2` worker processes with 1 thread each, against one Python process reading every image;
- peak resident memory of one process (the in-process run), and of the largest worker process
  (the -j 2 run: the kernel reports the largest of the supervisor and its reaped workers);
- where the time goes: the share of the engine's seconds spent inside ONNX Runtime's `Run`
  (the per-model `inference` times the engine records), the rest being our pre- and post-processing;
- one large image (samples/long-screenshot.png, 1080×13,500, tiled) with default threads:
  CPU time over wall time, to show both cores are busy.
RapidOCR runs from the interpreter running this script: `python3 -m venv V && V/bin/pip install
rapidocr==3.10.0 onnxruntime==1.32.0 && V/bin/python bench/ppocr.py`.
Usage: bench/ppocr.py [--corpus ../shared/corpus]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from common import add_corpus_argument, corpus_files, ROOT, build_release, measure, median, table, ground_truth_inputs

parser = argparse.ArgumentParser()
add_corpus_argument(parser)
args = parser.parse_args()
try:
    import rapidocr  # noqa: F401
except ImportError:
    sys.exit("rapidocr is not importable from this interpreter: see the usage above")

files = corpus_files(args.corpus)
names, work, inputs = ground_truth_inputs(files, "ocrp-bench-ppocr-")
tool = os.path.join(build_release("ocr-pipeline"), "ocr-pipeline")


def pipeline(threads):
    path = os.path.join(work, f"ppocr-{threads}.json")
    with open(path, "w") as f:
        json.dump({"version": 1, "stages": [{"type": "decode"}, {"type": "reject-gif"}, {"type": "tile"},
                                            {"type": "recognize", "params": {"engine": "ppocr", "threads": threads}},
                                            {"type": "merge"}, {"type": "write", "params": {"formats": ["txt"]}}]}, f)
    return path


def ours(threads, workers, extra=(), folder=inputs, names=names):
    out = tempfile.mkdtemp(dir=work)
    seconds, peak, _ = measure([tool, "run", pipeline(threads), folder, "-o", out, "-j", str(workers), "--quiet", "--force", *extra])
    per_image, inference, lines = {}, {}, {}
    for name in names:
        with open(os.path.join(out, name + ".json")) as f:
            result = json.load(f)
        views = next((s.get("views", []) for s in result["stages"] if s["stage"] == "recognize"), [])
        per_image[name] = sum(v.get("seconds", 0) for v in views)
        inference[name] = sum(m["seconds"] for v in views for m in v.get("inference", {}).values())
        lines[name] = len(result.get("data", {}).get("items", []))
    return seconds, peak, per_image, inference, lines


rapid_script = f"""
import sys, time, json, resource
start = time.perf_counter()
from rapidocr import RapidOCR
reader = RapidOCR(params={{"EngineConfig.onnxruntime.intra_op_num_threads": int(sys.argv[1])}})
times, lines = {{}}, {{}}
for path in sys.argv[2:]:
    t = time.perf_counter()
    try:
        found = reader(path)
        lines[path] = 0 if found.txts is None else len(found.txts)
    except Exception:
        lines[path] = -1
    times[path] = time.perf_counter() - t
print(json.dumps({{"times": times, "lines": lines, "total": time.perf_counter() - start}}))
"""
paths = [os.path.join(files, n) for n in names]
rapid_seconds, rapid_peak, rapid_out = measure([sys.executable, "-c", rapid_script, "2", *paths])
rapid = json.loads(rapid_out)["times"]
rapid_lines = json.loads(rapid_out)["lines"]

one_seconds, one_peak, one_images, one_inference, one_lines = ours(2, 1, ["--in-process"])
two_seconds, worker_peak, _, _, _ = ours(1, 2)
rapid2_seconds, _, _ = measure([sys.executable, "-c", rapid_script, "1", *paths])

# Lines found by each, so that a ratio over an image one of them reads nothing of (RapidOCR
# finds no box, or cannot open the file: -1) is seen for what it is.
rows = [["image", "ppocr s", "RapidOCR s", "ratio", "lines ppocr / RapidOCR"]]
for name, path in zip(names, paths):
    a, b = one_images[name], rapid[path]
    rows.append([name, f"{a:.3f}", f"{b:.3f}", f"{a / b:.2f}" if b > 0 else "-", f"{one_lines[name]} / {rapid_lines[path]}"])
total_a, total_b = sum(one_images.values()), sum(rapid.values())
rows.append(["SUM (once loaded)", f"{total_a:.2f}", f"{total_b:.2f}", f"{total_a / total_b:.2f}", ""])
ratios = sorted(one_images[n] / rapid[p] for n, p in zip(names, paths) if rapid[p] > 0)
rows.append(["median per-image ratio", "", "", f"{ratios[len(ratios) // 2]:.2f}", ""])
both = sorted(one_images[n] / rapid[p] for n, p in zip(names, paths) if rapid[p] > 0 and rapid_lines[p] > 0)
rows.append(["median where both read lines", "", "", f"{both[len(both) // 2]:.2f}", ""])
print(table(rows))
print()
inside = sum(one_inference.values())
print(f"where the time goes: {inside:.2f} s of {total_a:.2f} s ({inside / total_a:.0%}) inside ONNX Runtime's Run; "
      f"the rest ({total_a - inside:.2f} s) is our own pre- and post-processing")
print()
print(table([
    ["whole batch, start-up included", "ocr-pipeline", "RapidOCR", "throughput ratio ours/theirs"],
    ["1 process, 2 threads", f"{one_seconds:.2f} s", f"{rapid_seconds:.2f} s", f"{rapid_seconds / one_seconds:.2f}"],
    ["ours -j 2 (the default: a worker process per core, 1 thread each) vs RapidOCR 2 threads", f"{two_seconds:.2f} s", f"{rapid_seconds:.2f} s",
     f"{rapid_seconds / two_seconds:.2f}"],
    ["ours -j 2 vs RapidOCR 1 thread", f"{two_seconds:.2f} s", f"{rapid2_seconds:.2f} s", f"{rapid2_seconds / two_seconds:.2f}"],
    ["peak memory of the process", f"{one_peak:.0f} MB", f"{rapid_peak:.0f} MB", f"{one_peak / rapid_peak:.2f}"],
    ["peak memory of the largest worker (-j 2)", f"{worker_peak:.0f} MB", "", ""],
]))

# One large image, default threads: are both cores busy?
large = os.path.join(work, "large")
os.makedirs(large)
os.symlink(os.path.join(ROOT, "samples", "long-screenshot.png"), os.path.join(large, "long-screenshot.png"))
started = os.times()
large_seconds, _, _, _, _ = ours(0, 1, ["--in-process"], folder=large, names=["long-screenshot.png"])
ended = os.times()
cpu = (ended.children_user - started.children_user) + (ended.children_system - started.children_system)
print()
print(f"one large image (samples/long-screenshot.png, 1080×13,500): wall {large_seconds:.2f} s, CPU {cpu:.2f} s, "
      f"CPU / wall {cpu / large_seconds:.2f} (ONNX Runtime's idle threads spin briefly, which counts as CPU)")
