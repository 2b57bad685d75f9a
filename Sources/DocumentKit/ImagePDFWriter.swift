import Foundation

/// Writes a searchable PDF of pictures, one page at a time, straight to a file: each page
/// shows its image and carries an invisible text layer. Memory holds one page, however many
/// there are. Hand-written (the file format's objects, cross-reference table and trailer):
/// about a hundred lines, where a PDF library would draw its text visibly or re-encode images.
public final class ImagePDFWriter {
    private let handle: FileHandle
    private var offset = 0
    /// Byte offsets of objects 1…, by object number.
    private var offsets: [Int: Int] = [:]
    private var nextObject = 4
    private var pages: [Int] = []
    private var font = GlyphlessFont()

    private static let catalog = 1, pageTree = 2, fontObject = 3

    /// Starts a PDF at `path` (created or truncated).
    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try write(Data("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8))
    }

    deinit { try? handle.close() }

    /// Adds a page `width` × `height` points showing `image` over the whole page (if any), with
    /// `lines` as its invisible text (their corners in points, origin at the bottom-left).
    public func addPage(width: Double, height: Double, image: PDFImage?, lines: [TextLayerLine]) throws {
        var resources = "/Font << /\(TextLayer.fontResourceName) \(Self.fontObject) 0 R >>"
        var content = ""
        if let image {
            let imageObject = try addObject(image.dictionary, stream: image.data)
            resources += " /XObject << /Im0 \(imageObject) 0 R >>"
            content += "q \(TextLayer.number(width)) 0 0 \(TextLayer.number(height)) 0 0 cm /Im0 Do Q\n"
        }
        content += TextLayer.operators(lines, font: &font)
        let contents = try addObject("<< >>", stream: Data(content.utf8))
        let page = try addObject(
            "<< /Type /Page /Parent \(Self.pageTree) 0 R /MediaBox [0 0 \(TextLayer.number(width)) \(TextLayer.number(height))] /Resources << \(resources) >> /Contents \(contents) 0 R >>"
        )
        pages.append(page)
    }

    /// Writes the font, the page tree, the catalog and the cross-reference table, and closes the file.
    public func finish() throws {
        var references: [String: String] = [:]
        for draft in font.objects() {
            let number = draft.name == "font" ? Self.fontObject : allocate()
            try write(object: number, draft.resolved(references), stream: draft.stream)
            references[draft.name] = "\(number) 0 R"
        }
        try write(object: Self.pageTree, "<< /Type /Pages /Kids [\(pages.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>")
        try write(object: Self.catalog, "<< /Type /Catalog /Pages \(Self.pageTree) 0 R >>")
        let info = try addObject("<< /Producer (ocr-pipeline) >>")
        let size = nextObject
        var table = "xref\n0 \(size)\n0000000000 65535 f \n"
        for number in 1..<size { table += String(format: "%010d 00000 n \n", offsets[number] ?? 0) }
        let start = offset
        table += "trailer\n<< /Size \(size) /Root \(Self.catalog) 0 R /Info \(info) 0 R >>\nstartxref\n\(start)\n%%EOF\n"
        try write(Data(table.utf8))
        try handle.synchronize()
        try handle.close()
    }

    private func allocate() -> Int {
        defer { nextObject += 1 }
        return nextObject
    }

    private func addObject(_ dictionary: String, stream: Data? = nil) throws -> Int {
        let number = allocate()
        try write(object: number, dictionary, stream: stream)
        return number
    }

    private func write(object number: Int, _ dictionary: String, stream: Data? = nil) throws {
        offsets[number] = offset
        var text = "\(number) 0 obj\n"
        guard let stream else {
            try write(Data((text + dictionary + "\nendobj\n").utf8))
            return
        }
        // The dictionary's closing `>>` gains the stream's length.
        var withLength = dictionary
        if let close = withLength.range(of: ">>", options: .backwards) {
            withLength.replaceSubrange(close, with: " /Length \(stream.count) >>")
        }
        text += withLength + "\nstream\n"
        try write(Data(text.utf8))
        try write(stream)
        try write(Data("\nendstream\nendobj\n".utf8))
    }

    private func write(_ data: Data) throws {
        try handle.write(contentsOf: data)
        offset += data.count
    }
}
