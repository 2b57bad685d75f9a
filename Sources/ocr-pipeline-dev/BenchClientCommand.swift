import ArgumentParser
import Foundation
import OCRPipeline
import VipsKit

/// The `tencent` engine against a server: requests per second with N requests in flight,
/// optionally without keep-alive or without the signature cache.
struct BenchClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-client", abstract: "Measures the tencent engine's requests per second against a server; prints JSON.")

    @Option var url: String
    @Option var appid: String
    @Option var requests = 400
    @Option var concurrency = 1
    @Flag var noReuse = false
    @Flag var noSignatureCache = false

    func run() async throws {
        // The engine as a pipeline builds it (credentials from TENCENTCLOUD_SECRET_ID/KEY).
        let pipeline = try Pipeline.load(document: ["stages": [["type": "decode"], ["type": "fit"], ["type": "recognize", "params": [
            "engine": "tencent", "base_url": .string(url), "appid": .string(appid), "qps": 10_000, "max_in_flight": .int(concurrency),
            "max_attempts": 1, "keep_alive": .bool(!noReuse), "cache_signature": .bool(!noSignatureCache),
        ]]]])
        guard let engine = (pipeline.steps.last?.stage as? RecognizeStage)?.engine as? TencentEngine else { throw ValidationError("no tencent engine") }
        let tiny = try VImage.black(width: 64, height: 64).linear(1, 255).pngData()
        var view = View(index: 0, region: Box(x: 0, y: 0, width: 64, height: 64), transform: .identity, image: try VImage.decode(tiny))
        view.payload = Payload(bytes: tiny, format: .png, bodyBytes: 0)
        let job = Job(path: "tiny.png", data: tiny)
        let context = StageContext(worker: WorkerResources())
        let remaining = Tickets(requests)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask { [view] in
                    while remaining.take() { _ = try await engine.recognize(view, of: job, context: context) }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(JSONValue.object(["requests": .int(requests), "seconds": .double(seconds), "rps": .double(Double(requests) / seconds),
                                "signatures": .int(await engine.signaturesMade)]).serialized())
    }
}
