import Foundation
import SyntheticImages
import TestSupport
import Testing
import VipsKit

@testable import OCRPipeline
@testable import PaddleOCR

/// `orient`: pages turned without EXIF are read upright, with their items in the upright
/// image's pixels and the turn recorded; too little text, or an EXIF orientation, leaves them be.
@Suite struct OrientStageTests {
    static let lines = [
        "Quarterly report for the harbour office", "Shipments rose by twelve percent this year", "会议纪要已上传至共享文件夹",
        "Please file expenses before Friday", "Customer satisfaction reached 92 percent",
    ]

    static func page() throws -> SyntheticImages.Rendered {
        try SyntheticImages.page(width: 1400, height: 900, lines: lines.enumerated().map { ($1, 80, 80 + $0 * 150, 40) })
    }

    static func pipeline(orient: JSONObject = [:]) throws -> Pipeline {
        try Pipeline.load(
            document: [
                "version": 1,
                "stages": [
                    ["type": "decode"], ["type": "orient", "params": .object(orient)], ["type": "tile"],
                    ["type": "recognize", "params": ["engine": "ppocr", "threads": 1]], ["type": "merge"],
                ],
            ], registry: .withPaddleOCR)
    }

    static func decision(_ result: JobResult) -> String? {
        result.records.first { $0.stage == "orient" }?.decisions["decision"]?.stringValue
    }

    @Test(arguments: [90, 180, 270])
    func aTurnedPageIsReadUprightWithItsItemsWhereTheUprightPageHasThem(turn: Int) async throws {
        let page = try Self.page()
        let runner = PipelineRunner(pipeline: try Self.pipeline())
        let upright = await runner.process(data: try page.image.pngData(), name: "upright.png")
        let turned = await runner.process(data: try page.image.rotated(clockwise: turn).pngData(), name: "turned.png")
        #expect(Self.decision(upright) == "upright" && upright.source.angle == 0)
        #expect(Self.decision(turned) == "turned" && turned.source.angle == turn, "\(turned.records.first { $0.stage == "orient" }?.json ?? .null)")
        #expect(turned.items.map(\.itemstring) == upright.items.map(\.itemstring))
        #expect(turned.source.uprightSize == PixelSize(width: 1400, height: 900))
        for (a, b) in zip(turned.items, upright.items) {
            #expect(abs(a.itemcoord.x - b.itemcoord.x) <= 3 && abs(a.itemcoord.y - b.itemcoord.y) <= 3, "\(a.itemcoord) vs \(b.itemcoord)")
        }
        #expect(turned.json["source"]?["angle"] == .int(turn))
        // Mapped back to the file's own pixels: where the turned drawing has the line.
        let (width, height) = (1400, 900)
        for item in upright.items {
            let box = item.itemcoord
            let expected: Box =
                switch turn {
                case 90: Box(x: height - box.maxY, y: box.x, width: box.height, height: box.width)
                case 180: Box(x: width - box.maxX, y: height - box.maxY, width: box.width, height: box.height)
                default: Box(x: box.y, y: width - box.maxX, width: box.height, height: box.width)
                }
            let match = try #require(turned.items.first { $0.itemstring == item.itemstring })
            let stored = turned.source.itemOrientation.storedBox(forUpright: match.itemcoord, storedSize: try #require(turned.source.size))
            #expect(abs(stored.x - expected.x) <= 3 && abs(stored.y - expected.y) <= 3 && abs(stored.width - expected.width) <= 3, "\(stored) vs \(expected)")
        }
    }

    /// Real pages from the corpus, saved turned as PNG without EXIF: each turn is found, and
    /// what is read turned is what is read upright.
    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage), arguments: ["t1_tess_phototest.tif", "tc_ocr_namecard_01.jpg"])
    func realPagesAreFoundInEachTurn(name: String) async throws {
        let upright = try VImage.load(.file(Corpus.path(name)))
        let runner = PipelineRunner(pipeline: try Self.pipeline())
        let asRead = await runner.process(data: try upright.pngData(), name: name)
        #expect(Self.decision(asRead) != "turned" && asRead.source.angle == 0)
        let text = asRead.items.map(\.itemstring).joined(separator: " ")
        #expect(text.count > 40, "\(text)")
        for turn in [90, 180, 270] {
            let result = await runner.process(data: try upright.rotated(clockwise: turn).pngData(), name: "\(turn)-\(name).png")
            #expect(result.source.angle == turn, "\(name) turned \(turn): \(result.records.first { $0.stage == "orient" }?.json ?? .null)")
            let read = result.items.map(\.itemstring).joined(separator: " ")
            #expect(Documents.characterErrorRate(read, text) < 0.05, "\(name) turned \(turn): \(read)")
        }
    }

    @Test func aPageWithTooLittleTextIsLeftAsItIs() async throws {
        // One short word on a large empty page: nothing to tell its turn by.
        let sparse = try SyntheticImages.page(width: 900, height: 700, lines: [("OK", 420, 330, 36)]).image
        for turn in [0, 90] {
            let result = await PipelineRunner(pipeline: try Self.pipeline()).process(data: try sparse.rotated(clockwise: turn).pngData(), name: "sparse.png")
            #expect(result.source.angle == 0, "turn \(turn): \(result.records.first { $0.stage == "orient" }?.json ?? .null)")
            #expect(["undecided", "not_confirmed", "upright"].contains(Self.decision(result) ?? ""), "\(Self.decision(result) ?? "")")
        }
        let strip = try SyntheticImages.page(width: 200, height: 40, lines: [("Total", 10, 5, 26)]).image
        let tiny = await PipelineRunner(pipeline: try Self.pipeline()).process(data: try strip.pngData(), name: "strip.png")
        #expect(Self.decision(tiny) == "too_small" && tiny.source.angle == 0)
    }

    @Test func exifWinsAndThePageIsNotTurnedTwice() async throws {
        let page = try Self.page()
        // Stored sideways, with EXIF orientation 6 saying so.
        let stored = try page.image.rotated(clockwise: 270).setting("orientation", to: 6).jpegData(quality: 92, stripMetadata: false)
        let result = await PipelineRunner(pipeline: try Self.pipeline()).process(data: stored, name: "exif6.jpg")
        #expect(Self.decision(result) == "exif" && result.source.angle == 0 && result.source.orientation == Orientation(rawValue: 6))
        #expect(result.items.map(\.itemstring).first == Self.lines.first)
    }

    @Test func itCanBeTurnedOffAndIsCheckedAtLoad() async throws {
        let turned = try Self.page().image.rotated(clockwise: 180).pngData()
        let off = await PipelineRunner(pipeline: try Self.pipeline(orient: ["enabled": false])).process(data: turned, name: "off.png")
        #expect(Self.decision(off) == "off" && off.source.angle == 0)
        #expect(throws: PipelineFileError.self) { try Self.pipeline(orient: ["min_confidence": 0.5, "confirm_from": 0.7]) }
        #expect(throws: PipelineFileError.self) { try Self.pipeline(orient: ["model_folder": "/nonexistent"]) }
    }

    @Test func turningComposesWithEXIF() {
        #expect(Orientation.upright.turned(clockwise: 90) == Orientation(rawValue: 6))
        #expect(Orientation(rawValue: 6).turned(clockwise: 90) == Orientation(rawValue: 3))
        #expect(Orientation(rawValue: 8).turned(clockwise: 90) == .upright)
        // Mirrored: the turn after the mirror runs the other way.
        #expect(Orientation(rawValue: 2).turned(clockwise: 90) == Orientation(rawValue: 7))
        #expect(Orientation(rawValue: 5).turned(clockwise: 270) == Orientation(rawValue: 4))
    }
}
