import FaultStages
import Foundation
import OCREngines
import OCRPipeline
import TestSupport
import Testing
import VipsKit

@testable import OCRServer

/// `serve` with worker processes: a request whose image kills its worker (a signal, the memory
/// cap, a hang past the request's time) is answered with an error code, and the server goes on
/// answering `/healthz` and recognising the next requests.
@Suite struct ServerIsolationTests {
    static let faultRunner: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ocr-pipeline-faults").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return PackageRoot.url.appendingPathComponent(".build/debug/ocr-pipeline-faults").path
    }()

    static func image(width: Int) throws -> Data {
        try VImage.black(width: width, height: 60, bands: 3).linear(1, 230).pngData()
    }

    @Test func aWorkerLostToOneRequestDoesNotTakeTheServer() async throws {
        var registry = StageRegistry.standard
        registry.register(FaultStage.descriptor)
        let pipeline = try Pipeline.load(
            document: [
                "version": 1,
                "stages": [
                    ["type": "decode"], ["type": "fault"], ["type": "tile"], ["type": "recognize", "params": ["engine": "tesseract"]], ["type": "merge"],
                ],
            ], name: "fault pipeline", registry: registry)
        let server = try await TestServer {
            $0.pipeline = pipeline
            $0.registry = registry
            $0.isolation = .workerProcesses(
                WorkerProcessOptions(executable: Self.faultRunner, arguments: ["worker"], memoryLimit: 300 << 20, imageTimeout: .seconds(12)))
        }
        let cases: [(width: Int, wording: String)] = [(901, "SIGABRT"), (902, "SIGSEGV"), (903, "memory cap of 300 MB"), (905, "exited with status 7")]
        for (width, wording) in cases {
            let response = try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody(image: Self.image(width: width))))
            #expect(response.code == -1102, "\(width): \(response.message)")
            #expect(response.message.contains(wording), "\(width): \(response.message)")
        }

        // While a request hangs its worker, health checks and other requests are answered.
        let hanging = Task { try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody(image: Self.image(width: 904)))) }
        try await server.waitUntilBusy(1)
        let health = try await RawHTTP.exchange(port: server.port, Wire.request(method: "GET", target: "/healthz", headers: [("Host", "x")], body: Data()))
        #expect(health.status == 200)
        let meanwhile = try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody()))
        #expect(meanwhile.code == 0 && meanwhile.text.contains("Invoice"), "\(meanwhile.message)")
        let hung = try await hanging.value
        #expect(hung.code == -1102 && hung.message.contains("time bound of 12 s"), "\(hung.message)")

        let after = try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody()))
        #expect(after.code == 0 && after.text.contains("4417"), "\(after.message)")
        // Each lost worker was replaced, and counted by cause (a loaded machine may add a warm-up's).
        let metrics = String(decoding: try await server.get("/metrics").body, as: UTF8.self)
        func restarts(_ cause: String) -> Double {
            metrics.split(separator: "\n").first { $0.hasPrefix("ocr_worker_restarts_total{cause=\"\(cause)\"}") }
                .flatMap { $0.split(separator: " ").last.flatMap { Double($0) } } ?? 0
        }
        #expect(restarts("crashed") >= 3 && restarts("memory_limit") >= 1 && restarts("timed_out") >= 1, "\(metrics)")
        await server.stop()
    }
}
