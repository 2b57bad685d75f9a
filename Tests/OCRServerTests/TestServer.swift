import Foundation
import Logging
import OCREngines
import OCRPipeline
import Synchronization
import TestSupport
import Testing

@testable import OCRServer
@testable import TencentOCR

/// An OCRServer on a free loopback port for one test, stopped (gracefully) at the end.
final class TestServer: @unchecked Sendable {
    static let appid = "1252821871"
    static let secretId = "AKIDgaoOYh2kOmJfWVdH4lpfxScG2zPLPGoK"
    static let secretKey = "nwOKDouy5JctNOlnere4gkVoOUz5EYAb"
    static let otherAppid = "1300000001", otherSecretId = "AKIDotherotherotherotherother", otherSecretKey = "otherkeyotherkeyotherkey"
    /// An API 3.0 account: a SecretId/SecretKey pair, no appid.
    static let cloudSecretId = "AKIDcloudcloudcloudcloudcloudcloud", cloudSecretKey = "cloudkeycloudkeycloudkeycloudkey"
    /// A temporary API 3.0 credential, valid with its session token only.
    static let temporarySecretId = "AKIDtemporarytemporarytemporary", temporarySecretKey = "temporarykeytemporarykey", sessionToken = "token-of-the-session"

    static let credentials = [
        Credential(appid: appid, secretId: secretId, secretKey: secretKey, buckets: ["tencentyun"]),
        Credential(appid: otherAppid, secretId: otherSecretId, secretKey: otherSecretKey),
        Credential(secretId: cloudSecretId, secretKey: cloudSecretKey),
        Credential(secretId: temporarySecretId, secretKey: temporarySecretKey, token: sessionToken),
    ]

    let port: Int
    let logs: LogCapture
    private let task: Task<Void, any Error>
    private let trigger = ShutdownTrigger()

    init(configure: (inout ServerConfiguration) -> Void = { _ in }) async throws {
        var configuration = ServerConfiguration(credentials: Self.credentials)
        configuration.port = 0
        configuration.workers = 2
        configure(&configuration)
        let logs = LogCapture()
        self.logs = logs
        let server = try OCRServer(configuration: configuration, logger: Logger(label: "test") { JSONLineLogHandler(label: $0, write: logs.append) })
        let started = AsyncStream<Int>.makeStream()
        let trigger = self.trigger
        task = Task { try await server.run(shutdown: trigger) { port in started.continuation.yield(port) } }
        var iterator = started.stream.makeAsyncIterator()
        port = await iterator.next() ?? 0
        try await waitUntilReady()
    }

    /// Waits until `/readyz` says the workers have loaded their engines, as a load balancer would.
    func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let ready = try await RawHTTP.exchange(port: port, Wire.request(method: "GET", target: "/readyz", headers: [("Host", "x")], body: Data()))
            if ready.json["status"] as? String == "ready" { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        let last = try await RawHTTP.exchange(port: port, Wire.request(method: "GET", target: "/readyz", headers: [("Host", "x")], body: Data()))
        Issue.record("the server never became ready: \(last.text)")
    }

    /// Asks the server to stop, as SIGTERM does, without waiting for it to finish.
    func beginStopping() async { await trigger.shutdown() }

    /// `GET` of one of the server's own pages.
    func get(_ path: String) async throws -> RawHTTP.Response {
        try await RawHTTP.exchange(port: port, Wire.request(method: "GET", target: path, headers: [("Host", "x")], body: Data()))
    }

    /// Stops accepting; requests in flight finish first.
    func stop() async {
        await trigger.shutdown()
        _ = try? await task.value
    }

    /// Waits until `busy` workers are recognising.
    func waitUntilBusy(_ busy: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)  // a loaded machine (the whole suite at once) is slow to start requests
        while ContinuousClock.now < deadline {
            let health = try await RawHTTP.exchange(port: port, Wire.request(method: "GET", target: "/healthz", headers: [("Host", "x")], body: Data()))
            if health.json["busy"] as? Int ?? 0 >= busy { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the server never had \(busy) busy workers")
    }

    /// A recognition pipeline whose every request holds its worker for `seconds` (an exec
    /// plugin that sleeps), so tests about busy workers do not depend on timing.
    static func slowPipeline(seconds: Double, folder: TemporaryFolder) throws -> Pipeline {
        try folder.write(
            """
            import json, sys, time
            for line in sys.stdin:
                time.sleep(\(seconds))
                print(json.dumps({"version": 1, "id": json.loads(line)["id"]}), flush=True)
            """, to: "sleep.py")
        return try Pipeline.load(
            document: [
                "stages": [
                    ["type": "decode"], ["type": "exec", "params": ["command": ["python3", "sleep.py"], "send_image": "none"]],
                    ["type": "recognize"], ["type": "merge"],
                ]
            ], baseDirectory: folder.path, registry: .standard)
    }

    deinit { task.cancel() }

    /// An API 3.0 request for `port`, signed with TC3-HMAC-SHA256 over content-type and host
    /// (and x-tc-action when `signAction`), as the official SDKs and Tencent's demos sign it.
    static func cloudAPIRequest(
        port: Int, body: Data, action: String = "GeneralBasicOCR", version: String = "2018-11-19",
        secretId: String = cloudSecretId, secretKey: String = cloudSecretKey, token: String? = nil,
        timestamp: Int = Int(Date().timeIntervalSince1970), signAction: Bool = false,
        contentType: String = "application/json", extraHeaders: [(String, String)] = []
    ) -> Data {
        let host = "127.0.0.1:\(port)"
        var signed: [(name: String, value: String)] = [("Content-Type", contentType), ("Host", host)]
        if signAction { signed.append(("X-TC-Action", action)) }
        let authorization = TC3Signature.authorization(
            secretId: secretId, secretKey: secretKey, service: "ocr", timestamp: timestamp, headers: signed, body: body)
        var headers: [(String, String)] = [
            ("Host", host), ("Content-Type", contentType), ("X-TC-Action", action), ("X-TC-Version", version),
            ("X-TC-Timestamp", String(timestamp)), ("X-TC-Region", "ap-guangzhou"), ("Authorization", authorization),
            ("Content-Length", String(body.count)),
        ]
        if let token { headers.append(("X-TC-Token", token)) }
        return Wire.request(target: "/", headers: headers + extraHeaders, body: body)
    }

    /// A signature for the test account, valid for five minutes unless told otherwise.
    static func signature(
        appid: String = appid, bucket: String? = "tencentyun", secretId: String = secretId, secretKey: String = secretKey,
        expiresIn: Int = 300
    ) -> String {
        let now = Int(Date().timeIntervalSince1970)
        return Signature.sign(appid: appid, bucket: bucket, secretId: secretId, secretKey: secretKey, expiry: now + expiresIn, now: now)
    }
}

/// Collects log lines.
final class LogCapture: Sendable {
    private let stored = Mutex<[String]>([])
    var lines: [String] { stored.withLock { $0 } }
    func append(_ line: String) { stored.withLock { $0.append(line) } }
}
