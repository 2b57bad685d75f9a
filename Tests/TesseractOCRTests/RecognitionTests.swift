import Foundation
import SyntheticImages
import TestSupport
import Testing
import VipsKit

@testable import OCRPipeline
@testable import TesseractOCR

/// Recognition with the embedded engine, end to end through the pipeline's stages.
@Suite struct RecognitionTests {
    static let recognize = RecognizeStage(engineName: "tesseract", engine: TesseractRecognizer())

    @Test func boxesAreInUprightOriginalPixelsAfterRotationAndDownscaling() async throws {
        // Drawn upright at 3000×2000, stored sideways with EXIF 6, fitted down to 1500 px.
        let page = try SyntheticImages.page(
            width: 3000, height: 2000,
            lines: [
                ("Delivery note 5521", 200, 300, 90), ("Received by the front desk", 200, 1400, 90),
            ])
        let stored = try TestImages.jpeg(page.image.rotated(clockwise: 270), orientation: 6)
        let job = try await runStages([DecodeStage(), FitStage().with { $0.maxSide = 1500 }, Self.recognize, MergeStage()], on: stored)
        #expect(job.items.map(\.itemstring) == page.lines.map(\.text))
        for (item, drawn) in zip(job.items, page.lines) {
            #expect(abs(item.itemcoord.x - drawn.box.x) <= 6 && abs(item.itemcoord.y - drawn.box.y) <= 6, "\(item.itemcoord) vs \(drawn.box)")
            #expect(abs(item.itemcoord.maxX - (drawn.box.x + drawn.box.width)) <= 8)
        }
        #expect(job.status == .ok)
    }

    @Test func chineseHasNoSpacesBetweenCharactersAndLatinKeepsThem() async throws {
        let page = try SyntheticImages.page(width: 1400, height: 300, lines: [("今天下午三点在会议室开会", 40, 40, 48), ("Meeting at three", 40, 180, 48)])
        let job = try await runStages([DecodeStage(), Self.recognize, MergeStage()], on: try TestImages.png(page.image))
        #expect(job.items.map(\.itemstring) == ["今天下午三点在会议室开会", "Meeting at three"])
        #expect(job.items.first?.words.count == 12)
        #expect(job.items.allSatisfy { $0.words.allSatisfy { (0...100).contains($0.confidence) } })
    }

    /// Fit encodes the upright image and recognition reads it again: every format must allow that.
    @Test(arguments: [".jp2", ".webp", ".tif[tile]", ".heic"])
    func everyFormatIsReadByFitAndThenByTheEngine(suffix: String) async throws {
        // Small and grey: the size at which libvips 8.14 fails to decode a JPEG 2000 image twice.
        let page = try SyntheticImages.page(width: 460, height: 110, lines: [("Read twice", 30, 30, 44)])
        let encoded = try page.image.extractingBands(first: 0, count: 1).encoded(suffix: suffix)
        let job = try await runStages([DecodeStage(), FitStage(), Self.recognize, MergeStage()], on: encoded)
        #expect(job.status == .ok)
        #expect(job.items.map(\.itemstring) == ["Read twice"])
    }

    /// A TIFF may carry more bands than colour and alpha; the extra ones are dropped.
    @Test func aSixBandTIFFIsReadFromItsFirstBands() async throws {
        let page = try SyntheticImages.page(width: 460, height: 110, lines: [("Six bands", 30, 30, 44)])
        let six = try page.image.joiningBands(page.image).encoded(suffix: ".tif")
        let job = try await runStages([DecodeStage(), FitStage(), Self.recognize, MergeStage()], on: six, name: "six.tif")
        #expect(job.upright?.image.bands == 3)
        #expect(job.items.map(\.itemstring) == ["Six bands"])
    }

    @Test func noTextIsASuccessWithZeroItems() async throws {
        let blank = try SyntheticImages.page(width: 800, height: 600, lines: [])
        let outcome = await result(
            [DecodeStage(), FitStage(), Self.recognize, MergeStage(), WriteStage().with { $0.formats = [.txt] }], on: try TestImages.png(blank.image))
        #expect(outcome.status == .ok)
        #expect(outcome.service == .noText)
        #expect(outcome.items.isEmpty)
        #expect(outcome.json["code"] == -9021)
        #expect(outcome.json["data"]?["items"] == .array([]))
        #expect(outcome.artifacts.first?.bytes.isEmpty == true)
    }

    @Test func writesTextAndAnOverlay() async throws {
        let page = try SyntheticImages.page(width: 900, height: 400, lines: [("First line", 40, 40, 40), ("Second line", 40, 200, 40)])
        let outcome = await result(
            [DecodeStage(), Self.recognize, MergeStage(), WriteStage().with { $0.formats = [.json, .txt, .overlay] }],
            on: try TestImages.png(page.image))
        let files = Dictionary(uniqueKeysWithValues: outcome.artifacts.map { ($0.suffix, $0.bytes) })
        #expect(String(decoding: try #require(files[".txt"]), as: UTF8.self) == "First line\nSecond line\n")
        let overlay = try VImage.decode(try #require(files[".overlay.jpg"]))
        #expect(overlay.width == 900 && overlay.height == 400 && overlay.bands == 3)
        // The boxes are drawn in red: the overlay holds strongly red pixels the page did not.
        let red = try overlay.extractingBands(first: 0, count: 1).average(), green = try overlay.extractingBands(first: 1, count: 1).average()
        #expect(red - green > 0.3)
        #expect(outcome.json["data"]?["items"]?.arrayValue?.count == 2)
    }
}
