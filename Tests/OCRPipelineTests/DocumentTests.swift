import DocumentKit
import Foundation
import OCREngines
import SyntheticImages
import Testing
import VipsKit

@testable import OCRPipeline

/// Documents through the library: every page of a PDF or a multi-page TIFF read as an image of
/// its own, one result with its pages in order, and the files made from all of them.
@Suite(.serialized) struct DocumentTests {
    static let pageTexts = [
        ["Invoice 4417 for March", "Total due 318.40 EUR"],
        ["Delivery note 5521", "Signed at the gate"],
        ["Page three of three", "Thank you for your order"],
    ]

    static func pipeline(decode: JSONObject = [:], formats: [String] = ["json", "txt", "pdf", "hocr"], environment: [String: String] = [:]) throws -> Pipeline {
        try Pipeline.load(
            document: [
                "version": 1,
                "stages": [
                    ["type": "decode", "params": .object(decode)], ["type": "reject-gif"], ["type": "tile"],
                    ["type": "recognize", "params": ["engine": "ppocr", "threads": 1]], ["type": "merge"],
                    ["type": "write", "params": ["formats": .array(formats.map { .string($0) })]],
                ],
            ], registry: .standard, environment: environment)
    }

    static func scannedPDF(in folder: TemporaryFolder, pages: [[String]] = pageTexts) async throws -> String {
        let path = folder.url.appendingPathComponent("scan.pdf").path
        try await Documents.scannedPDF(try pages.map { try Documents.page($0).image }, dpi: 150, to: path)
        return path
    }

    @Test func everyPageOfAScannedPDFIsReadInOrderWithItsSizeAndResolution() async throws {
        let folder = try TemporaryFolder()
        let path = try await Self.scannedPDF(in: folder)
        let result = await PipelineRunner(pipeline: try Self.pipeline()).process(file: path, name: "scan.pdf")
        #expect(result.status == .ok, "\(result.failure?.message ?? "")")
        #expect(result.isDocument && result.source.pages == 3 && result.source.format == .pdf)
        #expect(result.pages.map { $0.source.page } == [1, 2, 3])
        for (page, lines) in zip(result.pages, Self.pageTexts) {
            #expect(page.items.map(\.itemstring) == lines, "page \(page.source.page ?? 0)")
            #expect(page.source.dpi == 150 && page.source.uprightSize == PixelSize(width: 1240, height: 400))
        }
        // The result file: one entry per page, each with its size, resolution and items.
        let json = result.json
        #expect(json["pages"]?.arrayValue?.count == 3)
        #expect(json["pages"]?.arrayValue?[1]["dpi"]?.doubleValue == 150 && json["pages"]?.arrayValue?[1]["width"] == 1240)
        #expect(json["pages"]?.arrayValue?[1]["data"]?["items"]?.arrayValue?.first?["itemstring"] == "Delivery note 5521")
        #expect(json["source"]?["pages"] == 3)

        let text = try #require(result.artifacts.first { $0.suffix == ".txt" }).bytes
        #expect(String(decoding: text, as: UTF8.self) == Self.pageTexts.map { $0.map { $0 + "\n" }.joined() + "\u{0C}" }.joined())
        let hocr = String(decoding: try #require(result.artifacts.first { $0.suffix == ".hocr" }).bytes, as: UTF8.self)
        #expect(hocr.components(separatedBy: "class=\"ocr_page\"").count == 4 && hocr.contains("ppageno 2; scan_res 150 150"))
        #expect(hocr.contains(">Delivery</span> <span class=\"ocrx_word\""))

        // The searchable PDF is the input's own pages, with their text where it was read.
        let pdf = folder.url.appendingPathComponent("out.pdf")
        try #require(result.artifacts.first { $0.suffix == ".pdf" }).bytes.write(to: pdf)
        let found = try await Documents.text(ofPDF: pdf.path)
        #expect(Documents.characterErrorRate(found, String(decoding: text, as: UTF8.self)) <= 0.02, "\(found)")
        let words = try await Documents.words(ofPDF: pdf.path)
        let delivery = try #require(words[1].first { $0.text == "Delivery" })
        let item = result.pages[1].items[0].itemcoord
        #expect(abs(delivery.xMin - Double(item.x) * 72 / 150) < 3 && abs(delivery.yMin - Double(item.y) * 72 / 150) < 3, "\(delivery) vs \(item)")
        // Its scans are the input's, not re-encoded.
        let (shown, given) = (try await Documents.images(ofPDF: pdf.path), try await Documents.images(ofPDF: path))
        #expect(shown == given)
    }

    @Test func aGreyScanIsDrawnInGreyAndAColourOneInColour() async throws {
        let folder = try TemporaryFolder()
        let grey = folder.url.appendingPathComponent("grey.pdf").path
        try await Documents.scannedPDF(try Self.pageTexts.map { try Documents.page($0).image.colourspace(.grey) }, dpi: 150, to: grey)
        let result = await PipelineRunner(pipeline: try Self.pipeline(formats: ["json"])).process(file: grey)
        #expect(result.pages.map { $0.items.map(\.itemstring) } == Self.pageTexts)
        #expect(result.pages.allSatisfy { $0.records.first?.decisions["drawn_in"] == "grey" })

        let colour = try await Self.scannedPDF(in: folder, pages: [Self.pageTexts[0]])
        let read = await PipelineRunner(pipeline: try Self.pipeline(formats: ["json"])).process(file: colour)
        #expect(read.pages.first?.records.first?.decisions["drawn_in"] == "colour")
    }

    @Test func pagesChoosesWhichPagesAreRead() async throws {
        let folder = try TemporaryFolder()
        let path = try await Self.scannedPDF(in: folder)
        let result = await PipelineRunner(pipeline: try Self.pipeline(decode: ["pages": "2-"], formats: ["json"])).process(file: path)
        #expect(result.pages.map { $0.source.page } == [2, 3])
        #expect(result.pages.map { $0.items.first?.itemstring } == ["Delivery note 5521", "Page three of three"])
        #expect(throws: PipelineFileError.self) { try Self.pipeline(decode: ["pages": "3-1"]) }

        let none = await PipelineRunner(pipeline: try Self.pipeline(decode: ["pages": "9-"], formats: ["json"])).process(file: path)
        #expect(none.failure?.code == "no_such_page" && none.failure?.message.contains("3 pages, none of them in 9-") == true)
        let many = await PipelineRunner(pipeline: try Self.pipeline(decode: ["max_pages": 2], formats: ["json"])).process(file: path)
        #expect(many.failure?.code == "too_many_pages" && many.failure?.message.contains("max_pages") == true)
    }

    @Test func anEncryptedPDFNamesThePasswordParameterAndItsPasswordNeverShows() async throws {
        let folder = try TemporaryFolder()
        let plain = try await Self.scannedPDF(in: folder, pages: [Self.pageTexts[0]])
        let locked = folder.url.appendingPathComponent("locked.pdf").path
        try await Documents.tool("qpdf", ["--encrypt", "open-sesame-42", "owner-7c1", "256", "--", plain, locked])

        let refused = await PipelineRunner(pipeline: try Self.pipeline(formats: ["json"])).process(file: locked)
        #expect(refused.failure?.code == "encrypted_document" && refused.failure?.message.contains("decode's password parameter") == true)

        let pipeline = try Self.pipeline(decode: ["password": "${PDF_PASSWORD}"], environment: ["PDF_PASSWORD": "open-sesame-42"])
        let opened = await PipelineRunner(pipeline: pipeline).process(file: locked)
        #expect(opened.status == .ok && opened.pages.first?.items.first?.itemstring == "Invoice 4417 for March")
        let written = pipeline.redactor.scrub(opened.json).serialized() + (pipeline.resolvedDescription.serialized())
        #expect(!written.contains("open-sesame-42"))
        // The searchable copy keeps the document's encryption.
        let output = folder.url.appendingPathComponent("out.pdf")
        try #require(opened.artifacts.first { $0.suffix == ".pdf" }).bytes.write(to: output)
        #expect(throws: PDFError.encrypted(passwordGiven: false)) { try QPDFFile(file: output.path) }
    }

    @Test func aBornDigitalPageKeepsItsOwnTextUnlessToldToReadIt() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("born.pdf").path
        try await Documents.bornDigitalPDF("Quarterly report 2026\nRevenue grew by 12 percent", to: path)
        let kept = await PipelineRunner(pipeline: try Self.pipeline(formats: ["json", "pdf"])).process(file: path)
        #expect(kept.pages.first?.items.map(\.itemstring) == ["Quarterly report 2026", "Revenue grew by 12 percent"])
        #expect(kept.pages.first?.records.first { $0.stage == "recognize" }?.decisions["read_from"] == "the page's own text")
        // Its fonts and text are the PDF's own, and no second layer doubles them.
        let output = folder.url.appendingPathComponent("out.pdf")
        try #require(kept.artifacts.first { $0.suffix == ".pdf" }).bytes.write(to: output)
        let fonts = String(decoding: try await Documents.tool("pdffonts", [output.path]), as: UTF8.self)
        #expect(fonts.contains("DejaVuSans") && !fonts.contains("GlyphLessFont"), "\(fonts)")

        let read = await PipelineRunner(pipeline: try Self.pipeline(decode: ["pages_with_text": "ocr"], formats: ["json"])).process(file: path)
        #expect(read.pages.first?.records.first { $0.stage == "recognize" }?.decisions["engine"] == "ppocr")
        #expect(
            Documents.characterErrorRate(read.pages.first?.items.map(\.itemstring).joined() ?? "", "Quarterly report 2026 Revenue grew by 12 percent") < 0.1)
    }

    @Test func aMultiPageTIFFIsADocumentAndNotAnAnimation() async throws {
        let folder = try TemporaryFolder()
        let tiff = try Documents.multiPageTIFF(try Self.pageTexts.map { try Documents.page($0).image })
        let path = try folder.write(tiff, to: "fax.tif")
        let result = await PipelineRunner(pipeline: try Self.pipeline(formats: ["json", "txt", "pdf"])).process(file: path)
        #expect(result.status == .ok, "\(result.failure?.message ?? "")")
        #expect(result.pages.map { $0.items.first?.itemstring } == ["Invoice 4417 for March", "Delivery note 5521", "Page three of three"])
        #expect(result.pages.allSatisfy { $0.records.first?.decisions["pages"] == 3 })
        // Each page shows its picture in the searchable PDF, sized from the TIFF's resolution.
        let output = folder.url.appendingPathComponent("out.pdf")
        try #require(result.artifacts.first { $0.suffix == ".pdf" }).bytes.write(to: output)
        let info = String(decoding: try await Documents.tool("pdfinfo", [output.path]), as: UTF8.self)
        #expect(info.contains("Pages:           3"), "\(info)")
        #expect(Documents.characterErrorRate(try await Documents.text(ofPDF: output.path), Self.pageTexts.flatMap { $0 }.joined()) <= 0.02)
    }

    @Test func aPageTooLargeIsRenderedLowerOrFailsAlone() async throws {
        let lowered = try PDFPageResolution.choose(
            requested: 0, scan: nil, widthPoints: 14_400, heightPoints: 14_400, maxPixels: 250_000_000, maxMemoryBytes: 8 << 30)
        #expect(lowered.dpi == 79 && lowered.loweredFrom == 300 && lowered.reason == .fallback)
        let scan = try PDFPageResolution.choose(requested: 0, scan: 199.7, widthPoints: 612, heightPoints: 792, maxPixels: 250_000_000, maxMemoryBytes: 8 << 30)
        #expect(scan.dpi == 200 && scan.reason == .scan && scan.loweredFrom == nil)
        let thumbnail = try PDFPageResolution.choose(
            requested: 0, scan: 40, widthPoints: 612, heightPoints: 792, maxPixels: 250_000_000, maxMemoryBytes: 8 << 30)
        #expect(thumbnail.dpi == 100)
        #expect(throws: ImageError.self) {
            try PDFPageResolution.choose(requested: 300, scan: nil, widthPoints: 14_400, heightPoints: 14_400, maxPixels: 10_000, maxMemoryBytes: 8 << 30)
        }
    }

    @Test func pageSelectionsParseAsWritten() {
        #expect(PageSelection("all")?.pages(in: 4) == [1, 2, 3, 4])
        #expect(PageSelection("1-3,7")?.pages(in: 10) == [1, 2, 3, 7])
        #expect(PageSelection("5-")?.pages(in: 7) == [5, 6, 7])
        #expect(PageSelection(" 2 , 2-3 ")?.pages(in: 9) == [2, 3])
        #expect(PageSelection("9")?.pages(in: 3) == [])
        for bad in ["", "0", "3-1", "a-b", "1,,2", "-4"] { #expect(PageSelection(bad) == nil, "\(bad)") }
    }
}
