#!/usr/bin/env python3
"""ppocr's settings against each other: engine time and character error rate on the corpus.

Each variant is a set of `recognize` parameters for the ppocr engine (2 threads); every variant
reads the corpus images with ground truth in one process (`run -j 1 --in-process`). Prints, per
variant, the engine's seconds summed over the images (the `recognize` records) and the total CER,
then which images read better or worse than the first variant. How the detection settings'
defaults were chosen: time alone is never the criterion, the corpus must not read worse.
Usage: bench/ppocr_settings.py [--corpus ../shared/corpus] [VARIANTS_JSON]
  e.g. '{"default": {}, "upscale 0.5": {"det_upscale_megapixels": 0.5}, "side 640": {"det_side": 640}}'
"""
import argparse
import json
import os
import subprocess

from common import add_corpus_argument, corpus_files, build_release, distance, normalise, table, ground_truth_inputs

parser = argparse.ArgumentParser()
add_corpus_argument(parser)
parser.add_argument("variants", nargs="?", default='{"default": {}, "upscale 1 MP": {"det_upscale_megapixels": 1.0}, "side 640": {"det_side": 640}}')
args = parser.parse_args()
files = corpus_files(args.corpus)

names, work, inputs = ground_truth_inputs(files, "ocrp-bench-ppocr-settings-")
tool = os.path.join(build_release("ocr-pipeline"), "ocr-pipeline")
truths = {n: normalise(open(os.path.join(files, n + ".gt.txt"), encoding="utf-8").read()) for n in names}

rows, errors = [["variant", "engine seconds", "CER"]], {}
for label, params in json.loads(args.variants).items():
    pipeline = os.path.join(work, f"{len(errors)}.json")
    with open(pipeline, "w") as f:
        json.dump({"version": 1, "stages": [{"type": "decode"}, {"type": "reject-gif"}, {"type": "tile"},
                                            {"type": "recognize", "params": {"engine": "ppocr", "threads": 2, **params}},
                                            {"type": "merge"}, {"type": "write", "params": {"formats": ["txt"]}}]}, f)
    out = os.path.join(work, f"out-{len(errors)}")
    subprocess.run([tool, "run", pipeline, inputs, "-o", out, "-j", "1", "--in-process", "--quiet"], check=False)
    seconds, per_image = 0.0, {}
    for name in names:
        with open(os.path.join(out, name + ".json")) as f:
            result = json.load(f)
        seconds += sum(v.get("seconds", 0) for s in result["stages"] if s["stage"] == "recognize" for v in s.get("views", []))
        text_path = os.path.join(out, name + ".txt")
        text = open(text_path, encoding="utf-8").read() if os.path.exists(text_path) else ""
        per_image[name] = distance(normalise(text), truths[name])
    errors[label] = per_image
    rows.append([label, f"{seconds:.2f}", f"{sum(per_image.values()) / sum(len(t) for t in truths.values()):.4f}"])
print(table(rows))
first = next(iter(errors))
for label, per_image in list(errors.items())[1:]:
    worse = [f"{n} ({errors[first][n]} → {per_image[n]})" for n in names if per_image[n] > errors[first][n]]
    better = [f"{n} ({errors[first][n]} → {per_image[n]})" for n in names if per_image[n] < errors[first][n]]
    print(f"\n{label} against {first}: worse {', '.join(worse) or 'none'}; better {', '.join(better) or 'none'} (edit distances)")
