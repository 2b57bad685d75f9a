import Foundation
import VipsKit

/// Gives the heap's free memory back to the system after an image, once the process holds more
/// than ``threshold``. glibc keeps what ONNX Runtime, libvips and Tesseract free for reuse, and
/// images of different sizes fragment it, so a long-lived worker would otherwise creep towards
/// the sum of its images' peaks; below the threshold the memory stays, and reusing it spares
/// the next image the page faults.
enum HeapTrim {
    /// Resident memory past which the heap is trimmed.
    static let threshold = 384 << 20

    static func afterImage() {
        guard let resident = residentBytes(), resident > threshold else { return }
        Vips.releaseFreedMemory()
    }

    /// The process's resident memory, from /proc/self/statm (Linux).
    static func residentBytes() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
