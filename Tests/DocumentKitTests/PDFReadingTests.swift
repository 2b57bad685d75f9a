import DocumentKit
import Foundation
import TestSupport
import Testing
import VipsKit

/// What the decode stage learns of a PDF before rendering it: its pages, a page's own text,
/// and the resolution of the scan a page shows.
@Suite struct PDFReadingTests {
    @Test func aBornDigitalPagesOwnTextComesAsLinesWithTheirBoxes() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("born.pdf").path
        try await Documents.bornDigitalPDF("Invoice 4417 total due\nSecond line 你好世界", to: path)
        let document = try PDFDocument(file: path)
        #expect(document.pageCount == 1)
        let page = try #require(document.page(0))
        #expect(page.hasText)
        let lines = page.textLines()
        #expect(lines.map(\.text) == ["Invoice 4417 total due", "Second line 你好世界"])
        #expect(lines[0].box.y < lines[1].box.y && lines[0].box.height > 10 && lines[0].box.height < 25, "\(lines)")
        #expect(document.page(1) == nil)

        // A relative path (as a user types it) is taken from the working directory.
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + path.dropFirst()
        #expect(try PDFDocument(file: relative).pageCount == 1)
    }

    @Test func aScannedPagesImageAndPlaceAreRead() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("scan.pdf").path
        try await Documents.scannedPDF([try Documents.page(["A scanned page"]).image.colourspace(.grey)], dpi: 200, to: path)
        let file = try QPDFFile(file: path)
        #expect(file.pageCount == 1)
        let images = try #require(file.images(onPage: 0))
        let image = images.largest
        let geometry = try #require(file.geometry(ofPage: 0))
        #expect(image.width == 1240)
        #expect(abs(Double(image.width) / (geometry.cropBox.width / 72) - 200) < 0.5)
        #expect(try PDFDocument(file: path).page(0)?.hasText == false)
        #expect(images.allGrey)

        let colour = folder.url.appendingPathComponent("colour.pdf").path
        try await Documents.scannedPDF([try Documents.page(["A scanned page"]).image.colourspace(.srgb)], dpi: 200, to: colour)
        #expect(try QPDFFile(file: colour).images(onPage: 0)?.allGrey == false)
    }

    @Test func damagedBytesAreADamagedPDF() {
        #expect(throws: PDFError.self) { try PDFDocument(data: Data("%PDF-1.4\nnothing here".utf8)) }
        #expect(throws: PDFError.self) { try QPDFFile(data: Data("%PDF-1.4\nnothing here".utf8)) }
    }
}
