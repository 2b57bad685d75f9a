import Foundation
import OCREngines
import OCRPipeline
import Testing

/// The example in Stage.swift's documentation, verbatim: the contract it teaches must compile
/// and work with the public API alone (this file does not use `@testable`).
struct MinimumConfidenceStage: DeclaredStage {
    enum Scope: String, ParameterChoice { case lines, characters }

    @Param("threshold", range: 0...100, help: "lines with a lower mean confidence are dropped")
    var threshold = 60.0
    @Param("scope", help: "lines: drop whole lines; characters: drop single characters")
    var scope = Scope.lines

    static let descriptor = StageDescriptor(
        Self.self, type: "min-confidence",
        summary: "Drops recognised lines whose mean confidence is below a threshold.", needs: [.items])

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
        var registry = StageRegistry.standard
        registry.register(MinimumConfidenceStage.descriptor)
        #expect(registry.typeNames.contains("min-confidence"))
        // Validated like a built-in stage.
        #expect(throws: PipelineFileError.self) {
            try Pipeline.load(document: ["stages": [["type": "decode"], ["type": "min-confidence"]]], registry: registry, environment: [:])
        }
        func read(_ stage: JSONObject?) async throws -> JobResult {
            var stages: [JSONValue] = [["type": "decode"], ["type": "recognize", "params": ["engine": "tesseract", "languages": "eng"]], ["type": "merge"]]
            if let stage { stages.append(["type": "min-confidence", "params": .object(stage)]) }
            let pipeline = try Pipeline.load(document: ["stages": .array(stages)], registry: registry, environment: [:])
            let page = try TestImages.png(TestImages.page(width: 700, height: 150, text: "Clear text"))
            return await PipelineRunner(pipeline: pipeline).process(data: page, name: "page.png")
        }
        // Read without the stage: one line, and its confidence.
        let plain = try await read(nil)
        let line = try #require(plain.items.first, "\(plain.failure?.message ?? "")")
        #expect(plain.items.count == 1 && line.meanConfidence < 99.9)
        // A threshold just above the line's confidence drops it; just below keeps it.
        let above = try await read(["threshold": .double(line.meanConfidence + 0.05)])
        #expect(above.items.isEmpty && above.records.last?.stage == "min-confidence" && above.records.last?.decisions["dropped"] == .int(1))
        let below = try await read(["threshold": .double(line.meanConfidence - 0.05)])
        #expect(below.items.map(\.itemstring) == [line.itemstring] && below.records.last?.decisions["dropped"] == .int(0))
        // Characters: the line stays, its characters under the threshold go.
        let characters = try await read(["threshold": .double(line.meanConfidence), "scope": "characters"])
        let kept = try #require(characters.items.first)
        #expect(kept.words.count < line.words.count && kept.words.allSatisfy { $0.confidence >= line.meanConfidence })
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

    /// The example in Stage.swift's documentation is this file's stage, line for line.
    @Test func theDocumentationShowsThisStageVerbatim() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let documentation = try String(contentsOf: root.appendingPathComponent("Sources/OCRPipeline/Contract/Stage.swift"), encoding: .utf8)
        let example =
            try #require(documentation.components(separatedBy: "/// ## Example: drop low-confidence lines\n/// ```swift\n").last)
            .components(separatedBy: "\n/// ```").first ?? ""
        let exampleLines = example.split(separator: "\n").map { String($0.dropFirst(4)) }.prefix { !$0.hasPrefix("var registry") }
        let this = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let start = try #require(this.range(of: "struct MinimumConfidenceStage: DeclaredStage {"))
        let thisLines = this[start.lowerBound...].split(separator: "\n", omittingEmptySubsequences: false).prefix(exampleLines.count).map(String.init)
        #expect(Array(exampleLines).filter { !$0.isEmpty } == thisLines.filter { !$0.isEmpty })
    }
}
