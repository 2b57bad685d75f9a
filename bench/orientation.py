#!/usr/bin/env python3
"""Pages turned without EXIF: character error rate with and without the `orient` stage.

Every corpus image with ground truth (animations aside) is saved as PNG without metadata as it
is and turned 90°, 180° and 270° clockwise (`vips rot`), and read by the pipeline (decode, tile,
ppocr, merge, write txt) with and without `orient` after decode. Prints the CER per turn (NFKC,
whitespace and punctuation removed, summed over the images), how often each decision was made,
any upright image that was turned, and the time `orient` took against the engine's.
Usage: bench/orientation.py [--corpus ../shared/corpus]
"""
import argparse
import json
import os
import subprocess
import tempfile

from common import add_corpus_argument, corpus_files, build_release, distance, normalise, table

parser = argparse.ArgumentParser()
add_corpus_argument(parser)
args = parser.parse_args()
files = corpus_files(args.corpus)


names = sorted(n[:-len(".gt.txt")] for n in os.listdir(files) if n.endswith(".gt.txt") and not n.startswith("t1_pytess_test_static"))
work = tempfile.mkdtemp(prefix="ocrp-bench-orientation-")
inputs = os.path.join(work, "in")
os.makedirs(inputs)
for name in names:
    stem = os.path.splitext(name)[0]
    # As a viewer shows it (EXIF orientation applied), then turned.
    upright = os.path.join(work, f"{stem}.v")
    subprocess.run(["vips", "autorot", os.path.join(files, name), upright], check=True, capture_output=True)
    for turn in (0, 90, 180, 270):
        target = os.path.join(inputs, f"{stem}-r{turn}.png[strip]")
        command = ["vips", "copy", upright, target] if turn == 0 else ["vips", "rot", upright, target, f"d{turn}"]
        subprocess.run(command, check=True, capture_output=True)
tool = os.path.join(build_release("ocr-pipeline", "ocr-pipeline-dev"), "ocr-pipeline")
env = dict(os.environ, OMP_THREAD_LIMIT="1")

results = {}
for label, orient in (("with orient", True), ("without", False)):
    stages = [{"type": "decode"}] + ([{"type": "orient"}] if orient else []) + [
        {"type": "tile"}, {"type": "recognize", "params": {"engine": "ppocr"}}, {"type": "merge"}, {"type": "write", "params": {"formats": ["json", "txt"]}}]
    pipeline = os.path.join(work, f"{'orient' if orient else 'plain'}.json")
    with open(pipeline, "w") as f:
        json.dump({"version": 1, "stages": stages}, f)
    output = os.path.join(work, "out-" + ("orient" if orient else "plain"))
    subprocess.run([tool, "run", pipeline, inputs, "-o", output, "-j", "2", "--quiet"], env=env)
    results[label] = output

rows = [["turn", "chars", "CER with orient", "CER without"]]
decisions, turned_upright, orient_seconds, engine_seconds = {}, [], 0.0, 0.0
for turn in (0, 90, 180, 270):
    errors = {label: 0 for label in results}
    chars = 0
    for name in names:
        stem = os.path.splitext(name)[0]
        truth = normalise(open(os.path.join(files, name + ".gt.txt"), encoding="utf-8").read())
        chars += len(truth)
        for label, output in results.items():
            text_path = os.path.join(output, f"{stem}-r{turn}.png.txt")
            text = normalise(open(text_path, encoding="utf-8").read()) if os.path.exists(text_path) else ""
            errors[label] += distance(text, truth)
        record = json.load(open(os.path.join(results["with orient"], f"{stem}-r{turn}.png.json")))
        for stage in record.get("stages", []):
            if stage["stage"] == "orient":
                decision = stage.get("decision")
                decisions[(turn, decision)] = decisions.get((turn, decision), 0) + 1
                orient_seconds += stage.get("seconds", 0)
                if turn == 0 and decision == "turned":
                    turned_upright.append(name)
            if stage["stage"] == "recognize":
                engine_seconds += sum(view.get("seconds", 0) for view in stage.get("views", []))
    rows.append([f"{turn}°", chars, f"{errors['with orient'] / chars:.3f}", f"{errors['without'] / chars:.3f}"])
print(f"{len(names)} corpus images with ground truth, each in four turns, PNG without EXIF (ppocr, -j 2):")
print(table(rows))
print("\ndecisions (turn: decision count): " + ", ".join(f"{t}°: {d} {n}" for (t, d), n in sorted(decisions.items(), key=lambda x: (x[0][0], str(x[0][1])))))
print(f"upright images turned: {len(turned_upright)} {turned_upright}")
print(f"orient took {orient_seconds:.2f} s in all, {100 * orient_seconds / max(engine_seconds, 1e-9):.1f}% of the engine's {engine_seconds:.1f} s")

# A typical page: an A4 page of print at 300 dpi, upright, read alone with 2 threads.
subprocess.run([os.path.join(os.path.dirname(tool), "ocr-pipeline-dev"), "make-bench-text", os.path.join(work, "a4")], check=True, stdout=subprocess.DEVNULL)
page_pipeline = os.path.join(work, "page.json")
with open(page_pipeline, "w") as f:
    json.dump({"version": 1, "stages": [{"type": "decode"}, {"type": "orient"}, {"type": "tile"}, {"type": "recognize", "params": {"engine": "ppocr", "threads": 2}},
                                        {"type": "merge"}]}, f)
page_out = os.path.join(work, "a4-out")
subprocess.run([tool, "run", page_pipeline, os.path.join(work, "a4", "a4-300dpi.png"), "-o", page_out, "-j", "1", "--quiet"], env=env, check=True)
record = json.load(open(os.path.join(page_out, "a4-300dpi.png.json")))
orient = next(s for s in record["stages"] if s["stage"] == "orient")
engine = sum(v.get("seconds", 0) for s in record["stages"] if s["stage"] == "recognize" for v in s["views"])
print(f"an A4 page at 300 dpi: orient {orient['seconds']:.3f} s ({orient['decision']}), recognition {engine:.2f} s: {100 * orient['seconds'] / engine:.1f}%")
