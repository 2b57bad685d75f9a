import DocumentKit
import Foundation
import TestSupport
import Testing

/// Pages drawn by Splash are the pages `pdftoppm` draws: same size, same pixels, whatever the
/// page's boxes and `/Rotate` (pdftoppm told to draw the crop box, as viewers and pdfload do),
/// from a file or from memory.
@Suite struct PDFPageRendererTests {
    /// Width, height and RGB bytes of a binary PPM (P6, maximum 255), as pdftoppm writes it.
    private func readPPM(_ data: Data) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        var fields: [Int] = []
        var index = 2
        while fields.count < 3 {
            while data[index] == 0x20 || data[index] == 0x0A { index += 1 }
            var value = 0
            while (0x30...0x39).contains(data[index]) {
                value = value * 10 + Int(data[index] - 0x30)
                index += 1
            }
            fields.append(value)
        }
        #expect(fields[2] == 255)
        return (fields[0], fields[1], [UInt8](data[(index + 1)...]))
    }

    @Test(arguments: [
        (mediaBox: [0.0, 0, 300, 200], cropBox: nil as [Double]?, rotate: 0),
        (mediaBox: [100.0, 200, 400, 400], cropBox: [120.0, 220, 380, 380], rotate: 0),
        (mediaBox: [0.0, 0, 300, 200], cropBox: nil, rotate: 90),
        (mediaBox: [50.0, 50, 350, 250], cropBox: nil, rotate: 270),
    ])
    func aPageIsDrawnAsPdftoppmDrawsIt(mediaBox: [Double], cropBox: [Double]?, rotate: Int) async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("page.pdf").path
        let bytes = HandMadePDF.page(mediaBox: mediaBox, cropBox: cropBox, rotate: rotate, text: (x: mediaBox[0] + 40, y: mediaBox[1] + 60))
        try bytes.write(to: URL(fileURLWithPath: path))

        let reference = try readPPM(try await Documents.tool("pdftoppm", ["-r", "150", "-cropbox", "-singlefile", path]))
        let page = try PDFPageRenderer.render(file: path, page: 0, dpi: 150, password: nil)
        defer { free(page.pixels) }
        // pdftoppm rounds a fractional page size up, Splash to the nearest pixel.
        #expect(abs(page.width - reference.width) <= 1 && abs(page.height - reference.height) <= 1, "\(page.width)×\(page.height)")
        let drawn = [UInt8](UnsafeRawBufferPointer(start: page.pixels, count: page.width * page.height * 3))
        var different = 0
        for y in 0..<min(page.height, reference.height) {
            let (ours, theirs) = (y * page.width * 3, y * reference.width * 3)
            for x in 0..<min(page.width, reference.width) * 3 where abs(Int(drawn[ours + x]) - Int(reference.pixels[theirs + x])) > 8 {
                different += 1
            }
        }
        #expect(different == 0, "\(different) values differ from pdftoppm's")
        #expect(drawn.filter { $0 < 64 }.count > 300, "the word is drawn")

        let fromMemory = try bytes.withUnsafeBytes { try PDFPageRenderer.render(bytes: $0, page: 0, dpi: 150, password: nil) }
        defer { free(fromMemory.pixels) }
        #expect(memcmp(fromMemory.pixels, page.pixels, drawn.count) == 0)
    }

    @Test func aPageIsDrawnInGreyAsPdftoppmDrawsItInGrey() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("page.pdf").path
        try HandMadePDF.page(mediaBox: [0, 0, 300, 200], rotate: 90, text: (x: 40, y: 60)).write(to: URL(fileURLWithPath: path))
        let reference = try await Documents.tool("pdftoppm", ["-r", "150", "-cropbox", "-gray", "-singlefile", path])
        let page = try PDFPageRenderer.render(file: path, page: 0, dpi: 150, grey: true, password: nil)
        defer { free(page.pixels) }
        #expect(page.bands == 1 && page.width == 417 && page.height == 625)
        let drawn = [UInt8](UnsafeRawBufferPointer(start: page.pixels, count: page.width * page.height))
        // A PGM (P5) of the same size: its pixels are the last width × height bytes.
        let pixels = [UInt8](reference.suffix(drawn.count))
        #expect(reference.starts(with: Data("P5\n\(page.width) \(page.height)\n".utf8)))
        #expect(zip(drawn, pixels).filter { abs(Int($0) - Int($1)) > 8 }.count == 0)
        #expect(drawn.filter { $0 < 64 }.count > 100, "the word is drawn")
    }

    @Test func aMissingPageOrDamagedBytesAreErrors() {
        let bytes = HandMadePDF.page(mediaBox: [0, 0, 300, 200], text: (x: 40, y: 60))
        #expect(throws: PDFError.damaged("poppler finds no page 2")) {
            try bytes.withUnsafeBytes { _ = try PDFPageRenderer.render(bytes: $0, page: 1, dpi: 72, password: nil) }
        }
        #expect(throws: PDFError.self) {
            try Data("%PDF-1.4\nnothing here".utf8).withUnsafeBytes { _ = try PDFPageRenderer.render(bytes: $0, page: 0, dpi: 72, password: nil) }
        }
    }
}
