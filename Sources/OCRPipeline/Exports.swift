// The image type stages see (`VImage`, `PixelBox`, ...) is part of this library's API: a
// package that depends on OCRPipeline uses it without naming VipsKit.
@_exported import VipsKit
