import DocumentKit
import Foundation
import TestSupport
import Testing
import VipsKit

/// A text layer grafted onto an existing PDF lands on the page's own ink however the page lies
/// in user space, and leaves the page as it was: its content, its boxes, its `/Rotate`.
@Suite struct PDFGraftTests {
    static let cases: [(name: String, media: [Double], crop: [Double]?, rotate: Int)] = [
        ("plain", [0, 0, 612, 792], nil, 0),
        ("offset media box", [100, 200, 712, 992], nil, 0),
        ("crop box inside", [0, 0, 612, 792], [100, 100, 500, 700], 0),
        ("turned 90", [100, 200, 712, 992], nil, 90),
        ("turned 180", [0, 0, 612, 792], [50, 60, 560, 740], 180),
        ("turned 270", [0, 0, 612, 792], nil, 270),
    ]

    @Test(arguments: cases.indices)
    func theLayerLandsOnTheInkAndThePageIsKept(index: Int) async throws {
        let setup = Self.cases[index]
        let folder = try TemporaryFolder()
        let original = try folder.write(
            HandMadePDF.page(mediaBox: setup.media, cropBox: setup.crop, rotate: setup.rotate, text: (setup.media[0] + 150, setup.media[1] + 480)), to: "in.pdf"
        )
        let output = folder.url.appendingPathComponent("out.pdf").path

        // Where poppler sees the word, on the page as displayed, becomes the layer's line.
        let page = try #require(try PDFDocument(file: original).page(0))
        let height = page.displayedSize.height
        let mark = try #require(page.textLines().first)
        let (left, top, right, bottom) = (mark.box.x, height - mark.box.y, mark.box.x + mark.box.width, height - mark.box.y - mark.box.height)
        let vertical = mark.box.height > mark.box.width
        let corners: [PDFPoint] =
            vertical
            ? [.init(x: right, y: top), .init(x: right, y: bottom), .init(x: left, y: bottom), .init(x: left, y: top)]
            : [.init(x: left, y: top), .init(x: right, y: top), .init(x: right, y: bottom), .init(x: left, y: bottom)]
        try PDFGraft.write(try QPDFFile(file: original), layers: [0: [TextLayerLine(text: "LAYER", corners: corners)]], to: output)

        let words = try await Documents.words(ofPDF: output)[0]
        let before = try #require(words.first { $0.text == "MARK" })
        let layer = try #require(words.first { $0.text == "LAYER" }, "\(setup.name): \(words)")
        for (a, b) in [(before.xMin, layer.xMin), (before.xMax, layer.xMax), (before.yMin, layer.yMin), (before.yMax, layer.yMax)] {
            #expect(abs(a - b) < 3, "\(setup.name): MARK \(before), LAYER \(layer)")
        }
        // The page renders exactly as before, and keeps its boxes and rotation.
        let rendered = try VImage.decode(try Data(contentsOf: URL(fileURLWithPath: original))).average()
        let grafted = try VImage.decode(try Data(contentsOf: URL(fileURLWithPath: output))).average()
        #expect(rendered == grafted, "\(setup.name)")
        let geometry = try #require(try QPDFFile(file: output).geometry(ofPage: 0))
        #expect(geometry == (try QPDFFile(file: original).geometry(ofPage: 0)), "\(setup.name)")
        let grown =
            try FileManager.default.attributesOfItem(atPath: output)[.size] as! Int
            - (try FileManager.default.attributesOfItem(atPath: original)[.size] as! Int)
        #expect(grown < 3000, "\(setup.name): grew by \(grown) bytes")
    }

    @Test func anEncryptedPDFNeedsItsPasswordAndStaysEncrypted() async throws {
        let folder = try TemporaryFolder()
        let plain = try folder.write(HandMadePDF.page(mediaBox: [0, 0, 612, 792], text: (100, 600)), to: "plain.pdf")
        let locked = folder.url.appendingPathComponent("locked.pdf").path
        try await Documents.tool("qpdf", ["--encrypt", "user-secret", "owner-secret", "256", "--", plain, locked])
        #expect(throws: PDFError.encrypted(passwordGiven: false)) { try QPDFFile(file: locked) }
        #expect(throws: PDFError.encrypted(passwordGiven: true)) { try QPDFFile(file: locked, password: "wrong") }
        #expect(throws: PDFError.encrypted(passwordGiven: false)) { try PDFDocument(file: locked) }
        #expect(try PDFDocument(file: locked, password: "user-secret").pageCount == 1)

        let output = folder.url.appendingPathComponent("out.pdf").path
        let line = TextLayerLine(text: "SECRET", corners: [.init(x: 100, y: 200), .init(x: 200, y: 200), .init(x: 200, y: 180), .init(x: 100, y: 180)])
        try PDFGraft.write(try QPDFFile(file: locked, password: "user-secret"), layers: [0: [line]], to: output)
        #expect(throws: PDFError.encrypted(passwordGiven: false)) { try QPDFFile(file: output) }
        let text = String(decoding: try await Documents.tool("pdftotext", ["-upw", "user-secret", output, "-"]), as: UTF8.self)
        #expect(text.contains("SECRET") && text.contains("MARK"), "\(text)")
    }
}
