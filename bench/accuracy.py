#!/usr/bin/env python3
"""Character error rate of the pipeline against the plain `tesseract` command, per corpus image.

Runs samples/pipeline.json (the main job) over every image of ../shared/corpus that has ground
truth (files/*.gt.txt), and `tesseract FILE stdout -l chi_sim+eng` on the same files. Both texts
and the truth are normalised before comparing: Unicode NFKC (full-width forms become half-width),
then all whitespace removed (Chinese is written without spaces; line breaks differ). CER is the
edit distance divided by the truth's length; the total is summed over all images.
Usage: bench/accuracy.py [--corpus ../shared/corpus] [--pipeline samples/pipeline.json]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata

from common import ROOT, build_release, table

parser = argparse.ArgumentParser()
parser.add_argument("--corpus", default=os.environ.get("OCR_PIPELINE_CORPUS", os.path.join(ROOT, "..", "shared", "corpus")))
parser.add_argument("--pipeline", default=os.path.join(ROOT, "samples", "pipeline.json"))
parser.add_argument("--languages", default="chi_sim+eng")
args = parser.parse_args()

files = os.path.join(args.corpus, "files")
if not os.path.isdir(files):
    sys.exit(f"no corpus at {args.corpus} (pass --corpus)")
if not shutil.which("tesseract"):
    sys.exit("the tesseract command is missing: run scripts/install-deps.sh")


def normalise(text):
    return "".join(unicodedata.normalize("NFKC", text).split())


def distance(a, b):
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


names = sorted(name[:-len(".gt.txt")] for name in os.listdir(files) if name.endswith(".gt.txt"))
work = tempfile.mkdtemp(prefix="ocrp-accuracy-")
inputs = os.path.join(work, "in")
os.makedirs(inputs)
for name in names:
    os.symlink(os.path.join(files, name), os.path.join(inputs, name))
tool = os.path.join(build_release("ocr-pipeline"), "ocr-pipeline")
env = dict(os.environ, OMP_THREAD_LIMIT="1")
subprocess.run([tool, "run", args.pipeline, inputs, "-o", os.path.join(work, "out"), "--quiet", "--force"], env=env)

rows = [["image", "chars", "pipeline CER", "tesseract CER", "pipeline status"]]
totals = {"truth": 0, "ours": 0, "theirs": 0}
for name in names:
    with open(os.path.join(files, name + ".gt.txt"), encoding="utf-8") as f:
        truth = normalise(f.read())
    with open(os.path.join(work, "out", name + ".json"), encoding="utf-8") as f:
        result = json.load(f)
    ours_text = ""
    status = result["status"] if result["status"] == "ok" else result["error"]["code"]
    if os.path.exists(os.path.join(work, "out", name + ".txt")):
        with open(os.path.join(work, "out", name + ".txt"), encoding="utf-8") as f:
            ours_text = f.read()
    plain = subprocess.run(["tesseract", os.path.join(files, name), "stdout", "-l", args.languages],
                           capture_output=True, text=True, env=env)
    theirs_text = plain.stdout if plain.returncode == 0 else ""
    d_ours, d_theirs = distance(normalise(ours_text), truth), distance(normalise(theirs_text), truth)
    totals["truth"] += len(truth)
    totals["ours"] += d_ours
    totals["theirs"] += d_theirs
    rows.append([name, str(len(truth)), f"{d_ours / max(1, len(truth)):.3f}",
                 f"{d_theirs / max(1, len(truth)):.3f}" + ("" if plain.returncode == 0 else " (unreadable)"), status])
rows.append(["TOTAL", str(totals["truth"]), f"{totals['ours'] / totals['truth']:.3f}", f"{totals['theirs'] / totals['truth']:.3f}", ""])
print(table(rows))
shutil.rmtree(work)
