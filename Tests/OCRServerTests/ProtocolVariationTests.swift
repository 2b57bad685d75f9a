import Foundation
import OCRPipeline
import Testing

@testable import TencentOCR

/// Everything PROTOCOL.md lists that real clients send must be accepted.
@Suite struct ProtocolVariationTests {
    static let expected = ["Invoice 4417"]

    @Test func jsonWithBase64Image() async throws {
        let server = try await TestServer()
        let response = try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody()))
        #expect(response.status == 200 && response.code == 0 && response.message == "OK")
        #expect(response.itemStrings == Self.expected)
        let item = try #require(((response.json["data"] as? [String: Any])?["items"] as? [[String: Any]])?.first)
        // The box holds the ink with the detector's margin (at most 0.4 of the ink's height).
        let box = try #require(item["itemcoord"] as? [String: Int]), ink = Fixtures.textPage.lines[0].box
        let (x, y, width, height) = (box["x"] ?? -1, box["y"] ?? -1, box["width"] ?? 0, box["height"] ?? 0)
        let margin = Int(0.4 * Double(ink.height))
        #expect(x <= ink.x && x >= ink.x - margin && y <= ink.y && y >= ink.y - margin, "\(box) around \(ink)")
        #expect(x + width >= ink.x + ink.width && x + width <= ink.x + ink.width + margin, "\(box) around \(ink)")
        #expect(y + height >= ink.y + ink.height && y + height <= ink.y + ink.height + margin, "\(box) around \(ink)")
        #expect((item["words"] as? [[String: Any]])?.map { $0["character"] as? String ?? "" }.joined() == "Invoice4417")
        #expect((response.json["data"] as? [String: Any])?["session_id"] is String)
        await server.stop()
    }

    @Test func jsonVariants() async throws {
        let server = try await TestServer()
        // charset on the content type, an appid sent as a number, no space after "Authorization:".
        for request in [
            Fixtures.post(Fixtures.jsonBody(), contentType: "application/json; charset=utf-8"),
            Fixtures.post(Fixtures.jsonBody(appid: Int(TestServer.appid)!)),
            Fixtures.post(Fixtures.jsonBody(), authorizationSeparator: ":"),
            // The image as a data URL, and as MIME base64 with a line break every 76 characters.
            Fixtures.post(
                Wire.json([
                    "appid": TestServer.appid, "bucket": "tencentyun",
                    "image": "data:image/jpeg;base64," + Fixtures.textJPEG.base64EncodedString(),
                ])),
            Fixtures.post(
                Wire.json([
                    "appid": TestServer.appid, "bucket": "tencentyun",
                    "image": Fixtures.textJPEG.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]),
                ])),
        ] {
            let response = try await RawHTTP.exchange(port: server.port, request)
            #expect(response.code == 0 && response.itemStrings == Self.expected, "\(response.message)")
        }
        await server.stop()
    }

    @Test func signatureVariantsRealSDKsSend() async throws {
        let server = try await TestServer()
        let now = Int(Date().timeIntervalSince1970)
        let originals = [
            // t before e, no r, no f
            "a=\(TestServer.appid)&b=tencentyun&k=\(TestServer.secretId)&t=\(now)&e=\(now + 600)",
            // no b at all (and no bucket in the body, below), u=0 present, a 5-digit rand
            "a=\(TestServer.appid)&k=\(TestServer.secretId)&e=\(now + 900)&t=\(now)&r=12345&u=0",
            // every field, 10-digit rand
            "a=\(TestServer.appid)&b=tencentyun&k=\(TestServer.secretId)&e=\(now + 300)&t=\(now)&r=4294967295&u=0&f=",
        ]
        for (index, original) in originals.enumerated() {
            let signature = Signature.sign(original: original, secretKey: TestServer.secretKey)
            let body = Fixtures.jsonBody(bucket: index == 1 ? nil : "tencentyun")
            let response = try await RawHTTP.exchange(port: server.port, Fixtures.post(body, authorization: signature))
            #expect(response.code == 0, "\(original): \(response.message)")
        }
        await server.stop()
    }

    @Test func multipartInAnyLayout() async throws {
        let server = try await TestServer()
        let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
        let image = Fixtures.textJPEG
        let layouts: [[([(String, String)], Data)]] = [
            // appid, bucket, image with filename and part type
            [
                ([("Content-Disposition", "form-data; name=\"appid\"")], Data(TestServer.appid.utf8)),
                ([("Content-Disposition", "form-data; name=\"bucket\"")], Data("tencentyun".utf8)),
                ([("Content-Disposition", "form-data; name=\"image\"; filename=\"a.jpg\""), ("Content-Type", "image/jpeg")], image),
            ],
            // image first, no filename, no part type, per-part Content-Length, no bucket
            [
                ([("Content-Disposition", "form-data; name=\"image\""), ("Content-Length", String(image.count))], image),
                ([("Content-Disposition", "form-data; name=\"appid\""), ("Content-Length", "10")], Data(TestServer.appid.utf8)),
            ],
            // a full local path as filename, an octet-stream part type
            [
                ([("Content-Disposition", "form-data; name=\"appid\"")], Data(TestServer.appid.utf8)),
                (
                    [
                        ("Content-Type", "application/octet-stream"),
                        ("Content-Disposition", "form-data; name=\"image\"; filename=\"C:\\\\Users\\\\me\\\\Pictures\\\\scan 1.jpg\""),
                    ], image
                ),
            ],
        ]
        for (index, parts) in layouts.enumerated() {
            let body = Fixtures.multipart(boundary: boundary, parts: parts)
            let signature = TestServer.signature(bucket: index == 0 ? "tencentyun" : nil)
            let response = try await RawHTTP.exchange(
                port: server.port, Fixtures.post(body, contentType: "multipart/form-data; boundary=\(boundary)", authorization: signature))
            #expect(response.code == 0 && response.itemStrings == Self.expected, "layout \(index): \(response.message)")
        }
        // A quoted boundary parameter.
        let body = Fixtures.multipart(boundary: "xyz", parts: layouts[1])
        let response = try await RawHTTP.exchange(
            port: server.port, Fixtures.post(body, contentType: "multipart/form-data; boundary=\"xyz\"", authorization: TestServer.signature(bucket: nil)))
        #expect(response.code == 0)
        await server.stop()
    }

    @Test func connectionCloseKeepAliveAndAbsoluteForm() async throws {
        let server = try await TestServer()
        // Two requests on one kept-alive connection.
        let connection = try RawHTTP(port: server.port)
        for _ in 0..<2 {
            #expect(try await connection.roundTrip(Fixtures.post(Fixtures.jsonBody()))?.code == 0)
        }
        // Connection: close: answered, then closed.
        let closing = try RawHTTP(port: server.port)
        #expect(try await closing.roundTrip(Fixtures.post(Fixtures.jsonBody(), extra: [("Connection", "close")]))?.code == 0)
        #expect(try await closing.next() == nil)
        // The absolute form a client behind a proxy sends.
        let absolute = Fixtures.post(Fixtures.jsonBody(), target: "http://recognition.image.myqcloud.com/ocr/general")
        #expect(try await RawHTTP.exchange(port: server.port, absolute).code == 0)
        await server.stop()
    }

    /// libcurl (and so PHP clients) sends `Expect: 100-continue` before larger bodies and waits
    /// for the interim response before uploading.
    @Test func expectContinueIsAnsweredBeforeTheBodyIsSent() async throws {
        let server = try await TestServer()
        let connection = try RawHTTP(port: server.port)
        let body = Fixtures.jsonBody()
        let request = Fixtures.post(body, extra: [("Expect", "100-continue")])
        let head = request.prefix(request.count - body.count)
        for _ in 0..<2 {  // twice on the same kept-alive connection
            try connection.send(head)
            let interim = try await connection.next()
            #expect(interim?.status == 100)
            let final = try await connection.roundTrip(body)
            #expect(final?.status == 200 && final?.code == 0)
        }
        await server.stop()
    }

    /// A body of unknown length, as streaming clients send it.
    @Test func chunkedBodyIsAccepted() async throws {
        let server = try await TestServer()
        let body = Fixtures.jsonBody()
        var request = Fixtures.post(body, extra: [("Transfer-Encoding", "chunked")])
        request = request.prefix(request.count - body.count)
        let text = String(decoding: request, as: UTF8.self).replacingOccurrences(of: "Content-Length: \(body.count)\r\n", with: "")
        var chunked = Data(text.utf8)
        var offset = 0
        while offset < body.count {
            let piece = body[offset..<min(offset + 4000, body.count)]
            chunked += Data("\(String(piece.count, radix: 16))\r\n".utf8) + piece + Data("\r\n".utf8)
            offset += piece.count
        }
        chunked += Data("0\r\n\r\n".utf8)
        let response = try await RawHTTP.exchange(port: server.port, chunked)
        #expect(response.status == 200 && response.code == 0, "\(response.message)")
        await server.stop()
    }
}
