#!/usr/bin/env python3
"""fit against vipsthumbnail on the same 48-megapixel camera-like JPEG, side by side.

Both produce the same pixel size and JPEG quality (metadata stripped, standard Huffman tables).
Prints wall time and peak memory (max RSS of the whole process) with ratios, plus each
program's idle footprint (its start-up RSS doing nothing) so the work itself can be compared.
A whole `ocr-pipeline run` of the photo (worker process start, pipeline load, result and payload
written) is timed beside them.
Usage: bench/fit.py [--runs 7] [--size 4096]
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

from common import build_release, measure, median, table

parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=7)
parser.add_argument("--size", type=int, default=4096, help="fit's max_side (long side cap)")
args = parser.parse_args()

vipsthumbnail = shutil.which("vipsthumbnail")
if not vipsthumbnail:
    sys.exit("vipsthumbnail not found: run scripts/install-deps.sh --dev")
binaries = build_release("ocr-pipeline-dev", "ocr-pipeline")
tool = os.path.join(binaries, "ocr-pipeline-dev")
runner = os.path.join(binaries, "ocr-pipeline")
work = os.path.join(tempfile.gettempdir(), "ocrp-bench-fit")
os.makedirs(work, exist_ok=True)
photo = os.path.join(work, "camera-48mp.jpg")
if not os.path.exists(photo):
    measure([tool, "make-bench-photo", photo])

ours_cmd = [tool, "fit-once", photo, "--max-side", str(args.size), "--output", os.path.join(work, "ours.jpg")]
record = json.loads(measure(ours_cmd)[2])
width, height, quality = record["width"], record["height"], record["quality"]
theirs_cmd = [vipsthumbnail, photo, "--size", f"{width}x{height}", "-o", os.path.join(work, f"theirs.jpg[Q={quality},strip]")]

# The same fit as a user runs it: `ocr-pipeline run` on a folder holding the photo (worker
# process, pipeline load, result and payload written), every run from scratch.
folder = os.path.join(work, "in")
os.makedirs(folder, exist_ok=True)
if not os.path.exists(os.path.join(folder, "camera-48mp.jpg")):
    os.symlink(photo, os.path.join(folder, "camera-48mp.jpg"))
pipeline = os.path.join(work, "fit.json")
with open(pipeline, "w") as f:
    json.dump({"version": 1, "stages": [{"type": "decode"}, {"type": "fit", "params": {"max_side": args.size}},
                                        {"type": "write", "params": {"formats": ["payload"]}}]}, f)
run_cmd = [runner, "run", pipeline, folder, "-o", os.path.join(work, "run-out"), "--force", "--quiet"]

ours, theirs, runs = [], [], []
for _ in range(args.runs):
    ours.append(measure(ours_cmd))
    theirs.append(measure(theirs_cmd))
    runs.append(measure(run_cmd))
with open(os.path.join(work, "run-out", "camera-48mp.jpg.json")) as f:
    fitted = next(s for s in json.load(f)["stages"] if s["stage"] == "fit")["views"][0]
assert (fitted["width"], fitted["height"]) == (width, height), f"the run fitted {fitted['width']}x{fitted['height']}"
idle_ours = measure([tool, "vips-idle"])[1]
idle_theirs = measure([vipsthumbnail, "--help"])[1]

t_ours, t_theirs = median([r[0] for r in ours]), median([r[0] for r in theirs])
t_run = median([r[0] for r in runs])
m_ours, m_theirs = median([r[1] for r in ours]), median([r[1] for r in theirs])
print(f"input: 8000x6000 JPEG Q92, {os.path.getsize(photo)} bytes; fit (max_side {args.size}) chose "
      f"{width}x{height} Q{quality}, shrink-on-load {record.get('shrink_on_load', 1)}, {record['encodes']} encode(s)")
print(table([
    ["", "ocr-pipeline fit", "vipsthumbnail", "ratio ours/theirs"],
    ["output", f"{width}x{height} Q{quality}", f"{width}x{height} Q{quality}", ""],
    [f"wall time (median of {args.runs})", f"{t_ours:.3f} s", f"{t_theirs:.3f} s", f"{t_ours / t_theirs:.2f}"],
    ["wall time of a whole `ocr-pipeline run` (worker process, files written)", f"{t_run:.3f} s", f"{t_theirs:.3f} s", f"{t_run / t_theirs:.2f}"],
    ["peak memory (max RSS)", f"{m_ours:.0f} MB", f"{m_theirs:.0f} MB", f"{m_ours / m_theirs:.2f}"],
    ["idle process (start-up RSS)", f"{idle_ours:.0f} MB", f"{idle_theirs:.0f} MB", ""],
    ["peak above idle", f"{m_ours - idle_ours:.0f} MB", f"{m_theirs - idle_theirs:.0f} MB",
     f"{(m_ours - idle_ours) / (m_theirs - idle_theirs):.2f}"],
]))
