import Foundation
import SyntheticImages
import TestSupport
import Testing
import VipsKit

@testable import OCRPipeline
@testable import PaddleOCR

/// The `ppocr` engine with the real PP-OCR models on ONNX Runtime (installed by
/// scripts/install-ppocr.sh, as the test command does).
@Suite struct PPOCRTests {
    static let recognize = RecognizeStage(engineName: "ppocr", engine: PPOCRRecognizer().with { $0.threads = 2 })

    static func normalised(_ text: String) -> String { text.precomposedStringWithCompatibilityMapping }

    @Test func readsChineseAndEnglishWithBoxesAndConfidences() async throws {
        let page = try SyntheticImages.page(
            width: 1000, height: 420,
            lines: [
                ("Delivery note 5521", 60, 50, 48), ("收货人：王小明", 60, 170, 48), ("Total 318.40 EUR", 60, 290, 48),
            ])
        let job = try await runStages([DecodeStage(), Self.recognize, MergeStage()], on: try TestImages.png(page.image))
        #expect(job.items.map { Self.normalised($0.itemstring) } == page.lines.map { Self.normalised($0.text) })
        for (item, drawn) in zip(job.items, page.lines) {
            // The detector's boxes hold the ink with a margin (its unclip) of a few pixels.
            #expect(item.itemcoord.x <= drawn.box.x && item.itemcoord.x >= drawn.box.x - 16, "\(item.itemcoord) vs \(drawn.box)")
            #expect(item.itemcoord.y <= drawn.box.y && item.itemcoord.y >= drawn.box.y - 16, "\(item.itemcoord) vs \(drawn.box)")
            #expect(item.itemcoord.maxX >= drawn.box.x + drawn.box.width && item.itemcoord.maxX <= drawn.box.x + drawn.box.width + 16)
            #expect(item.itemcoord.maxY >= drawn.box.y + drawn.box.height && item.itemcoord.maxY <= drawn.box.y + drawn.box.height + 16)
            #expect(item.words.count == drawn.text.filter { !$0.isWhitespace }.count)
            #expect(item.words.allSatisfy { $0.confidence > 80 && $0.confidence <= 100 }, "\(item.words.map(\.confidence))")
            // Each character's box lies inside its line, left to right.
            let boxes = item.words.compactMap(\.box)
            #expect(boxes.count == item.words.count)
            #expect(zip(boxes, boxes.dropFirst()).allSatisfy { $0.x <= $1.x })
            #expect(boxes.allSatisfy { $0.x >= item.itemcoord.x - 2 && $0.maxX <= item.itemcoord.maxX + 2 })
        }
        #expect(job.items[0].words.dropFirst(8).first?.followsSpace == true)  // "Delivery note": the n follows a space
    }

    @Test func twoColumnsAreReadColumnByColumn() async throws {
        let left = (1...6).map { ("Left column line number \($0)", 60, 140 + $0 * 70, 34) }
        let right = (1...6).map { ("Right column line number \($0)", 760, 150 + $0 * 70, 34) }
        let page = try SyntheticImages.page(width: 1400, height: 720, lines: [("A heading across both columns of the page", 300, 40, 44)] + left + right)
        let job = try await runStages([DecodeStage(), Self.recognize, MergeStage()], on: try TestImages.png(page.image))
        #expect(job.items.map(\.itemstring) == page.lines.map(\.text), "\(job.items.map(\.itemstring))")
    }

    @Test func aLongScreenshotIsTiledAndEveryLineReadOnce() async throws {
        let shot = try SyntheticImages.screenshot(width: 900, lineCount: 40, pitch: 150, pixelHeight: 34) { "Message \($0 + 1): see you at \($0 + 10) o'clock" }
        let job = try await runStages([DecodeStage(), TileStage(), Self.recognize, MergeStage()], on: try TestImages.png(shot.image))
        #expect(job.views.count > 1)
        #expect(job.items.map(\.itemstring) == shot.lines.map(\.text), "\(job.items.map(\.itemstring))")
        for (item, drawn) in zip(job.items, shot.lines) {
            #expect(abs(item.itemcoord.centerY - Double(drawn.box.y) - Double(drawn.box.height) / 2) <= 4, "\(item.itemcoord) vs \(drawn.box)")
        }
    }

    @Test func aMissingModelIsRefusedAtLoadNamingTheFileAndTheFix() throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: PipelineFileError.self) {
            try Pipeline.load(
                document: [
                    "stages": [["type": "decode"], ["type": "recognize", "params": ["engine": "ppocr", "model_folder": .string(folder.path)]]]
                ], registry: .withPaddleOCR)
        }
        let text = error?.description ?? ""
        #expect(text.contains("\(folder.path)/PP-OCRv6_det_small.onnx is missing"), "\(text)")
        #expect(text.contains("scripts/install-ppocr.sh"))
    }

    @Test func aDamagedModelIsRefusedNamingTheFileAndTheFix() throws {
        let folder = try TemporaryFolder()
        for name in ["PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx", "ch_ppocr_mobile_v2.0_cls_mobile.onnx"] {
            try FileManager.default.copyItem(atPath: "\(PPOCRRecognizer.defaultModelFolder)/\(name)", toPath: "\(folder.path)/\(name)")
        }
        try folder.write(Data("<html>not a model</html>".utf8), to: "PP-OCRv6_rec_small.onnx")
        let error = #expect(throws: PipelineFileError.self) {
            try Pipeline.load(
                document: [
                    "stages": [["type": "decode"], ["type": "recognize", "params": ["engine": "ppocr", "model_folder": .string(folder.path)]]]
                ], registry: .withPaddleOCR)
        }
        let text = error?.description ?? ""
        #expect(text.contains("\(folder.path)/PP-OCRv6_rec_small.onnx is not an ONNX model"), "\(text)")
        #expect(text.contains("scripts/install-ppocr.sh"))
    }
}
