import Foundation
import OCRPipeline
import Testing

/// The README's library example, kept compiling and working.
@Suite struct LibraryUsageTests {
    @Test func readmeExample() async throws {
        let input = try TemporaryFolder(), output = try TemporaryFolder()
        let photo = try input.write(TestImages.png(TestImages.page(width: 700, height: 150, text: "Library usage")), to: "photo.png")
        let pipeline = try Pipeline.load(document: [
            "stages": [["type": "decode"], ["type": "recognize", "params": ["engine": "tesseract", "languages": "eng"]], ["type": "merge"]]
        ])

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
