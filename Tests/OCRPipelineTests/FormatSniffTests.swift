import Foundation
import Testing

@testable import OCRPipeline
@testable import TencentOCR

@Suite struct FormatSniffTests {
    @Test(
        arguments: [
            ([0xFF, 0xD8, 0xFF, 0xE0], ImageFormat.jpeg),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .png),
            (Array("GIF89a".utf8), .gif),
            (Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8), .webp),
            ([0x49, 0x49, 0x2A, 0x00], .tiff),
            ([0x4D, 0x4D, 0x00, 0x2A], .tiff),
            (Array("BM".utf8) + [UInt8](repeating: 0, count: 20), .bmp),
            ([0, 0, 0, 0x18] + Array("ftypheic".utf8), .heif),
            ([0, 0, 0, 0x18] + Array("ftypavif".utf8), .avif),
        ] as [([UInt8], ImageFormat)])
    func recognisesSignatures(bytes: [UInt8], format: ImageFormat) {
        #expect(ImageFormat.sniff(Data(bytes + [UInt8](repeating: 0, count: 16))) == .supported(format))
    }

    @Test func pdfIsADocumentEvenAfterBytesBeforeItsHeader() {
        #expect(ImageFormat.sniff(Data("%PDF-1.7\n".utf8)) == .supported(.pdf))
        #expect(ImageFormat.sniff(Data([UInt8](repeating: 0x20, count: 500) + Array("%PDF-1.4\n".utf8))) == .supported(.pdf))
        #expect(ImageFormat.pdf.holdsPages && ImageFormat.tiff.holdsPages && !ImageFormat.png.holdsPages)
    }

    @Test func namesFormatsItDoesNotRead() {
        #expect(ImageFormat.sniff(Data("8BPS\u{0}\u{1}".utf8)) == .unsupported(name: "Photoshop PSD"))
        #expect(ImageFormat.sniff(Data("hello world, not an image".utf8)) == .unknown)
    }

    @Test func misnamedFileIsReadByContent() async throws {
        let png = try TestImages.png(TestImages.page(width: 200, height: 80))
        let job = try await runStages([DecodeStage()], on: png, name: "photo.jpg")
        #expect(job.source.format == .png)
    }
}
