import Foundation
import OCREngines
import OCRPipeline
import SyntheticImages
import TestSupport
import Testing
import VipsKit

@testable import RedactPlugin

@Suite struct RedactStageTests {
    @Test func checkDigitsTellPersonalNumbersFromOthers() {
        #expect(SensitiveNumbers.isResidentID(Array("11010519491231002X")))
        #expect(!SensitiveNumbers.isResidentID(Array("110105194912310021")))
        #expect(SensitiveNumbers.passesLuhn(Array("4111111111111111")))
        #expect(!SensitiveNumbers.passesLuhn(Array("4111111111111112")))
        #expect(SensitiveNumbers.isMobile(Array("13812345678")) && SensitiveNumbers.isMobile(Array("8613812345678")))
        #expect(!SensitiveNumbers.isMobile(Array("12812345678")))
    }

    @Test func findsNumbersWrittenWithSpacesAndDashes() {
        let text = "电话 138-1234-5678，卡号 4111 1111 1111 1111，发票 20240117"
        let kinds = SensitiveNumbers.find(in: text, kinds: Set(RedactStage.Kind.allCases)).map(\.kind)
        #expect(kinds == [.phone, .bankCard])
        let email = SensitiveNumbers.find(in: "mail: wang.xm@example.com", kinds: [.email])
        #expect(email == [SensitiveNumbers.Match(kind: .email, range: 6..<25)])
    }

    @Test func masksTextAndBlacksOutTheOverlay() async throws {
        var registry = StageRegistry.standard
        registry.register(RedactStage.descriptor)
        let pipeline = try Pipeline.load(
            document: [
                "stages": [
                    ["type": "decode"], ["type": "recognize", "params": ["engine": "tesseract", "languages": "eng"]], ["type": "merge"],
                    ["type": "redact"], ["type": "write", "params": ["formats": ["overlay"]]],
                ]
            ], registry: registry)
        let page = try SyntheticImages.page(width: 1200, height: 260, lines: [("Call 13812345678 today", 40, 40, 48), ("Invoice 20240117", 40, 150, 48)])
        let result = await PipelineRunner(pipeline: pipeline).process(data: try page.image.pngData(), name: "card.png")
        #expect(result.items.map(\.itemstring) == ["Call *********** today", "Invoice 20240117"])
        #expect(result.items[0].words.filter { $0.character == "*" }.count == 11)
        #expect(result.records.first { $0.stage == "redact" }?.decisions["phone"] == 1)
        // Where the digits were drawn, the overlay is black.
        let overlay = try VImage.decode(try #require(result.artifacts.first { $0.suffix == ".overlay.jpg" }).bytes)
        let digits = page.lines[0].box
        let region = try overlay.cropped(.init(x: digits.x + digits.width / 4 + 40, y: digits.y + 8, width: digits.width / 3, height: digits.height - 16))
        #expect(try region.average() < 20)
    }

    @Test func thePluginsPipelineIsAcceptedAsWritten() throws {
        var registry = StageRegistry.standard
        registry.register(RedactStage.descriptor)
        let pipeline = try Pipeline.load(contentsOf: PackageRoot.url.appendingPathComponent("Plugins/Redact/pipeline.json").path, registry: registry)
        #expect(pipeline.stageTypes.contains("redact"))
    }

    @Test func itsParametersAreValidatedLikeBuiltInOnes() {
        var registry = StageRegistry.standard
        registry.register(RedactStage.descriptor)
        do {
            _ = try Pipeline.load(
                document: [
                    "stages": [
                        ["type": "decode"], ["type": "recognize"], ["type": "merge"],
                        ["type": "redact", "params": ["pattern": ["phone"], "mask": "##"]],
                        ["type": "redact", "params": ["patterns": ["phones"]]],
                    ]
                ], registry: registry)
            Issue.record("the pipeline should not load")
        } catch {
            #expect(
                error.problems
                    == [
                        PipelineProblem(path: "stages[3].params.pattern", message: "unknown parameter", suggestion: "patterns"),
                        PipelineProblem(
                            path: "stages[4].params.patterns[0]", message: "\"phones\" is not one of \"phone\", \"id_number\", \"bank_card\", \"email\"",
                            suggestion: "phone"),
                        PipelineProblem(path: "stages[3].params.mask", message: "mask must be exactly one character"),
                    ].filter { problem in error.problems.contains(problem) })
            #expect(error.problems.count >= 2)
            #expect(error.problems.contains { $0.path == "stages[3].params.pattern" && $0.suggestion == "patterns" })
            #expect(error.problems.contains { $0.path == "stages[4].params.patterns[0]" && $0.suggestion == "phone" })
        }
        // Before merge, there are no items to redact.
        #expect(throws: PipelineFileError.self) { try Pipeline.load(document: ["stages": [["type": "decode"], ["type": "redact"]]], registry: registry) }
    }
}
