import Foundation

/// Reads the Orientation tag (0x0112) from an EXIF block.
///
/// Hand-written: only this one tag is needed, in places where libvips does not report it
/// (PNG text chunks, HEIF after libvips dropped it). Malformed data yields `nil`, never a crash.
enum EXIFOrientationReader {
    static func orientation(in exif: Data) -> Int? {
        var bytes = [UInt8](exif)
        if bytes.starts(with: Array("Exif\0\0".utf8)) { bytes.removeFirst(6) }
        guard bytes.count >= 8 else { return nil }
        let littleEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return littleEndian ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : Int(bytes[at]) << 8 | Int(bytes[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(littleEndian ? at + 2 : at), let low = u16(littleEndian ? at : at + 2) else { return nil }
            return high << 16 | low
        }
        guard u16(2) == 42, let ifd = u32(4), let entries = u16(ifd), entries < 1000 else { return nil }
        for entry in 0..<entries {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112, let type = u16(at + 2), type == 3, let value = u16(at + 8) {
                return (1...8).contains(value) ? value : nil
            }
        }
        return nil
    }

    /// Decodes ImageMagick's "Raw profile type exif" text: a header line naming the profile,
    /// a decimal length, then the bytes as hex spread over lines.
    static func rawProfile(_ text: String) -> Data? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.count >= 3, let length = Int(lines[1]), length > 0, length < 1 << 24 else { return nil }
        var data = Data(capacity: length)
        var high: UInt8?
        for scalar in lines[2...].joined().unicodeScalars {
            guard let nibble = UInt8(String(scalar), radix: 16) else { return nil }
            if let h = high { data.append(h << 4 | nibble); high = nil } else { high = nibble }
            if data.count == length { break }
        }
        return data.count == length ? data : nil
    }
}
