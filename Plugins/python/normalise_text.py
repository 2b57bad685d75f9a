#!/usr/bin/env python3
"""ocr-pipeline exec plugin: tidies recognised text after `merge`.

- full-width forms become half-width (Unicode NFKC: "２０２４：" -> "2024:"), as most
  downstream tools expect;
- inside numbers, letters OCR engines confuse with digits are corrected ("2O24" -> "2024",
  "l0.5" -> "10.5") when `fix_digits` is on (the default);
- runs of spaces collapse to one; items left empty are dropped.

Protocol version 1 (see ../README.md): one JSON request per line on stdin, one answer per line
on stdout. Persistent: it serves requests until stdin closes.
"""
import json
import re
import sys
import unicodedata

CONFUSED = {"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8", "Z": "2"}
# A letter from CONFUSED standing between digits, or between a digit and a decimal point.
INSIDE_NUMBER = re.compile(r"(?<=[0-9.,])[OoDlI|SBZ](?=[0-9.,])|(?<=[0-9])[OoDlI|SBZ](?=[0-9])")


def tidy(text, fix_digits):
    text = unicodedata.normalize("NFKC", text)
    if fix_digits:
        previous = None
        while previous != text:  # "2OO4": each pass fixes letters next to a digit
            previous = text
            text = INSIDE_NUMBER.sub(lambda match: CONFUSED[match.group(0)], text)
    return re.sub(r"\s+", " ", text).strip()


def tidy_item(item, fix_digits):
    text = tidy(item["itemstring"], fix_digits)
    if not text:
        return None
    characters = [c for c in text if not c.isspace()]
    words = item.get("words", [])
    # Keep the engine's confidences where the characters still line up one to one.
    if len(words) == len(characters):
        words = [dict(word, character=character) for word, character in zip(words, characters)]
    else:
        mean = sum(w.get("confidence", 0) for w in words) / len(words) if words else 0
        words = [{"character": character, "confidence": mean} for character in characters]
    return dict(item, itemstring=text, words=words)


def answer(request):
    fix_digits = request.get("params", {}).get("fix_digits", True)
    items, changed = [], 0
    for item in request.get("items", []):
        tidied = tidy_item(item, fix_digits)
        if tidied is None or tidied["itemstring"] != item["itemstring"]:
            changed += 1
        if tidied is not None:
            items.append(tidied)
    return {"version": 1, "id": request["id"], "items": items, "record": {"items_changed": changed}}


for line in sys.stdin:
    request = json.loads(line)
    try:
        reply = answer(request)
    except Exception as error:  # report it for this image; keep serving the next ones
        reply = {"version": 1, "id": request.get("id"), "error": f"{type(error).__name__}: {error}"}
    print(json.dumps(reply, ensure_ascii=False), flush=True)
