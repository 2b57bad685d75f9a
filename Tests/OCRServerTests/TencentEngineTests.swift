import Foundation
import OCREngines
import OCRServer
import SyntheticImages
import TestSupport
import Testing

@testable import OCRPipeline
@testable import TencentOCR

/// The `tencent` engine against `ocr-pipeline serve` over loopback: real HTTP, real signatures.
@Suite struct TencentEngineTests {
    static let environment = ["TENCENTCLOUD_SECRET_ID": TestServer.secretId, "TENCENTCLOUD_SECRET_KEY": TestServer.secretKey]

    static func pipeline(
        port: Int, appid: String = TestServer.appid, transport: String = "json", extra: JSONObject = [:],
        environment: [String: String] = environment
    ) throws -> Pipeline {
        try Fixtures.remotePipeline(recognize: recognize(port: port, appid: appid, transport: transport, extra: extra), environment: environment)
    }

    /// The recognize stage's parameters for the legacy engine calling the test server.
    static func recognize(port: Int, appid: String = TestServer.appid, transport: String = "json", extra: JSONObject = [:]) -> JSONObject {
        var recognize: JSONObject = [
            "engine": "tencent", "base_url": .string("http://127.0.0.1:\(port)"), "appid": .string(appid),
            "bucket": "tencentyun", "transport": .string(transport), "timeout": 30, "image_deadline": 120,
        ]
        for (key, value) in extra { recognize[key] = value }
        return recognize
    }

    static func pages(_ count: Int, into folder: URL) throws {
        try TestImages.writePages(
            count, into: folder, width: 700, height: 160, pixelHeight: 44, name: { String(format: "ticket-%02d.jpg", $0) },
            lines: { ["Ticket \(100 + $0) paid"] })
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ocrp-tencent-\(UUID().uuidString)")
    }

    @Test(arguments: ["json", "multipart"])
    func sameTextAsTheLocalEngine(transport: String) async throws {
        let server = try await TestServer()
        let page = try SyntheticImages.page(
            width: 1400, height: 500, lines: [("Delivery note 5521", 60, 60, 48), ("收货人：王小明", 60, 200, 48), ("Total 318.40 EUR", 60, 340, 48)])
        let png = try page.image.pngData()
        let remote = await PipelineRunner(pipeline: try Self.pipeline(port: server.port, transport: transport)).process(data: png, name: "page.png")
        let local = await PipelineRunner(
            pipeline: try Pipeline.load(document: ["stages": [["type": "decode"], ["type": "recognize"], ["type": "merge"]]], registry: .standard)
        )
        .process(data: png, name: "page.png")
        #expect(remote.status == .ok, "\(remote.failure?.message ?? "")")
        #expect(remote.items.map(\.itemstring) == local.items.map(\.itemstring))
        // Tesseract writes the full-width colon as ":"; compare in NFKC, as the accuracy harness does.
        #expect(remote.items.map(\.itemstring.precomposedStringWithCompatibilityMapping) == page.lines.map(\.text.precomposedStringWithCompatibilityMapping))
        #expect(remote.items.first?.itemcoord == local.items.first?.itemcoord)
        await server.stop()
    }

    @Test func credentialAndClockProblemsFailTheImageWithAClearMessage() async throws {
        let server = try await TestServer()
        let png = try SyntheticImages.page(width: 600, height: 140, lines: [("Clock check", 30, 40, 44)]).image.pngData()
        // Wrong key → 14.
        let wrongKey = try Self.pipeline(
            port: server.port, environment: ["TENCENTCLOUD_SECRET_ID": TestServer.secretId, "TENCENTCLOUD_SECRET_KEY": "not-the-right-key-at-all"])
        let refused = await PipelineRunner(pipeline: wrongKey).process(data: png, name: "a.png")
        #expect(refused.failure?.code == "service_code_14")
        #expect(refused.failure?.message.contains("SecretId/SecretKey") == true)
        // Unknown appid → 10.
        let unknown = await PipelineRunner(pipeline: try Self.pipeline(port: server.port, appid: "1999999999")).process(data: png, name: "a.png")
        #expect(unknown.failure?.code == "service_code_10")
        // A clock two hours slow: every signature arrives expired (9); signing again once does not help.
        let slowClock = TencentEngine(
            endpoint: "http://127.0.0.1:\(server.port)/ocr/general",
            template: RequestTemplate.legacy(transport: .json, appid: TestServer.appid, bucket: nil),
            credentials: Credential(secretId: TestServer.secretId, secretKey: TestServer.secretKey),
            caller: ServiceCaller(qps: 100, maxInFlight: 2, timeout: 5, imageDeadline: 30, maxAttempts: 3),
            signatureLifetime: 600, clock: { Date().addingTimeInterval(-7200) })
        let expired = await result([DecodeStage(), FitStage(), RecognizeStage(engineName: "tencent", engine: slowClock), MergeStage()], on: png)
        #expect(expired.failure?.code == "service_code_9")
        #expect(expired.failure?.message.contains("clock") == true)
        #expect(await slowClock.signaturesMade == 2)  // the first, and one fresh retry
        // A base_url that is no OCR service (404, no JSON) fails at once, without retries, and
        // the message shows the address with the user and password it embeds masked.
        let wrongPath = try Self.pipeline(port: server.port, extra: ["base_url": .string("http://user:hunter2@127.0.0.1:\(server.port)/v2")])
        let notFound = await PipelineRunner(pipeline: wrongPath).process(data: png, name: "a.png")
        #expect(notFound.failure?.code == "not_the_service")
        let message = try #require(notFound.failure?.message)
        #expect(message.contains("http://***@127.0.0.1:\(server.port)/v2/ocr/general answered HTTP 404") && message.contains("base_url"), "\(message)")
        #expect(!message.contains("hunter2"))
        await server.stop()
    }

    @Test func faultsAreRetriedAndEveryImageIsDoneOnce() async throws {
        // The first requests meet 15 (too frequent), 213 (internal error), a slow answer past
        // the client's timeout and a dropped connection; then the server behaves.
        let server = try await TestServer {
            $0.middleware = [
                FaultMiddleware { number in
                    switch number {
                    case 1...3: .answer(code: 15, message: "too frequent")
                    case 4...5: .answer(code: 213, message: "internal error")
                    case 6: .delay(.seconds(12))
                    case 7: .dropConnection
                    default: nil
                    }
                }
            ]
        }
        let input = Self.temporaryFolder(), output = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: output) }
        try Self.pages(6, into: input)
        let pipeline = try Self.pipeline(port: server.port, extra: ["timeout": 6, "max_attempts": 10])
        var options = BatchRunner.Options()
        options.workers = 2
        let summary = try await BatchRunner(pipeline: pipeline, input: input.path, output: output.path, options: options).run()
        #expect(summary.succeeded == 6 && summary.failed == 0, "\(summary.failuresByCode)")
        let manifest = try String(contentsOf: output.appendingPathComponent("manifest.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(manifest.count == 6)
        for index in 0..<6 {
            let text = try String(contentsOf: output.appendingPathComponent(String(format: "ticket-%02d.jpg.txt", index)), encoding: .utf8)
            #expect(text == "Ticket \(100 + index) paid\n")
        }
        await server.stop()
    }

    @Test func exhaustedQuotaStopsTheRunEarly() async throws {
        let server = try await TestServer { $0.middleware = [FaultMiddleware { _ in .answer(code: 25, message: "quota used up") }] }
        let input = Self.temporaryFolder(), output = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: output) }
        try Self.pages(12, into: input)
        var options = BatchRunner.Options()
        options.workers = 2
        let summary = try await BatchRunner(pipeline: try Self.pipeline(port: server.port), input: input.path, output: output.path, options: options).run()
        #expect(summary.outcome == .stopped)
        #expect(summary.abortReason?.contains("quota") == true)
        #expect(summary.failed <= 2 && summary.notRun >= 10)
        #expect(summary.failuresByCode["quota_exhausted"] ?? 0 >= 1)
        await server.stop()
    }

    @Test func theSecretKeyAppearsNowhere() async throws {
        let server = try await TestServer { $0.middleware = [FaultMiddleware { $0 == 1 ? .answer(code: 15, message: "too frequent") : nil }] }
        try await Self.expectSecretsAppearNowhere(
            server: server, secrets: [TestServer.secretKey, TestServer.secretId], recognize: Self.recognize(port: server.port),
            environment: { ["TENCENTCLOUD_SECRET_ID": TestServer.secretId, "TENCENTCLOUD_SECRET_KEY": $0] })
        await server.stop()
    }

    /// Runs `ocr-pipeline run --events` (two pages and a broken file, the server's first answer
    /// a fault) with the right key and again with a wrong one, after `validate` has printed the
    /// pipeline, and looks for every secret in what a user sees: what the command line printed,
    /// the server's log and every file written. The key also reaches a message: the pipeline
    /// hands it (`${TENCENTCLOUD_SECRET_KEY}`) to an exec plugin that prints it on its standard
    /// error and exits on the second page, and a crashed plugin's failure quotes its standard error.
    /// Nothing here masks anything: the command line's scrubbing is what is tested.
    static func expectSecretsAppearNowhere(
        server: TestServer, secrets: [String], recognize: JSONObject, environment: (_ secretKey: String) -> [String: String]
    ) async throws {
        let folder = try TemporaryFolder()
        try Self.pages(2, into: folder.url.appendingPathComponent("in"))
        _ = try folder.write("not an image", to: "in/broken.jpg")
        _ = try folder.write(
            """
            import json, sys
            for line in sys.stdin:
                request = json.loads(line)
                if request["file"].endswith("ticket-01.jpg"):
                    print("archiving with token " + request["params"]["token"] + " was refused", file=sys.stderr, flush=True)
                    sys.exit(3)
                else:
                    print(json.dumps({"version": 1, "id": request["id"]}), flush=True)
            """, to: "archive.py")
        let archive: JSONObject = ["command": ["python3", "archive.py"], "needs_items": true, "params": ["token": "${TENCENTCLOUD_SECRET_KEY}"]]
        let document: JSONValue = [
            "version": 1,
            "stages": [
                ["type": "decode"], ["type": "fit"], ["type": "recognize", "params": .object(recognize)], ["type": "merge"],
                ["type": "exec", "params": .object(archive)], ["type": "write", "params": ["formats": ["json", "txt", "hocr"]]],
            ],
        ]
        let pipeline = try folder.write(document.serialized(), to: "pipeline.json")
        let wrongKey = "another-secret-key-value"
        var printed = ""
        for (key, name) in [(secrets[0], "right"), (wrongKey, "wrong")] {
            let validated = try await CLI.run(["validate", pipeline], environment: environment(key))
            let run = try await CLI.run(["run", pipeline, "\(folder.path)/in", "-o", "\(folder.path)/\(name)", "--events"], environment: environment(key))
            #expect(validated.status == 0 && run.status == 1, "\(validated.stderr)\(run.stderr)")
            printed += validated.stdout + validated.stderr + run.stdout + run.stderr
        }
        var everything = printed + server.logs.lines.joined(separator: "\n")
        for file in try folder.files() where !file.hasPrefix("in") {
            everything += (try? String(contentsOfFile: "\(folder.path)/\(file)", encoding: .utf8)) ?? ""
        }
        #expect(printed.contains("\"broken.jpg\"") && printed.contains("\"event\":\"image_finished\""), "\(printed)")
        #expect(try String(contentsOfFile: "\(folder.path)/right/ticket-00.jpg.txt", encoding: .utf8) == "Ticket 100 paid\n")
        #expect(printed.contains("archiving with token *** was refused"), "\(printed)")
        for secret in secrets + [wrongKey] {
            #expect(!everything.contains(secret), "a secret leaked")
        }
    }

    @Test func signatureIsMadeOnceAndRenewedBeforeExpiry() async {
        let clock = ManualClock(1_700_000_000)
        let cache = SignatureCache(
            appid: "1", bucket: nil, credentials: Credential(secretId: "id", secretKey: "key"), lifetime: 600,
            clock: { clock.now })
        let first = await cache.signature()
        clock.advance(by: 500)
        #expect(await cache.signature() == first)  // 100 s left, renewed only in the last 60
        clock.advance(by: 50)
        let renewed = await cache.signature()
        #expect(renewed != first)
        await cache.renew(replacing: renewed)
        #expect(await cache.signature() != renewed)
        #expect(await cache.signaturesMade == 3)
    }

    @Test func responsesAreReadLeniently() throws {
        let body =
            #"{"code":0,"message":"OK","data":{"session_id":"x","items":[{"itemstring":"ab c","itemcoord":{"x":1,"y":2,"width":30,"height":10},"coords":[1,2],"words":[{"character":"a","confidence":0.9,"candword":[]},{"character":"b","confidence":0.5},{"character":"c","confidence":1}]}]},"extra":true}"#
        let response = try #require(ServiceResponse(body: Data(body.utf8)))
        #expect(response.items.first?.words.map(\.confidence) == [90, 50, 100])
        #expect(response.items.first?.words.map(\.followsSpace) == [false, false, true])
        #expect(ServiceResponse(body: Data("<html>502</html>".utf8)) == nil)
        let percent = try #require(ServiceResponse(body: Data(#"{"code":-9021,"message":"no text","data":{"items":[]}}"#.utf8)))
        #expect(percent.code == -9021 && percent.items.isEmpty)
    }

    @Test func tooFrequentSlowsEveryoneDown() async {
        let pacer = RequestPacer(rate: 8, maxInFlight: 2)
        pacer.slowDown()
        #expect(pacer.rate == 4)
        pacer.recovered()
        #expect(pacer.rate == 4.4)
    }
}
