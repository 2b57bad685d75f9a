import Foundation

/// The largest size a GIF declares, from its logical screen and its first frame's descriptor,
/// read from the bytes before any decoder allocates anything. A frame may claim to be far
/// larger than the screen (a classic decompression bomb).
/// Hand-written: a decoder would allocate before any check could run.
struct GIFInspector {
    var declaredWidth = 0
    var declaredHeight = 0

    init(_ data: Data) {
        let reader = ByteReader(data.prefix(1 << 20))
        guard let width = reader.u16le(6), let height = reader.u16le(8), let packed = reader.u8(10) else { return }
        declaredWidth = width
        declaredHeight = height
        var at = 13
        if packed & 0x80 != 0 { at += 3 << ((packed & 0x07) + 1) }
        while let introducer = reader.u8(at) {
            switch introducer {
            case 0x21:  // extension: label, then sub-blocks until a zero length
                at += 2
                while let length = reader.u8(at), length != 0 { at += length + 1 }
                at += 1
            case 0x2C:  // image descriptor: left, top, width, height (little-endian)
                if let frameWidth = reader.u16le(at + 5), let frameHeight = reader.u16le(at + 7) {
                    declaredWidth = max(declaredWidth, frameWidth)
                    declaredHeight = max(declaredHeight, frameHeight)
                }
                return
            default:
                return
            }
        }
    }

    /// The most pixels LZW data of `bytes` bytes can expand to. A code is at least 3 bits and
    /// stands for at most 4096 pixels (the dictionary's size bounds a string's length), so a
    /// file smaller than its declared frame's share of that cannot hold the frame: it is cut
    /// off or a bomb, whatever a lenient decoder would make of it.
    static func maximumPixels(inBytes bytes: Int) -> Int {
        bytes.multipliedReportingOverflow(by: 8 * 4096 / 3).partialValue + 4096
    }
}
