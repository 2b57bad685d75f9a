#!/usr/bin/env bash
# Installs the Debian packages ocr-pipeline needs, skipping those already present, then the
# ppocr engine's ONNX Runtime and models (scripts/install-ppocr.sh). Documents need poppler's
# GLib and C++ interfaces (pages and their text; drawing with Splash) and qpdf (libraries); the tests make and check PDFs with img2pdf, qpdf,
# pango-view and poppler's own tools.
# Usage: scripts/install-deps.sh [--dev]   (--dev adds vipsthumbnail, which bench/fit.py
# compares against; the tesseract command, for bench/ and the exec engine example, is always
# installed)
set -euo pipefail

packages=(pkg-config libvips-dev libjpeg-dev libpng-dev libtesseract-dev tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-fra
          libpoppler-glib-dev libpoppler-cpp-dev libqpdf-dev poppler-utils qpdf img2pdf pango1.0-tools
          fonts-dejavu-core fonts-wqy-microhei python3 python3-pip ca-certificates curl)
if [[ "${1:-}" == "--dev" ]]; then packages+=(libvips-tools); fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
else
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
"$(dirname "$0")/install-ppocr.sh"

if ! command -v swift >/dev/null; then
  echo "install-deps: swift is not on PATH; install Swift 6 from https://swift.org/install/linux/ (e.g. under /opt/swift)" >&2
  exit 1
fi
