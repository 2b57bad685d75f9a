import Foundation
import OCREngines
import Testing

@testable import OCRPipeline

@Suite struct BatchRunnerTests {
    static let pipelineJSON = """
        { "version": 1, "stages": [
            { "type": "decode" }, { "type": "reject-gif" }, { "type": "tile" },
            { "type": "fit", "params": { "transport": "multipart" } },
            { "type": "write", "params": { "formats": ["json", "payload"] } } ] }
        """

    @Test func writesAResultForEveryInputAndIsolatesFailures() async throws {
        let input = try TemporaryFolder(), output = try TemporaryFolder()
        try input.write(TestImages.jpeg(TestImages.photo(width: 640, height: 480)), to: "a/photo.jpg")
        try input.write(TestImages.png(TestImages.page(width: 1080, height: 7000)), to: "b/long.png")
        try input.write(Data("not an image at all".utf8), to: "broken.jpg")
        try input.write(Data(), to: "empty.png")
        try input.write(Data("notes".utf8), to: "readme.txt")  // not an image extension: ignored

        let pipeline = try Pipeline.load(data: Data(Self.pipelineJSON.utf8), registry: .standard)
        let recorder = Recorder<String>()
        let summary = try await BatchRunner(pipeline: pipeline, input: input.path, output: output.path).run { event in
            recorder.append(event.json["event"]?.stringValue ?? "?")
        }
        let events = recorder.values
        #expect(summary.total == 4 && summary.succeeded == 2 && summary.failed == 2)
        #expect(summary.outcome == .someFailed)
        #expect(summary.failuresByCode == ["unknown_format": 1, "empty_file": 1])

        let files = try FileManager.default.subpathsOfDirectory(atPath: output.path).sorted()
        #expect(files.contains("a/photo.jpg.json") && files.contains("a/photo.jpg.payload.jpg"))
        #expect(files.contains("b/long.png.tile-0.png") && files.contains("b/long.png.tile-3.png"))
        #expect(files.contains("broken.jpg.json") && files.contains("empty.png.json"))
        #expect(!files.contains { $0.contains(".ocrp-tmp-") })

        let broken = try JSONValue.parse(Data(contentsOf: output.url.appendingPathComponent("broken.jpg.json")))
        #expect(broken["status"] == "failed")
        #expect(broken["error"]?["code"] == "unknown_format")
        #expect(broken["error"]?["message"]?.stringValue?.hasPrefix("broken.jpg: ") == true)
        #expect(broken["source"]?["sha256"]?.stringValue?.count == 64)

        let manifest = try String(contentsOf: output.url.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
        let lines = try manifest.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(lines.map { $0["rel"]?.stringValue ?? "" } == ["a/photo.jpg", "b/long.png", "broken.jpg", "empty.png"])
        #expect(lines.map { $0["code"] } == [.null, .null, "unknown_format", "empty_file"])

        #expect(events.first == "started" && events.last == "finished")
        #expect(events.filter { $0 == "image_finished" }.count == 4)
    }

    @Test func payloadOnDiskIsTheFittedPayload() async throws {
        let input = try TemporaryFolder(), output = try TemporaryFolder()
        let jpeg = try TestImages.jpeg(TestImages.photo(width: 640, height: 480))
        try input.write(jpeg, to: "photo.jpg")
        let pipeline = try Pipeline.load(data: Data(Self.pipelineJSON.utf8), registry: .standard)
        _ = try await BatchRunner(pipeline: pipeline, input: input.path, output: output.path).run()
        // Small, upright, 8-bit JPEG: passed through byte for byte.
        #expect(try Data(contentsOf: output.url.appendingPathComponent("photo.jpg.payload.jpg")) == jpeg)
    }
}
