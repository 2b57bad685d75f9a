import Foundation
import SyntheticImages
import TestSupport
import Testing
import VipsKit

@testable import OCRPipeline
@testable import PaddleOCR

/// Lines that run their own way on an upright page — a label turned on its side, a book's spine,
/// a stamp upside down, a column of Chinese written top to bottom — are read along their
/// direction, and the page around them is not turned.
@Suite struct LineDirectionTests {
    /// `text` as dark ink on white, cropped to its ink with a margin and turned `turn` degrees clockwise.
    static func strip(_ text: String, pixelHeight: Int, turn: Int) throws -> VImage {
        let (mask, ink) = try SyntheticImages.textMask(text, pixelHeight: pixelHeight)
        let margin = pixelHeight / 3
        let dark = try mask.cropped(PixelBox(x: ink.x, y: ink.y, width: ink.width, height: ink.height)).linear(-235.0 / 255, 255)
            .embeddedOnWhite(x: margin, y: margin, width: ink.width + 2 * margin, height: ink.height + 2 * margin)
        return try dark.joiningBands(dark).joiningBands(dark).rotated(clockwise: turn)
    }

    /// Characters set one under the other, as Chinese is written in columns.
    static func column(_ text: String, pixelHeight: Int) throws -> VImage {
        let pitch = pixelHeight * 5 / 4
        var canvas = try VImage.black(width: pitch, height: pitch * text.count + pitch / 2, bands: 3).linear(1, 255)
        for (index, character) in text.enumerated() {
            let (mask, ink) = try SyntheticImages.textMask(String(character), pixelHeight: pixelHeight)
            let glyph = try mask.cropped(PixelBox(x: ink.x, y: ink.y, width: ink.width, height: ink.height)).linear(-235.0 / 255, 255)
            canvas = try canvas.inserting(
                try glyph.joiningBands(glyph).joiningBands(glyph), x: (pitch - ink.width) / 2, y: pitch / 4 + index * pitch + (pixelHeight - ink.height) / 2)
        }
        return try canvas.copiedToMemory()
    }

    /// An upright delivery note with a label, a spine, a stamp and Chinese columns on it.
    static func page() throws -> VImage {
        let base = try SyntheticImages.page(
            width: 1500, height: 1300,
            lines: [
                ("Delivery note for the harbour office", 200, 80, 40), ("Three crates of printed forms", 200, 170, 40),
                ("Signed on arrival by the clerk", 200, 260, 40), ("会议纪要已上传至共享文件夹", 200, 350, 40),
            ])
        var canvas = base.image
        canvas = try canvas.inserting(try strip("FRAGILE HANDLE WITH CARE", pixelHeight: 40, turn: 90), x: 1380, y: 100)
        canvas = try canvas.inserting(try strip("THE HARBOUR ALMANAC", pixelHeight: 40, turn: 270), x: 60, y: 300)
        canvas = try canvas.inserting(try strip("RECEIVED 12 MAY 2026", pixelHeight: 40, turn: 180), x: 300, y: 1150)
        canvas = try canvas.inserting(try column("港口办公室通知", pixelHeight: 40), x: 1100, y: 500)
        canvas = try canvas.inserting(try column("出口", pixelHeight: 40), x: 900, y: 600)
        canvas = try canvas.inserting(try strip("TOP", pixelHeight: 40, turn: 90), x: 700, y: 700)
        canvas = try canvas.inserting(try strip("LOT 7", pixelHeight: 40, turn: 180), x: 400, y: 700)
        canvas = try canvas.inserting(try strip("Box 14", pixelHeight: 40, turn: 270), x: 300, y: 900)
        return try canvas.copiedToMemory()
    }

    @Test func eachLineIsReadAlongItsOwnDirection() async throws {
        let pipeline = try Pipeline.load(
            document: [
                "version": 1,
                "stages": [["type": "decode"], ["type": "orient"], ["type": "tile"], ["type": "recognize", "params": ["engine": "ppocr"]], ["type": "merge"]],
            ], registry: .withPaddleOCR)
        let result = await PipelineRunner(pipeline: pipeline).process(data: try Self.page().pngData(), name: "page.png")
        #expect(result.records.first { $0.stage == "orient" }?.decisions["decision"]?.stringValue == "upright")
        let read = Dictionary(result.items.map { ($0.itemstring, $0.itemcoord) }, uniquingKeysWith: { first, _ in first })
        let expected: [String: (x: Int, y: Int)] = [
            "Delivery note for the harbour office": (200, 80), "会议纪要已上传至共享文件夹": (200, 350),
            "FRAGILE HANDLE WITH CARE": (1393, 113), "THE HARBOUR ALMANAC": (73, 313), "RECEIVED 12 MAY 2026": (313, 1163),
            "港口办公室通知": (1107, 514), "出口": (909, 614), "TOP": (713, 713), "LOT 7": (413, 713), "Box 14": (313, 913),
        ]
        for (text, place) in expected {
            let box = read[text]
            #expect(
                box.map { abs($0.x - place.x) <= 8 && abs($0.y - place.y) <= 8 } == true,
                "\(text): \(box.map { "\($0)" } ?? "not read") in \(read.keys.sorted())")
        }
    }
}
