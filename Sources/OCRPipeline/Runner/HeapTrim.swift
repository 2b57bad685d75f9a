import Foundation
import VipsKit

/// Gives the heap's free memory back to the system after an image, once the process holds more
/// than a threshold (``inProcessThreshold``, or 0 in a worker process). glibc keeps what ONNX Runtime, libvips and Tesseract free for reuse, and
/// images of different sizes fragment it, so a long-lived worker would otherwise creep towards
/// the sum of its images' peaks; below the threshold the memory stays, and reusing it spares
/// the next image the page faults. A worker process is held to a memory cap, so it trims after
/// every image: keeping freed memory there was measured to raise its peak by up to 100 MB for 3%
/// of speed.
enum HeapTrim {
    /// Resident memory past which a process that runs images on its own threads trims.
    static let inProcessThreshold = 384 << 20

    /// For a worker process, before its first image: blocks of 8 MB and more (rendered pages,
    /// decoded photos, the detector's tensors) are mapped on their own and unmapped when freed,
    /// so they never fragment the heap. Measured with `-j 2` (largest process, glibc's moving
    /// threshold → 8 MB): 20 scanned pages 321–353 → 324 MB and 200 pages 350–352 → 324 MB (the
    /// peak no longer follows the page count); the corpus photos 366–378 → 358–364 MB, in 6 %
    /// less time. At 4 MB the photos' peak rose (387–391 MB); at 1 MB the recogniser's tensors
    /// were mapped afresh at every run (an A4 page read in 6.2 s instead of 3.8 s).
    static let blockMappedAlone = 8 << 20

    static func afterImage(threshold: Int) {
        guard threshold == 0 || (ResidentMemory.bytes() ?? 0) > threshold else { return }
        Vips.releaseFreedMemory()
    }
}
