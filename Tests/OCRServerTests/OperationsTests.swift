import Foundation
import TestSupport
import Testing

@Suite struct OperationsTests {
    @Test func healthzReportsWorkers() async throws {
        let server = try await TestServer()
        let response = try await RawHTTP.exchange(port: server.port, Wire.request(method: "GET", target: "/healthz", headers: [("Host", "x")], body: Data()))
        #expect(response.json["status"] as? String == "ok" && response.json["workers"] as? Int == 2)
        let ready = try await server.get("/readyz")
        #expect(ready.status == 200 && ready.json["status"] as? String == "ready")
        await server.stop()
    }

    /// `/metrics` read by the official Prometheus client's parser: the counters match the
    /// requests sent, by protocol, action and code.
    @Test func metricsCountTheRequestsAndImages() async throws {
        let server = try await TestServer()
        let port = server.port
        let image = CloudAPIServerTests.body(CloudAPIServerTests.image)
        for _ in 0..<3 { _ = try await RawHTTP.exchange(port: port, TestServer.cloudAPIRequest(port: port, body: image)) }
        _ = try await RawHTTP.exchange(port: port, TestServer.cloudAPIRequest(port: port, body: image, secretKey: "wrong"))
        _ = try await RawHTTP.exchange(port: port, TestServer.cloudAPIRequest(port: port, body: image, action: "TextDetect"))
        for _ in 0..<2 { _ = try await RawHTTP.exchange(port: port, Fixtures.post(Fixtures.jsonBody())) }
        _ = try await RawHTTP.exchange(port: port, Fixtures.post(Fixtures.jsonBody(image: Fixtures.blankPNG)))
        let scrape = try await server.get("/metrics")
        await server.stop()
        #expect(scrape.status == 200)
        let parsed = try await CloudAPISDKTests.python("parse_metrics.py", arguments: [], input: scrape.body)
        let samples = try #require(try JSONSerialization.jsonObject(with: parsed) as? [[String: Any]], "\(String(decoding: parsed, as: UTF8.self))")
        func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
            samples.first { $0["name"] as? String == name && ($0["labels"] as? [String: String] ?? [:]) == labels }?["value"] as? Double
        }
        #expect(value("ocr_requests_total", ["protocol": "api3", "action": "GeneralBasicOCR", "code": "OK"]) == 3)
        #expect(value("ocr_requests_total", ["protocol": "api3", "action": "GeneralBasicOCR", "code": "AuthFailure.SignatureFailure"]) == 1)
        #expect(value("ocr_requests_total", ["protocol": "api3", "action": "TextDetect", "code": "OK"]) == 1)
        #expect(value("ocr_requests_total", ["protocol": "legacy", "action": "general", "code": "0"]) == 2)
        #expect(value("ocr_requests_total", ["protocol": "legacy", "action": "general", "code": "-9021"]) == 1)
        #expect(value("ocr_request_duration_seconds_count", ["protocol": "api3", "action": "GeneralBasicOCR"]) == 4)
        #expect(value("ocr_images_total", ["status": "ok"]) == 6 && value("ocr_images_total", ["status": "no_text"]) == 1)
        #expect(value("ocr_workers") == 2 && value("ocr_queue_depth") == 0 && value("ocr_workers_busy") == 0)
    }

    @Test func oneLogLinePerRequestWithoutSecrets() async throws {
        let server = try await TestServer()
        let signature = TestServer.signature()
        _ = try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody(), authorization: signature))
        _ = try await RawHTTP.exchange(
            port: server.port, Fixtures.post(Fixtures.jsonBody(), authorization: TestServer.signature(secretKey: "wrong-secret-key-wrong")))
        let lines = server.logs.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["path"] as? String == "/ocr/general" }
        #expect(lines.count == 2)
        #expect(lines.first?["code"] as? String == "0" && lines.first?["client"] as? String == "appid=\(TestServer.appid)")
        #expect(lines.first?["latency_ms"] is Int && lines.first?["protocol"] as? String == "legacy" && lines.first?["message"] as? String == "request")
        #expect(lines.last?["code"] as? String == "14")
        for line in server.logs.lines {
            #expect(!line.contains(signature) && !line.contains(TestServer.secretKey) && !line.contains(TestServer.secretId))
        }
        await server.stop()
    }

    /// SIGTERM: the request in flight is answered; while it runs, new requests get each
    /// protocol's busy code and `/readyz` says the server is draining; then it stops listening.
    @Test func shutdownFinishesRequestsInFlightAndRefusesNewOnesAsBusy() async throws {
        let folder = try TemporaryFolder()
        let pipeline = try TestServer.slowPipeline(seconds: 3, folder: folder)
        let server = try await TestServer { $0.pipeline = pipeline }
        let inFlight = Task { try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody())) }
        try await server.waitUntilBusy(1)
        await server.beginStopping()
        let ready = try await server.get("/readyz")
        #expect(ready.status == 503 && ready.json["status"] as? String == "draining")
        #expect(try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody())).code == 15)
        let cloud = try await RawHTTP.exchange(
            port: server.port, TestServer.cloudAPIRequest(port: server.port, body: CloudAPIServerTests.body(CloudAPIServerTests.image)))
        #expect(CloudAPIServerTests.error(cloud) == "RequestLimitExceeded")
        await server.stop()
        #expect(try await inFlight.value.code == 0)
        #expect(throws: (any Error).self) { try RawHTTP(port: server.port) }
    }

    @Test func stalledAndIdleConnectionsAreClosed() async throws {
        let server = try await TestServer { $0.idleTimeout = .seconds(1) }
        // Half a request head, then nothing.
        let stalled = try RawHTTP(port: server.port)
        try stalled.send(Data("POST /ocr/general HTTP/1.1\r\nHost: x\r\nContent-Le".utf8))
        #expect(try await stalled.closedByServer())
        // A kept-alive connection with nothing more to say, after one answered request.
        let idle = try RawHTTP(port: server.port)
        #expect(try await idle.roundTrip(Fixtures.post(Fixtures.jsonBody()))?.code == 0)
        #expect(try await idle.closedByServer())
        await server.stop()
    }
}
