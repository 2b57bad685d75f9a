// ONNX Runtime's C API, header only: the library is opened at run time (PPOCRKit's
// OnnxRuntime.swift), so a machine without it gets a clear error at pipeline load, not a
// loader failure at start. The header comes from Debian's libonnxruntime-dev (scripts/install-ppocr.sh).
#include <onnxruntime/onnxruntime_c_api.h>
