import Foundation
import OCRPipeline
import Testing

/// The example in Stage.swift's documentation, verbatim: the contract it teaches must compile
/// and work with the public API alone (this file does not use `@testable`).
struct MinimumConfidenceStage: Stage {
    enum Scope: String, CaseIterable, Sendable { case lines, characters }

    static let threshold = Parameter.number(
        "threshold", default: 60, range: 0...100,
        help: "lines with a lower mean confidence are dropped")
    static let scope = Parameter.choice(
        "scope", default: Scope.lines,
        help: "lines: drop whole lines; characters: drop single characters")
    static let descriptor = StageDescriptor(
        type: "min-confidence",
        summary: "Drops recognised lines whose mean confidence is below a threshold.",
        parameters: [threshold.spec, scope.spec],
        needs: [.items]
    ) { parameters, _ in MinimumConfidenceStage(threshold: parameters[threshold], scope: parameters[scope]) }

    var threshold = Self.threshold.defaultValue
    var scope = Self.scope.defaultValue

    func process(_ job: inout Job, context: StageContext) async throws {
        let before = job.items.count
        switch scope {
        case .lines: job.items.removeAll { $0.meanConfidence < threshold }
        case .characters:
            for index in job.items.indices { job.items[index].words.removeAll { $0.confidence < threshold } }
        }
        job[record: "dropped"] = .int(before - job.items.count)
    }
}

@Suite struct StageContractTests {
    @Test func theDocumentedExampleStageWorks() async throws {
        var registry = StageRegistry.builtIn
        registry.register(MinimumConfidenceStage.descriptor)
        #expect(registry.typeNames.contains("min-confidence"))
        // Validated like a built-in stage.
        #expect(throws: PipelineFileError.self) {
            try Pipeline.load(document: ["stages": [["type": "decode"], ["type": "min-confidence"]]], registry: registry, environment: [:])
        }
        let pipeline = try Pipeline.load(
            document: [
                "stages": [
                    ["type": "decode"], ["type": "recognize", "params": ["engine": "tesseract", "languages": "eng"]], ["type": "merge"],
                    ["type": "min-confidence", "params": ["threshold": 99.5]],
                ]
            ], registry: registry, environment: [:])
        let page = try TestImages.png(TestImages.page(width: 700, height: 150, text: "Clear text"))
        let result = await PipelineRunner(pipeline: pipeline).process(data: page, name: "page.png")
        let record = try #require(result.records.last)
        #expect(record.stage == "min-confidence")
        #expect(record.decisions["dropped"]?.intValue == 1 - result.items.count)
        // A choice outside the enum is refused at load, naming the values.
        let wrong = #expect(throws: PipelineFileError.self) {
            try Pipeline.load(
                document: [
                    "stages": [
                        ["type": "decode"], ["type": "recognize"], ["type": "merge"],
                        ["type": "min-confidence", "params": ["scope": "words"]],
                    ]
                ], registry: registry, environment: [:])
        }
        #expect(wrong?.description.contains("\"lines\" | \"characters\"") == true, "\(wrong?.description ?? "")")
    }
}
