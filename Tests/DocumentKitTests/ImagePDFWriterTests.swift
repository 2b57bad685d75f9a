import DocumentKit
import Foundation
import TestSupport
import Testing
import VipsKit

/// A PDF of pictures with an invisible text layer: poppler finds every line's text — Chinese
/// and characters beyond the Basic Multilingual Plane included — where it was put.
@Suite struct ImagePDFWriterTests {
    @Test func linesAreFoundWhereTheyWerePutAndImagesEmbeddedAsTheyAre() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("out.pdf").path
        let jpeg = try VImage.black(width: 300, height: 200, bands: 3).linear(1, 200).jpegData(quality: 80)
        let writer = try ImagePDFWriter(path: path)
        try writer.addPage(
            width: 300, height: 200, image: .jpeg(jpeg, width: 300, height: 200, components: 3),
            lines: [
                TextLayerLine(text: "Hello world", corners: [.init(x: 20, y: 150), .init(x: 120, y: 150), .init(x: 120, y: 130), .init(x: 20, y: 130)]),
                TextLayerLine(text: "你好𠀀世界", corners: [.init(x: 20, y: 100), .init(x: 120, y: 100), .init(x: 120, y: 80), .init(x: 20, y: 80)]),
            ])
        try writer.addPage(width: 100, height: 100, image: nil, lines: [])
        try writer.finish()

        let text = try await Documents.text(ofPDF: path)
        let pages = text.components(separatedBy: "\u{0C}")
        #expect(pages.count == 3, "\(text.debugDescription)")
        #expect(pages[0].split(separator: "\n").map(String.init) == ["Hello world", "你好𠀀世界"], "\(text.debugDescription)")
        let words = try await Documents.words(ofPDF: path)
        #expect(words.count == 2)
        let hello = try #require(words[0].first { $0.text == "Hello" })
        #expect(abs(hello.xMin - 20) < 0.5 && abs(hello.yMin - 50) < 0.5 && abs(hello.yMax - 70) < 0.5, "\(hello)")
        let chinese = try #require(words[0].first { $0.text == "你好𠀀世界" })
        #expect(abs(chinese.xMax - 120) < 0.5 && abs(chinese.yMin - 100) < 0.5, "\(chinese)")
        // The JPEG is embedded byte for byte.
        let pdf = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(pdf.firstRange(of: jpeg) != nil)
        let fonts = String(decoding: try await Documents.tool("pdffonts", [path]), as: UTF8.self)
        // name, type, encoding, then embedded, subset and ToUnicode: embedded, with a ToUnicode map.
        let font = try #require(fonts.split(separator: "\n").first { $0.hasPrefix("GlyphLessFont") }).split(separator: " ")
        #expect(font.contains("CID") && font.contains("Identity-H") && font[font.count - 5] == "yes" && font[font.count - 3] == "yes", "\(fonts)")
        #expect(String(decoding: try await Documents.tool("qpdf", ["--check", path]), as: UTF8.self).contains("No syntax or stream encoding errors"))
    }

    @Test func aPNGsRowsAreEmbeddedWithoutDecoding() async throws {
        let grey = try VImage.black(width: 64, height: 32, bands: 1).linear(1, 90).pngData()
        let image = try PDFImage.png(grey)
        #expect(image.width == 64 && image.height == 32 && image.components == 1 && image.filter == "/FlateDecode")
        #expect(image.decodeParameters == "<< /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns 64 >>")
        #expect(throws: PDFImage.UnsupportedPNG.self) { try PDFImage.png(Data("not a png".utf8)) }
    }
}
