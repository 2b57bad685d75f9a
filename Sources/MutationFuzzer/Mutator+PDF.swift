extension Mutator {
    /// The numbers a PDF reader trusts — page counts, boxes, stream lengths, image sizes,
    /// rotation, cross-reference offsets — set to boundary values; filters swapped for others
    /// (a JPEG's bytes read as JBIG2); objects nested as deep as a parser may recurse.
    static func pdf(_ bytes: inout [UInt8], using random: inout SeededGenerator) -> String? {
        let keys = ["/Count", "/Length", "/Width", "/Height", "/Rotate", "/BitsPerComponent", "/MediaBox", "/CropBox", "startxref", "/Size", "/Columns"]
        func occurrences(of token: String) -> [Int] {
            let needle = Array(token.utf8)
            guard bytes.count >= needle.count else { return [] }
            return (0...(bytes.count - needle.count)).filter { bytes[$0] == needle[0] && Array(bytes[$0..<$0 + needle.count]) == needle }
        }
        switch Int.random(in: 0..<4, using: &random) {
        case 0, 1:
            let key = keys.randomElement(using: &random)!
            guard let at = occurrences(of: key).randomElement(using: &random) else { return nil }
            // The number after the key (after a `[` for a box): replaced by a boundary value.
            var start = at + key.utf8.count
            while start < bytes.count, [0x20, 0x0A, 0x0D, 0x5B].contains(bytes[start]) { start += 1 }
            var end = start
            while end < bytes.count, (0x30...0x39).contains(bytes[end]) || bytes[end] == 0x2D || bytes[end] == 0x2E { end += 1 }
            guard end > start else { return nil }
            let value = ["0", "-1", "1", "65535", "2147483647", "4294967296", "-2147483648", "99999999999", "1e308"].randomElement(using: &random)!
            bytes.replaceSubrange(start..<end, with: Array(value.utf8))
            return "pdf\(key)=\(value)"
        case 2:
            let filters = ["/FlateDecode", "/DCTDecode", "/JBIG2Decode", "/LZWDecode", "/CCITTFaxDecode", "/RunLengthDecode", "/JPXDecode"]
            let from = filters.randomElement(using: &random)!
            guard let at = occurrences(of: from).randomElement(using: &random) else { return nil }
            let to = filters.randomElement(using: &random)!
            bytes.replaceSubrange(at..<at + from.utf8.count, with: Array(to.utf8))
            return "pdf.filter\(from)->\(to)"
        default:
            guard let at = occurrences(of: "<<").randomElement(using: &random) else { return nil }
            let depth = Int.random(in: 1_000...100_000, using: &random)
            bytes.insert(contentsOf: Array(("/Nest " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + " ").utf8), at: at + 2)
            return "pdf.nested\(depth)"
        }
    }
}
