#!/usr/bin/env python3
"""ocr-pipeline exec engine: the `tesseract` command as a recognition engine.

Shows how an OCR engine in another language plugs in: ocr-pipeline writes each view (the whole
image or a tile) to a PNG and asks for its items; this plugin runs `tesseract IMAGE stdout tsv`,
groups the words into lines and answers them in that image's pixels, in the service's shape.
ocr-pipeline then maps them to the original image and merges tiles as for any engine.

Use it from a pipeline file:
    {"type": "recognize", "params": {"engine": "exec", "command": ["python3", "tesseract_cli_engine.py"],
                                     "params": {"languages": "chi_sim+eng"}}}
"""
import json
import subprocess
import sys


def recognise(path, languages):
    run = subprocess.run(["tesseract", path, "stdout", "-l", languages, "tsv"], capture_output=True, text=True,
                         env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"tesseract exited {run.returncode}")
    lines = {}
    rows = [row.split("\t") for row in run.stdout.splitlines()[1:]]
    for level, page, block, paragraph, line, word, left, top, width, height, confidence, *text in rows:
        text = "\t".join(text).strip()
        if level != "5" or not text:
            continue
        key = (block, paragraph, line)
        lines.setdefault(key, []).append((int(left), int(top), int(width), int(height), float(confidence), text))
    items = []
    for words in lines.values():
        left = min(w[0] for w in words)
        top = min(w[1] for w in words)
        right = max(w[0] + w[2] for w in words)
        bottom = max(w[1] + w[3] for w in words)
        cjk = lambda s: any("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in s)
        text = ""
        for index, word in enumerate(words):
            if index and not (cjk(words[index - 1][5][-1]) or cjk(word[5][0])):
                text += " "
            text += word[5]
        items.append({
            "itemstring": text,
            "itemcoord": {"x": left, "y": top, "width": right - left, "height": bottom - top},
            "words": [{"character": c, "confidence": max(0.0, w[4])} for w in words for c in w[5]],
        })
    return items


for line in sys.stdin:
    request = json.loads(line)
    try:
        languages = request.get("params", {}).get("languages", "eng")
        reply = {"version": 1, "id": request["id"], "items": recognise(request["image"]["path"], languages)}
    except Exception as error:
        reply = {"version": 1, "id": request.get("id"), "error": str(error)}
    print(json.dumps(reply, ensure_ascii=False), flush=True)
