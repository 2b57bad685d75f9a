import Foundation
import OCREngines
import OCRPipeline
import Testing

/// The library's entry points as the README shows them. The README's example itself is
/// `Examples/UserPackage/Sources/read-folder`, which `scripts/check-user-package.sh` builds
/// against a tagged snapshot and runs; here it is held to be that program, word for word.
@Suite struct LibraryUsageTests {
    @Test func theReadmesLibraryExampleIsTheProgramThatIsBuiltAndRun() throws {
        let readme = try String(contentsOf: PackageRoot.url.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Using the library\n\n```swift\n"))
        let end = try #require(readme.range(of: "```\n", range: section.upperBound..<readme.endIndex))
        let program = try String(
            contentsOf: PackageRoot.url.appendingPathComponent("Examples/UserPackage/Sources/read-folder/main.swift"), encoding: .utf8)
        #expect(String(readme[section.upperBound..<end.lowerBound]) == program)
    }

    @Test func oneImageAndAFolderAreRead() async throws {
        let input = try TemporaryFolder(), output = try TemporaryFolder()
        let photo = try input.write(TestImages.png(TestImages.page(width: 700, height: 150, text: "Library usage")), to: "photo.png")
        let pipeline = try Pipeline.load(
            document: [
                "stages": [["type": "decode"], ["type": "recognize", "params": ["engine": "tesseract", "languages": "eng"]], ["type": "merge"]]
            ], registry: .standard)

        let worker = WorkerResources()
        let result = await PipelineRunner(pipeline: pipeline).process(file: photo, worker: worker)
        #expect(result.status == .ok)
        #expect(result.items.map(\.itemstring) == ["Library usage"])

        let finished = Recorder<String>()
        let runner = BatchRunner(pipeline: pipeline, input: input.path, output: output.path)
        let summary = try await runner.run { event in
            if case .imageFinished(let rel, _, _, _, _) = event { finished.append(rel) }
        }
        #expect(summary.succeeded == 1 && summary.outcome == .succeeded)
        #expect(finished.values == ["photo.png"])
    }
}
