import Foundation
import OCRPipeline
import TestSupport
import Testing
import VipsKit

@testable import TencentOCR

/// Every documented error code, answered as HTTP 200 with JSON `code` and `message`.
@Suite struct ErrorCodeTests {
    static func code(_ server: TestServer, _ request: Data) async throws -> (Int?, String) {
        let response = try await RawHTTP.exchange(port: server.port, request)
        #expect(response.status == 200)
        return (response.code, response.message)
    }

    @Test func signatureErrors() async throws {
        let server = try await TestServer()
        let body = Fixtures.jsonBody()
        let now = Int(Date().timeIntervalSince1970)
        func expired() -> String {
            Signature.sign(
                appid: TestServer.appid, bucket: "tencentyun", secretId: TestServer.secretId, secretKey: TestServer.secretKey, expiry: now - 10, now: now - 300)
        }
        let cases: [(String, Data, Int)] = [
            ("missing", Fixtures.post(body, authorization: nil), 4),
            ("empty", Fixtures.post(body, authorization: ""), 4),
            ("not base64", Fixtures.post(body, authorization: "%%%not-a-signature%%%"), 5),
            ("no fields", Fixtures.post(body, authorization: Data(repeating: 7, count: 30).base64EncodedString()), 5),
            ("other appid in the body", Fixtures.post(Fixtures.jsonBody(appid: TestServer.otherAppid)), 6),
            ("other bucket in the body", Fixtures.post(Fixtures.jsonBody(bucket: "elsewhere")), 6),
            ("expired", Fixtures.post(body, authorization: expired()), 9),
            ("unknown appid", Fixtures.post(Fixtures.jsonBody(appid: "1999999999"), authorization: TestServer.signature(appid: "1999999999")), 10),
            ("unknown SecretId", Fixtures.post(body, authorization: TestServer.signature(secretId: "AKIDunknown")), 11),
            (
                "SecretId of another appid",
                Fixtures.post(body, authorization: TestServer.signature(secretId: TestServer.otherSecretId, secretKey: TestServer.otherSecretKey)), 12
            ),
            ("wrong key", Fixtures.post(body, authorization: TestServer.signature(secretKey: "wrong-secret-key-wrong")), 14),
        ]
        for (name, request, expected) in cases {
            let (code, message) = try await Self.code(server, request)
            #expect(code == expected, "\(name): \(code.map(String.init) ?? "nil") \(message)")
        }
        await server.stop()
    }

    @Test func requestAndImageErrors() async throws {
        let server = try await TestServer()
        let cases: [(String, Data, Int)] = [
            ("garbage image", Fixtures.post(Fixtures.jsonBody(image: Data("this is not an image at all".utf8))), -1102),
            ("animated GIF", Fixtures.post(Fixtures.jsonBody(image: Fixtures.animatedGIF)), -1102),
            ("empty image", Fixtures.post(Fixtures.jsonBody(image: Data())), -1300),
            ("no image, no url", Fixtures.post(Fixtures.jsonBody(image: nil)), -1301),
            ("no appid", Fixtures.post(Wire.json(["image": Fixtures.textJPEG.base64EncodedString()])), -1301),
            ("no text", Fixtures.post(Fixtures.jsonBody(image: Fixtures.blankPNG)), -9021),
            ("not JSON", Fixtures.post(Data("{image:".utf8)), 21),
        ]
        for (name, request, expected) in cases {
            let (code, message) = try await Self.code(server, request)
            #expect(code == expected, "\(name): \(code.map(String.init) ?? "nil") \(message)")
        }
        let animated = try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody(image: Fixtures.animatedGIF)))
        #expect(animated.message.contains("animation"))
        let noText = try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody(image: Fixtures.blankPNG)))
        #expect(((noText.json["data"] as? [String: Any])?["items"] as? [Any])?.isEmpty == true)
        await server.stop()
    }

    /// A plain 40000×4 JPEG once ended the server through the tile stage's seam planner.
    @Test func thinAndTinyImagesAreAnsweredAndTheServerGoesOn() async throws {
        let server = try await TestServer()
        for (width, height) in [(40_000, 4), (4, 4), (2, 16_384)] {
            let jpeg = try VImage.black(width: width, height: height, bands: 3).linear(1, 230).jpegData(quality: 90)
            let (code, message) = try await Self.code(server, Fixtures.post(Fixtures.jsonBody(image: jpeg)))
            #expect(code == -9021, "\(width)×\(height): \(message)")
        }
        #expect(try await Self.code(server, Fixtures.post(Fixtures.jsonBody())).0 == 0)
        await server.stop()
    }

    @Test func bodyOverTheLimitIsRefusedAsItStreams() async throws {
        let server = try await TestServer { $0.maxBodyBytes = 100_000 }
        let big = Data(repeating: 65, count: 300_000)
        // Declared too large: refused from the header.
        #expect(try await Self.code(server, Fixtures.post(Fixtures.jsonBody(image: big))).0 == 23)
        // Chunked, no length: refused once the limit is passed.
        let body = Fixtures.jsonBody(image: big)
        var chunked = Data()
        for start in stride(from: 0, to: body.count, by: 16_384) {
            let piece = body[start..<min(body.count, start + 16_384)]
            chunked += Data("\(String(piece.count, radix: 16))\r\n".utf8) + piece + Data("\r\n".utf8)
        }
        chunked += Data("0\r\n\r\n".utf8)
        let request = Wire.request(
            headers: [
                ("Host", "x"), ("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"),
                ("Authorization", TestServer.signature()),
            ], body: chunked)
        #expect(try await Self.code(server, request).0 == 23)
        await server.stop()
    }

    @Test func busyServerAnswersTooFrequentAtOnce() async throws {
        // One engine, no queue: while it works, the next request is refused with 15 at once.
        let folder = try TemporaryFolder()
        let pipeline = try TestServer.slowPipeline(seconds: 5, folder: folder)
        let server = try await TestServer {
            $0.workers = 1; $0.queueCapacity = 0; $0.pipeline = pipeline
        }
        let slow = Task { try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody())) }
        try await server.waitUntilBusy(1)
        let refused = try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody()))
        #expect(refused.code == 15)
        #expect(try await slow.value.code == 0)
        await server.stop()
    }
}
