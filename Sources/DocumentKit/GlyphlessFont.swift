import Foundation

/// The font of an invisible text layer: one TrueType program whose only glyph is blank and
/// half an em wide, shown through a Type 0 font with a CID per distinct character of the
/// document, so that a viewer's search, selection and copy find the recognised text.
///
/// Each character gets a CID of its own (1, 2, 3, … in order of first use) and a `bfchar`
/// entry in the ToUnicode map; every CID draws glyph 1. (Tesseract maps CIDs to UTF-16 code
/// units, which breaks characters outside the Basic Multilingual Plane — rare CJK among them.)
public struct GlyphlessFont: Sendable {
    /// The glyph's advance, in thousandths of the font size.
    public static let advance = 500
    private var cids: [Unicode.Scalar: Int] = [:]
    private var order: [Unicode.Scalar] = []

    public init() {}

    /// The CIDs that show `text`, allocating new ones for characters not seen before.
    public mutating func cids(for text: String) -> [Int] {
        text.unicodeScalars.map { scalar in
            if let known = cids[scalar] { return known }
            order.append(scalar)
            cids[scalar] = order.count
            return order.count
        }
    }

    /// The font's PDF objects; the last one, `font`, is what a page's resources name. The
    /// descent is −1/1000 em, not 0: readers take 0 for "unknown" and put a third of an em
    /// below the baseline, so a line's box as `pdftotext -bbox` reports it would grow by that.
    public func objects() -> [PDFObjectDraft] {
        [
            PDFObjectDraft(name: "fontfile", dictionary: "<< /Length1 \(Self.program.count) >>", stream: Self.program),
            PDFObjectDraft(
                name: "descriptor",
                dictionary:
                    "<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 0 \(Self.advance) 1000] /ItalicAngle 0 /Ascent 1000 /Descent -1 /CapHeight 1000 /StemV 80 /FontFile2 {{fontfile}} >>"
            ),
            PDFObjectDraft(name: "cidtogid", dictionary: "<< >>", stream: cidToGIDMap()),
            PDFObjectDraft(
                name: "cidfont",
                dictionary:
                    "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {{descriptor}} /DW \(Self.advance) /CIDToGIDMap {{cidtogid}} >>"
            ),
            PDFObjectDraft(name: "tounicode", dictionary: "<< >>", stream: Data(toUnicodeMap().utf8)),
            PDFObjectDraft(
                name: "font",
                dictionary:
                    "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H /DescendantFonts [{{cidfont}}] /ToUnicode {{tounicode}} >>"
            ),
        ]
    }

    /// CID 0 draws glyph 0 (`.notdef`); every other CID glyph 1 (big-endian 16-bit entries).
    private func cidToGIDMap() -> Data {
        var map = Data([0, 0])
        for _ in order { map.append(contentsOf: [0, 1]) }
        return map
    }

    /// The CMap from CIDs to Unicode: each CID's character in UTF-16BE (a surrogate pair
    /// outside the Basic Multilingual Plane), at most 100 entries per block as the format asks.
    private func toUnicodeMap() -> String {
        var text = """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """
        var start = 0
        while start < order.count {
            let block = order[start..<min(order.count, start + 100)]
            text += "\(block.count) beginbfchar\n"
            for (offset, scalar) in block.enumerated() {
                let units = String(scalar).utf16.map { String(format: "%04X", $0) }.joined()
                text += String(format: "<%04X>", start + offset + 1) + " <\(units)>\n"
            }
            text += "endbfchar\n"
            start += 100
        }
        text += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        return text
    }

    /// A TrueType program with two empty glyphs (`.notdef` and the blank one), 1000 units to
    /// the em, ascent 1000 and descent 0, so a line's box is exactly its font size high above its
    /// baseline. Hand-built: no font tool is needed for six tables of fixed numbers.
    static let program: Data = {
        func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        func u32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        let head: [UInt8] =
            u32(0x0001_0000) + u32(0x0001_0000) + u32(0) /* checksum adjustment, set below */ + u32(0x5F0F_3CF5)
            + u16(0x000B) + u16(1000) + [UInt8](repeating: 0, count: 16) /* created, modified */
            + u16(0) + u16(0) + u16(advance) + u16(1000) + u16(0) + u16(8) + u16(2) + u16(0) + u16(0)
        let hhea: [UInt8] =
            u32(0x0001_0000) + u16(1000) + u16(0) + u16(0) + u16(advance) + u16(0) + u16(0) + u16(advance)
            + u16(1) + u16(0) + u16(0) + [UInt8](repeating: 0, count: 8) + u16(0) + u16(2)
        let maxp: [UInt8] = u32(0x0001_0000) + u16(2) + [UInt8](repeating: 0, count: 26).enumerated().map { $0.offset == 9 ? 1 : 0 }  // maxZones 1
        let hmtx: [UInt8] = u16(advance) + u16(0) + u16(advance) + u16(0)
        let loca: [UInt8] = u16(0) + u16(0) + u16(0)
        let glyf: [UInt8] = [0, 0, 0, 0]
        let tables: [(tag: String, data: [UInt8])] = [
            ("glyf", glyf), ("head", head), ("hhea", hhea), ("hmtx", hmtx), ("loca", loca), ("maxp", maxp),
        ]
        func checksum(_ bytes: [UInt8]) -> UInt32 {
            var padded = bytes
            while padded.count % 4 != 0 { padded.append(0) }
            var sum: UInt32 = 0
            for index in stride(from: 0, to: padded.count, by: 4) {
                sum &+= UInt32(padded[index]) << 24 | UInt32(padded[index + 1]) << 16 | UInt32(padded[index + 2]) << 8 | UInt32(padded[index + 3])
            }
            return sum
        }
        var font: [UInt8] = u32(0x0001_0000) + u16(tables.count) + u16(64) + u16(2) + u16(tables.count * 16 - 64)
        var offset = 12 + 16 * tables.count
        var body: [UInt8] = []
        for table in tables {
            font += Array(table.tag.utf8) + u32(checksum(table.data)) + u32(UInt32(offset)) + u32(UInt32(table.data.count))
            var data = table.data
            while data.count % 4 != 0 { data.append(0) }
            body += data
            offset += data.count
        }
        font += body
        let headOffset = 12 + 16 * tables.count + tables.prefix { $0.tag != "head" }.reduce(0) { $0 + ($1.data.count + 3) / 4 * 4 }
        let adjustment = u32(0xB1B0_AFBA &- checksum(font))
        font.replaceSubrange(headOffset + 8..<headOffset + 12, with: adjustment)
        return Data(font)
    }()
}

/// A PDF object to be written: a dictionary as PDF text (naming the objects it refers to as
/// `{{name}}`) and, for a stream, its bytes. The same drafts are written by
/// ``ImagePDFWriter`` and added to an existing PDF by ``PDFGraft``.
public struct PDFObjectDraft: Sendable {
    public var name: String
    public var dictionary: String
    public var stream: Data?

    public init(name: String, dictionary: String, stream: Data? = nil) {
        self.name = name
        self.dictionary = dictionary
        self.stream = stream
    }

    /// The dictionary with each `{{name}}` replaced by its reference.
    func resolved(_ references: [String: String]) -> String {
        var text = dictionary
        for (name, reference) in references { text = text.replacingOccurrences(of: "{{\(name)}}", with: reference) }
        return text
    }
}
