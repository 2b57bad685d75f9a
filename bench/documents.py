#!/usr/bin/env python3
"""Documents: ocr-pipeline against OCRmyPDF on the same scanned PDFs, in one run.

- scanned PDFs (img2pdf embeds each image as it is): ten A4 pages of Chinese and English print at
  300 dpi (ocr-pipeline-dev make-bench-text), and the corpus' page-like images with ground truth
  as an English and a Chinese document;
- the whole job, searchable PDF out: `ocr-pipeline run -j 2` (ppocr, write json, txt and pdf)
  against `ocrmypdf -l chi_sim+eng -j 2 --output-type pdf` (PyPI OCRmyPDF, Tesseract): wall time,
  and the character error rate of each output PDF's text as `pdftotext` extracts it, in its own
  reading order (the default) and in the PDF's content order (`-raw`) (NFKC, whitespace and
  punctuation removed, pages in order, against the pages' ground truth);
- rendering alone: a pipeline of `decode` only (it renders every page into memory) with `-j 1`
  against poppler's `pdftoppm` at the same resolution, the median of three runs each;
- memory: the peak resident memory of the largest process (the supervisor or a worker) over a
  20-page and a 200-page PDF of the same pages.
OCRmyPDF runs from this interpreter's environment: `python3 -m venv V && V/bin/pip install
ocrmypdf && V/bin/python bench/documents.py` (its own rasteriser, pypdfium, needs no Ghostscript).
Usage: bench/documents.py [--corpus ../shared/corpus] [--skip-memory]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from common import add_corpus_argument, corpus_files, build_release, distance, normalise, measure, median, table

parser = argparse.ArgumentParser()
add_corpus_argument(parser)
parser.add_argument("--skip-memory", action="store_true", help="leave out the 20- and 200-page memory runs")
args = parser.parse_args()
files = corpus_files(args.corpus)
ocrmypdf = [sys.executable, "-m", "ocrmypdf"]
if subprocess.run(ocrmypdf + ["--version"], capture_output=True).returncode != 0:
    sys.exit("ocrmypdf is not importable from this interpreter: see the usage above")

DOCUMENTS = {
    "english": ["t1_tess_phototest.tif", "t1_tess_eurotext.tif", "t1_tess_unlv_8087_054.3B.tif", "t1_rapidocr_en.jpg"],
    "chinese": ["t2_cnocr_multiline_cn.png", "t2_paddle_lab_table.jpg", "tc_biz_license_2226x3205.jpg", "t2_paddle_care_label.jpg",
                "tc_icon_ocr_license_3_progressive.jpg"],
}


def cer(text, pages):
    """Page by page (pdftotext ends each page with a form feed): text on the wrong page counts
    as errors, and the edit distance stays quadratic in a page, not in the whole document."""
    found = text.split("\f")
    truth = [normalise(page) for page in pages]
    errors = sum(distance(normalise(found[i]) if i < len(found) else "", page) for i, page in enumerate(truth))
    errors += sum(len(normalise(extra)) for extra in found[len(truth):])
    return errors / max(1, sum(len(page) for page in truth))


def pdftotext(path, raw=False):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else []), path, "-"], capture_output=True, check=True).stdout.decode()


work = tempfile.mkdtemp(prefix="ocrp-bench-documents-")
binaries = build_release("ocr-pipeline", "ocr-pipeline-dev")
tool = os.path.join(binaries, "ocr-pipeline")
env = dict(os.environ, OMP_THREAD_LIMIT="1")

scans = os.path.join(work, "scans")
os.makedirs(scans)
truths, counts = {}, {}
for name, pages in DOCUMENTS.items():
    # img2pdf needs a resolution where an image declares none: 200 dpi, a scanner's usual one.
    subprocess.run(["img2pdf", "--imgsize", "200dpi", *[os.path.join(files, p) for p in pages], "-o", os.path.join(scans, f"{name}.pdf")],
                   check=True, capture_output=True)
    truths[name] = [open(os.path.join(files, p + ".gt.txt"), encoding="utf-8").read() for p in pages]
    counts[name] = len(pages)
text_pages = os.path.join(work, "text")
subprocess.run([os.path.join(binaries, "ocr-pipeline-dev"), "make-bench-text", text_pages], check=True, stdout=subprocess.DEVNULL)
a4 = os.path.join(text_pages, "a4-300dpi.jpg")
subprocess.run(["vips", "copy", os.path.join(text_pages, "a4-300dpi.png"), a4 + "[Q=85]"], check=True)
subprocess.run(["img2pdf", "--imgsize", "300dpi", *[a4] * 10, "-o", os.path.join(scans, "a4-print.pdf")], check=True, capture_output=True)
truths["a4-print"] = [open(os.path.join(text_pages, "a4-300dpi.gt.txt"), encoding="utf-8").read()] * 10
counts["a4-print"] = 10

pipeline = os.path.join(work, "pipeline.json")
with open(pipeline, "w") as f:
    json.dump({"version": 1, "stages": [{"type": "decode"}, {"type": "tile"}, {"type": "recognize", "params": {"engine": "ppocr"}},
                                        {"type": "merge"}, {"type": "write", "params": {"formats": ["json", "txt", "pdf"]}}]}, f)

ours_out, theirs_out = os.path.join(work, "ours"), os.path.join(work, "ocrmypdf")
os.makedirs(theirs_out)
ours_seconds, _, _ = measure([tool, "run", pipeline, scans, "-o", ours_out, "-j", "2", "--quiet"], env=env)
theirs_seconds = 0.0
for name in truths:
    seconds, _, _ = measure(ocrmypdf + ["-q", "-l", "chi_sim+eng", "-j", "2", "--output-type", "pdf",
                                        os.path.join(scans, f"{name}.pdf"), os.path.join(theirs_out, f"{name}.pdf")], env=env)
    theirs_seconds += seconds

rows = [["document", "pages", "ocr-pipeline CER", "(-raw)", "OCRmyPDF CER", "(-raw)", "input bytes", "ocr-pipeline PDF", "OCRmyPDF PDF"]]
for name in truths:
    ours_pdf, theirs_pdf = os.path.join(ours_out, f"{name}.pdf.pdf"), os.path.join(theirs_out, f"{name}.pdf")
    rows.append([name, counts[name], f"{cer(pdftotext(ours_pdf), truths[name]):.3f}", f"{cer(pdftotext(ours_pdf, raw=True), truths[name]):.3f}",
                 f"{cer(pdftotext(theirs_pdf), truths[name]):.3f}", f"{cer(pdftotext(theirs_pdf, raw=True), truths[name]):.3f}",
                 os.path.getsize(os.path.join(scans, f"{name}.pdf")), os.path.getsize(ours_pdf), os.path.getsize(theirs_pdf)])
print("Scanned PDFs to searchable PDFs, -j 2 each (text by pdftotext from each output PDF):")
print(table(rows))
print(f"wall time: ocr-pipeline {ours_seconds:.1f} s, OCRmyPDF {theirs_seconds:.1f} s, ratio {ours_seconds / theirs_seconds:.2f}")

# Rendering alone, at the resolution the pages were scanned at.
render_pipeline = os.path.join(work, "render.json")
with open(render_pipeline, "w") as f:
    json.dump({"version": 1, "stages": [{"type": "decode", "params": {"dpi": 200}}]}, f)
many = os.path.join(work, "render")
os.makedirs(many)
pages20 = os.path.join(many, "twenty.pdf")
subprocess.run(["qpdf", "--empty", "--pages", *[os.path.join(scans, f"{n}.pdf") for n in truths] * 1, "--", pages20], check=True)
count = int(subprocess.run(["qpdf", "--show-npages", pages20], capture_output=True, check=True).stdout)
ppm = os.path.join(work, "ppm")
os.makedirs(ppm)
# Three runs each, alternated; the medians are compared (one run varies by up to 10 % here).
ours_runs, theirs_runs = [], []
for run in range(3):
    out = os.path.join(work, f"render-out-{run}")
    ours_runs.append(measure([tool, "run", render_pipeline, many, "-o", out, "-j", "1", "--quiet"], env=env)[0])
    theirs_runs.append(measure(["pdftoppm", "-r", "200", pages20, os.path.join(ppm, "page")])[0])
ours_render, theirs_render = median(ours_runs), median(theirs_runs)
print(f"\nRendering {count} pages at 200 dpi, median of 3 runs: ocr-pipeline (decode only, -j 1) {ours_render:.2f} s, "
      f"pdftoppm {theirs_render:.2f} s, ratio {ours_render / theirs_render:.2f}")

if not args.skip_memory:
    peaks = []
    for pages in (20, 200):
        folder = os.path.join(work, f"memory-{pages}")
        os.makedirs(folder)
        source = [os.path.join(scans, "english.pdf")] * (pages // len(DOCUMENTS["english"]))
        subprocess.run(["qpdf", "--empty", "--pages", *source, "--", os.path.join(folder, "doc.pdf")], check=True)
        seconds, peak, _ = measure([tool, "run", pipeline, folder, "-o", os.path.join(work, f"memory-{pages}-out"), "-j", "2", "--quiet"], env=env)
        peaks.append([f"{pages} pages", f"{seconds:.1f} s", f"{peak:.0f} MB"])
    print("\nPeak resident memory of the largest process (supervisor or worker), -j 2:")
    print(table([["document", "wall", "peak"]] + peaks))
shutil.rmtree(work, ignore_errors=True)
