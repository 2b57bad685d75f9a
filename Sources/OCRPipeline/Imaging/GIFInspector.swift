import Foundation

/// The largest size a GIF declares, from its logical screen and its first frame's descriptor,
/// read from the bytes before any decoder allocates anything. A frame may claim to be far
/// larger than the screen (a classic decompression bomb).
struct GIFInspector {
    var declaredWidth = 0
    var declaredHeight = 0

    init(_ data: Data) {
        let bytes = [UInt8](data.prefix(1 << 20))
        guard bytes.count >= 13 else { return }
        declaredWidth = Int(bytes[6]) | Int(bytes[7]) << 8
        declaredHeight = Int(bytes[8]) | Int(bytes[9]) << 8
        var at = 13
        if bytes[10] & 0x80 != 0 { at += 3 << ((Int(bytes[10]) & 0x07) + 1) }
        while at < bytes.count {
            switch bytes[at] {
            case 0x21:  // extension: label, then sub-blocks until a zero length
                at += 2
                while at < bytes.count, bytes[at] != 0 { at += Int(bytes[at]) + 1 }
                at += 1
            case 0x2C:  // image descriptor: left, top, width, height (little-endian)
                guard at + 9 <= bytes.count else { return }
                declaredWidth = max(declaredWidth, Int(bytes[at + 5]) | Int(bytes[at + 6]) << 8)
                declaredHeight = max(declaredHeight, Int(bytes[at + 7]) | Int(bytes[at + 8]) << 8)
                return
            default:
                return
            }
        }
    }
}
