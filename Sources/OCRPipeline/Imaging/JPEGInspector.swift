import Foundation

/// The resolution a JPEG's JFIF header declares. libvips also takes one from EXIF, where
/// cameras and phones write 72 dpi whatever the truth; the `tesseract` command (through
/// leptonica) reads only JFIF, and so does this.
struct JPEGInspector {
    /// Dots per inch from the JFIF APP0 segment, `nil` when it gives only an aspect ratio.
    var jfifDPI: Double?

    init(_ data: Data) {
        let bytes = [UInt8](data.prefix(64))
        // FF D8, then APP0 (FF E0) with length, "JFIF\0", version (2), units, X density (2).
        guard bytes.count >= 18, bytes[2] == 0xFF, bytes[3] == 0xE0, Array(bytes[6..<11]) == Array("JFIF\0".utf8) else { return }
        let units = bytes[13]
        let density = Double(Int(bytes[14]) << 8 | Int(bytes[15]))
        switch units {
        case 1: jfifDPI = density
        case 2: jfifDPI = (density * 2.54).rounded()
        default: break
        }
    }
}
