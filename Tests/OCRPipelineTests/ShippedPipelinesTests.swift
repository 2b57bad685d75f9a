import Foundation
import OCREngines
import OCRPipeline
import Testing

/// Every pipeline the project shows a user — the samples' file and each `json` block with stages in
/// the README, the plugins' guide and docs/ — loads as written with the command line's stages.
@Suite struct ShippedPipelinesTests {
    static let documents = ["README.md", "Plugins/README.md"] + Self.markdown(in: "docs")

    @Test func theSamplesPipelineIsAccepted() throws {
        let pipeline = try Pipeline.load(contentsOf: PackageRoot.url.appendingPathComponent("samples/pipeline.json").path, registry: .standard)
        #expect(pipeline.stageTypes.first == "decode" && pipeline.stageTypes.contains("recognize"))
    }

    @Test(arguments: documents)
    func everyPipelineInTheDocumentationIsAcceptedAsWritten(document: String) throws {
        let text = try String(contentsOf: PackageRoot.url.appendingPathComponent(document), encoding: .utf8)
        let pipelines = Self.jsonBlocks(in: text).filter { $0.contains("\"stages\"") }
        if ["README.md", "Plugins/README.md"].contains(document) { #expect(!pipelines.isEmpty, "\(document) shows a pipeline") }
        let folder = PackageRoot.url.appendingPathComponent(document).deletingLastPathComponent().path
        for pipeline in pipelines {
            #expect(throws: Never.self, "\(document):\n\(pipeline)") {
                try Pipeline.load(data: Data(pipeline.utf8), name: document, baseDirectory: folder, registry: .standard)
            }
        }
    }

    /// The contents of the ```json fences of a Markdown text.
    static func jsonBlocks(in markdown: String) -> [String] {
        var blocks: [String] = [], current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```json" {
                current = []
            } else if let lines = current, line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    static func markdown(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: PackageRoot.url.appendingPathComponent(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { "\(folder)/\($0)" }
    }
}
