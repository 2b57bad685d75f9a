import ArgumentParser
import Foundation
import OCREngines
import OCRPipeline
import TencentOCR
import VipsKit

/// The `tencent` engine (or `tencent-v3` with `--api v3`) against a server: requests per second
/// with N requests in flight, optionally without keep-alive or (legacy) without the signature cache.
struct BenchClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-client", abstract: "Measures a Tencent engine's requests per second against a server; prints JSON.")

    enum API: String, ExpressibleByArgument { case legacy, v3 }

    @Option var url: String
    @Option var appid = ""
    @Option(help: "legacy (tencent, --url .../ocr/general) or v3 (tencent-v3, --url of the server)") var api = API.legacy
    @Option var requests = 400
    @Option var concurrency = 1
    @Flag var noReuse = false
    @Flag var noSignatureCache = false

    func run() async throws {
        // The engine as a pipeline builds it (credentials from TENCENTCLOUD_SECRET_ID/KEY).
        var parameters: JSONObject = [
            "base_url": .string(url), "qps": 10_000, "max_in_flight": .int(concurrency), "max_attempts": 1, "keep_alive": .bool(!noReuse),
        ]
        switch api {
        case .legacy:
            parameters["engine"] = "tencent"
            parameters["appid"] = .string(appid)
            parameters["cache_signature"] = .bool(!noSignatureCache)
        case .v3:
            parameters["engine"] = "tencent-v3"
        }
        let pipeline = try Pipeline.load(
            document: ["stages": [["type": "decode"], ["type": "fit"], ["type": "recognize", "params": .object(parameters)]]],
            registry: .standard)
        guard let engine = (pipeline.steps.last?.stage as? RecognizeStage)?.engine else { throw ValidationError("no engine") }
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
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        let signatures = await (engine as? TencentEngine)?.signaturesMade ?? requests
        print(
            JSONValue.object([
                "requests": .int(requests), "seconds": .double(seconds), "rps": .double(Double(requests) / seconds),
                "signatures": .int(signatures),
            ]).serialized())
    }
}
