import Foundation
import OCREngines
import OCRServer
import SyntheticImages
import TestSupport
import Testing

@testable import OCRPipeline
@testable import TencentOCR

/// The `tencent-v3` engine (API 3.0) against `ocr-pipeline serve` over loopback: real HTTP,
/// real TC3 signatures, the server's faults.
@Suite struct TencentCloudEngineTests {
    static let environment = ["TENCENTCLOUD_SECRET_ID": TestServer.cloudSecretId, "TENCENTCLOUD_SECRET_KEY": TestServer.cloudSecretKey]

    static func pipeline(port: Int, extra: JSONObject = [:], environment: [String: String] = environment) throws -> Pipeline {
        try Fixtures.remotePipeline(recognize: recognize(port: port, extra: extra), environment: environment)
    }

    /// The recognize stage's parameters for the API 3.0 engine calling the test server.
    static func recognize(port: Int, extra: JSONObject = [:]) -> JSONObject {
        var recognize: JSONObject = ["engine": "tencent-v3", "base_url": .string("http://127.0.0.1:\(port)"), "timeout": 60, "image_deadline": 120]
        for (key, value) in extra { recognize[key] = value }
        return recognize
    }

    @Test func sameTextAndBoxesAsTheLocalEngine() async throws {
        let server = try await TestServer()
        let page = try SyntheticImages.page(
            width: 1400, height: 500, lines: [("Delivery note 5521", 60, 60, 48), ("收货人：王小明", 60, 200, 48), ("Total 318.40 EUR", 60, 340, 48)])
        let png = try page.image.pngData()
        for action in ["GeneralBasicOCR", "GeneralAccurateOCR"] {
            let remote = await PipelineRunner(pipeline: try Self.pipeline(port: server.port, extra: ["action": .string(action)])).process(
                data: png, name: "page.png")
            let local = await PipelineRunner(
                pipeline: try Pipeline.load(document: ["stages": [["type": "decode"], ["type": "recognize"], ["type": "merge"]]], registry: .standard)
            )
            .process(data: png, name: "page.png")
            #expect(remote.status == .ok, "\(remote.failure?.message ?? "")")
            #expect(remote.items.map(\.itemstring) == local.items.map(\.itemstring))
            #expect(remote.items.map(\.itemcoord) == local.items.map(\.itemcoord))
            #expect(remote.items.map { $0.words.map(\.character) } == local.items.map { $0.words.map(\.character) })
            // Confidences travel as whole numbers 0–100.
            #expect(zip(remote.items.flatMap(\.words), local.items.flatMap(\.words)).allSatisfy { abs($0.confidence - $1.confidence) <= 0.5 })
        }
        await server.stop()
    }

    @Test func faultsAreRetriedAndEveryImageIsDoneOnce() async throws {
        // The first requests meet RequestLimitExceeded, InternalError, a slow answer past the
        // client's timeout and a dropped connection; then the server behaves. (The timeout
        // leaves a loaded machine time to recognise: the whole suite runs at once.)
        let server = try await TestServer {
            $0.middleware = [
                FaultMiddleware { number in
                    switch number {
                    case 1...3: .answerCloudAPI(code: "RequestLimitExceeded", message: "too many requests")
                    case 4...5: .answerCloudAPI(code: "InternalError", message: "internal error")
                    case 6: .delay(.seconds(12))
                    case 7: .dropConnection
                    default: nil
                    }
                }
            ]
        }
        let folder = try TemporaryFolder()
        let input = folder.path + "/in", output = folder.path + "/out"
        try TencentEngineTests.pages(6, into: URL(fileURLWithPath: input))
        var options = BatchRunner.Options()
        options.workers = 2
        let summary = try await BatchRunner(
            pipeline: try Self.pipeline(port: server.port, extra: ["timeout": 6, "max_attempts": 10]),
            input: input, output: output, options: options
        ).run()
        #expect(summary.succeeded == 6 && summary.failed == 0, "\(summary.failuresByCode)")
        #expect(try String(contentsOfFile: output + "/manifest.jsonl", encoding: .utf8).split(separator: "\n").count == 6)
        for index in 0..<6 {
            #expect(try String(contentsOfFile: output + String(format: "/ticket-%02d.jpg.txt", index), encoding: .utf8) == "Ticket \(100 + index) paid\n")
        }
        await server.stop()
    }

    @Test func theSecretKeyAppearsNowhere() async throws {
        let server = try await TestServer {
            $0.middleware = [FaultMiddleware { $0 == 1 ? .answerCloudAPI(code: "RequestLimitExceeded", message: "too frequent") : nil }]
        }
        try await TencentEngineTests.expectSecretsAppearNowhere(
            server: server, secrets: [TestServer.cloudSecretKey, TestServer.cloudSecretId], recognize: Self.recognize(port: server.port),
            environment: { ["TENCENTCLOUD_SECRET_ID": TestServer.cloudSecretId, "TENCENTCLOUD_SECRET_KEY": $0] })
        await server.stop()
    }

    @Test func aSkewedClockSignsAgainOnceWithTheServersTime() async throws {
        let server = try await TestServer()
        let png = try Fixtures.textPage.image.pngData()
        func engine(offset: TimeInterval) -> TencentCloudEngine {
            TencentCloudEngine(
                url: URL(string: "http://127.0.0.1:\(server.port)")!, action: .generalBasicOCR, region: "ap-guangzhou",
                template: .cloudAPI(fields: ["IsWords": true]),
                credentials: Credential(secretId: TestServer.cloudSecretId, secretKey: TestServer.cloudSecretKey),
                caller: ServiceCaller(qps: 100, maxInFlight: 2, timeout: 60, imageDeadline: 120, maxAttempts: 3),
                clock: { Date().addingTimeInterval(offset) })
        }
        // Two hours slow: the first signature is refused as expired; the second uses the server's Date and passes.
        let skewed = await result([DecodeStage(), FitStage(), RecognizeStage(engineName: "tencent-v3", engine: engine(offset: -7200)), MergeStage()], on: png)
        #expect(skewed.status == .ok && skewed.items.map(\.itemstring) == ["Invoice 4417"], "\(skewed.failure?.message ?? "")")
        let attempts = skewed.records.first { $0.stage == "RecognizeStage" }?.decisions["views"]?.arrayValue?.first?["attempts"]?.intValue
        #expect(attempts == 2)
        await server.stop()
    }

    @Test func arrearsStopTheRun() async throws {
        let server = try await TestServer {
            $0.middleware = [FaultMiddleware { _ in .answerCloudAPI(code: "ResourceUnavailable.InArrears", message: "the account is in arrears") }]
        }
        let folder = try TemporaryFolder()
        let input = folder.path + "/in"
        try TencentEngineTests.pages(8, into: URL(fileURLWithPath: input))
        var options = BatchRunner.Options()
        options.workers = 2
        let stopped = try await BatchRunner(pipeline: try Self.pipeline(port: server.port), input: input, output: folder.path + "/out", options: options).run()
        #expect(stopped.outcome == .stopped)  // the command line exits with 3 (RunCommandTests)
        #expect(stopped.abortReason?.contains("arrears") == true)
        #expect(stopped.failed <= 2 && stopped.notRun >= 6)
        #expect(stopped.failuresByCode["account_in_arrears"] ?? 0 >= 1)
        await server.stop()
    }

    @Test func noTextAWrongKeyAndASessionToken() async throws {
        let server = try await TestServer()
        // No text is a success with zero items; a wrong key fails the image with the fix.
        let blank = await PipelineRunner(pipeline: try Self.pipeline(port: server.port)).process(data: Fixtures.blankPNG, name: "blank.png")
        #expect(blank.status == .ok && blank.items.isEmpty && blank.service?.code == ServiceStatus.noText.code)
        let wrongKey = try Self.pipeline(
            port: server.port, environment: ["TENCENTCLOUD_SECRET_ID": TestServer.cloudSecretId, "TENCENTCLOUD_SECRET_KEY": "wrong"])
        let refused = await PipelineRunner(pipeline: wrongKey).process(data: Fixtures.textJPEG, name: "a.jpg")
        #expect(refused.failure?.code == "service_error_authfailure_signaturefailure")
        #expect(refused.failure?.message.contains("SecretKey") == true)
        #expect(refused.failure?.message.contains("wrong") == false)
        // A session token travels as X-TC-Token.
        let temporary = try Self.pipeline(
            port: server.port,
            environment: [
                "TENCENTCLOUD_SECRET_ID": TestServer.temporarySecretId,
                "TENCENTCLOUD_SECRET_KEY": TestServer.temporarySecretKey,
                "TENCENTCLOUD_SESSION_TOKEN": TestServer.sessionToken,
            ])
        let withToken = await PipelineRunner(pipeline: temporary).process(data: Fixtures.textJPEG, name: "a.jpg")
        #expect(withToken.status == .ok && withToken.items.map(\.itemstring) == ["Invoice 4417"], "\(withToken.failure?.message ?? "")")
        await server.stop()
    }

    @Test func fitBudgetsTheAPIsOwnBody() throws {
        func budget(_ recognize: JSONObject, fit: JSONObject = [:]) throws -> Int? {
            let pipeline = try Pipeline.load(
                document: [
                    "stages": [
                        ["type": "decode"], ["type": "fit", "params": .object(fit)],
                        ["type": "recognize", "params": .object(recognize)],
                    ]
                ],
                registry: .standard, environment: Self.environment)
            return pipeline.steps.compactMap { $0.stage as? FitStage }.first?.budget
        }
        let envelope = RequestBody.size(.cloudAPI(fields: ["IsWords": true]), imageBytes: 0, format: .jpeg)
        #expect(try budget(["engine": "tencent-v3"]) == envelope + 10_000_000)
        #expect(try budget(["engine": "tencent-v3", "max_base64_bytes": 3_000_000]) == envelope + 3_000_000)
        #expect(try budget(["engine": "tencent-v3"], fit: ["max_body_bytes": 7_000_000]) == 7_000_000)
        #expect(try budget(["engine": "ppocr"]) == 6_000_000)
        #expect(throws: PipelineFileError.self) { try budget(["engine": "tencent-v3"], fit: ["transport": "multipart"]) }
        #expect(throws: PipelineFileError.self) { try budget(["engine": "tencent-v3", "action": "GeneralAccurateOCR", "language": "zh"]) }
    }
}
