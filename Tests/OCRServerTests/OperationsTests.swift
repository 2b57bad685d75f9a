import Foundation
import TestSupport
import Testing

@Suite struct OperationsTests {
    @Test func healthzReportsWorkers() async throws {
        let server = try await TestServer()
        let response = try await RawHTTP.exchange(port: server.port, Wire.request(method: "GET", target: "/healthz", headers: [("Host", "x")], body: Data()))
        #expect(response.json["status"] as? String == "ok" && response.json["workers"] as? Int == 2)
        await server.stop()
    }

    @Test func oneLogLinePerRequestWithoutSecrets() async throws {
        let server = try await TestServer()
        let signature = TestServer.signature()
        _ = try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody(), authorization: signature))
        _ = try await RawHTTP.exchange(
            port: server.port, Fixtures.post(Fixtures.jsonBody(), authorization: TestServer.signature(secretKey: "wrong-secret-key-wrong")))
        let lines = server.logs.lines.filter { $0.contains("/ocr/general") }
        #expect(lines.count == 2)
        #expect(lines[0].contains("code=0") && lines[0].contains("appid=\(TestServer.appid)") && lines[0].contains("latency_ms="))
        #expect(lines[1].contains("code=14"))
        for line in server.logs.lines {
            #expect(!line.contains(signature) && !line.contains(TestServer.secretKey) && !line.contains(TestServer.secretId))
        }
        await server.stop()
    }

    @Test func shutdownFinishesRequestsInFlight() async throws {
        let folder = try TemporaryFolder()
        let pipeline = try TestServer.slowPipeline(seconds: 1.5, folder: folder)
        let server = try await TestServer { $0.pipeline = pipeline }
        let inFlight = Task { try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody())) }
        try await server.waitUntilBusy(1)
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
