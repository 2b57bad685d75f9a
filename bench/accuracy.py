#!/usr/bin/env python3
"""Character error rate per corpus image with ground truth: the engines side by side.

Runs the pipeline (decode, reject-gif, tile, recognize, merge, write txt) once with the `ppocr`
engine and once with `tesseract` (chi_sim+eng) over every image of ../shared/corpus that has
ground truth (files/*.gt.txt), and RapidOCR's own Python pipeline on the same files when the
`rapidocr` package can be imported (`pip install rapidocr==3.10.0 onnxruntime==1.32.0`). Texts
and truth are compared in reading order after Unicode NFKC with whitespace and punctuation
removed; CER is the edit distance over the truth's length, the total is summed over all images.
Usage: bench/accuracy.py [--corpus ../shared/corpus]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

from common import add_corpus_argument, corpus_files, build_release, distance, normalise, table, ground_truth_inputs

parser = argparse.ArgumentParser()
add_corpus_argument(parser)
args = parser.parse_args()

files = corpus_files(args.corpus)


names, work, inputs = ground_truth_inputs(files, "ocrp-accuracy-")
tool = os.path.join(build_release("ocr-pipeline"), "ocr-pipeline")
env = dict(os.environ, OMP_THREAD_LIMIT="1")

engines = {"ppocr": {"engine": "ppocr"}, "tesseract": {"engine": "tesseract", "languages": ["chi_sim", "eng"]}}
texts = {}
for engine, params in engines.items():
    pipeline = os.path.join(work, f"{engine}.json")
    with open(pipeline, "w") as f:
        json.dump({"version": 1, "stages": [{"type": "decode"}, {"type": "reject-gif"}, {"type": "tile"},
                                            {"type": "recognize", "params": params}, {"type": "merge"},
                                            {"type": "write", "params": {"formats": ["txt"]}}]}, f)
    out = os.path.join(work, engine)
    subprocess.run([tool, "run", pipeline, inputs, "-o", out, "--quiet", "--force"], env=env)
    texts[engine] = {}
    for name in names:
        path = os.path.join(out, name + ".txt")
        texts[engine][name] = open(path, encoding="utf-8").read() if os.path.exists(path) else None

try:
    from rapidocr import RapidOCR
    reader = RapidOCR()
    texts["rapidocr"] = {}
    for name in names:
        try:
            result = reader(os.path.join(files, name))
            texts["rapidocr"][name] = "\n".join(result.txts or []) if result is not None else ""
        except Exception:
            texts["rapidocr"][name] = None
except ImportError:
    print("(rapidocr is not installed: its column is left out)", file=sys.stderr)

columns = list(texts)
rows = [["image", "chars"] + [f"{c} CER" for c in columns]]
totals = {c: 0 for c in columns}
total_truth = 0
for name in names:
    with open(os.path.join(files, name + ".gt.txt"), encoding="utf-8") as f:
        truth = normalise(f.read())
    total_truth += len(truth)
    row = [name, str(len(truth))]
    for c in columns:
        text = texts[c][name]
        d = distance(normalise(text or ""), truth)
        totals[c] += d
        row.append(f"{d / max(1, len(truth)):.3f}" + ("" if text is not None else " (failed)"))
    rows.append(row)
rows.append(["TOTAL", str(total_truth)] + [f"{totals[c] / max(1, total_truth):.3f}" for c in columns])
print(table(rows))
shutil.rmtree(work)
