import Foundation
import OCRPipeline
import SyntheticImages
import TestSupport
import Testing

@testable import TencentOCR

/// `POST /` speaking API 3.0, over raw HTTP: the checks the SDK never trips.
@Suite struct CloudAPIServerTests {
    static func body(_ fields: [String: Any]) -> Data { Wire.json(fields) }
    static let image = ["ImageBase64": Fixtures.textJPEG.base64EncodedString()]

    static func error(_ response: RawHTTP.Response) -> String? {
        ((response.json["Response"] as? [String: Any])?["Error"] as? [String: Any])?["Code"] as? String
    }

    @Test func eitherSignedHeaderSetIsAccepted() async throws {
        let server = try await TestServer()
        for signAction in [false, true] {
            let response = try await RawHTTP.exchange(
                port: server.port, TestServer.cloudAPIRequest(port: server.port, body: Self.body(Self.image), signAction: signAction))
            #expect(response.status == 200 && response.headers["content-type"] == "application/json")
            let detections = (response.json["Response"] as? [String: Any])?["TextDetections"] as? [[String: Any]]
            #expect(detections?.compactMap { $0["DetectedText"] as? String } == ["Invoice 4417"], "\(response.text)")
        }
        // The action is signed: changing it after signing breaks the signature.
        var tampered = String(decoding: TestServer.cloudAPIRequest(port: server.port, body: Self.body(Self.image), signAction: true), as: UTF8.self)
        tampered = tampered.replacingOccurrences(of: "X-TC-Action: GeneralBasicOCR", with: "X-TC-Action: GeneralAccurateOCR")
        #expect(Self.error(try await RawHTTP.exchange(port: server.port, Data(tampered.utf8))) == "AuthFailure.SignatureFailure")
        await server.stop()
    }

    @Test func eachFaultGetsItsCode() async throws {
        let server = try await TestServer { $0.maxCloudAPIBodyBytes = 200_000 }
        let port = server.port
        func code(_ request: Data) async throws -> String? { Self.error(try await RawHTTP.exchange(port: port, request)) }
        #expect(try await code(TestServer.cloudAPIRequest(port: port, body: Self.body(Self.image), action: "IDCardOCR")) == "InvalidAction")
        #expect(try await code(TestServer.cloudAPIRequest(port: port, body: Self.body(Self.image), version: "2017-01-01")) == "NoSuchVersion")
        #expect(
            try await code(TestServer.cloudAPIRequest(port: port, body: Self.body(Self.image), timestamp: Int(Date().timeIntervalSince1970) + 400))
                == "AuthFailure.SignatureExpire")
        #expect(
            try await code(TestServer.cloudAPIRequest(port: port, body: Self.body(Self.image), token: "not-the-token", extraHeaders: []))
                == "AuthFailure.TokenFailure")
        let unsigned = Wire.request(
            target: "/",
            headers: [
                ("Host", "x"), ("Content-Type", "application/json"), ("X-TC-Action", "GeneralBasicOCR"),
                ("X-TC-Version", "2018-11-19"), ("Authorization", "Bearer something"),
            ], body: Self.body(Self.image))
        #expect(try await code(unsigned) == "AuthFailure.InvalidAuthorization")
        #expect(try await code(TestServer.cloudAPIRequest(port: port, body: Self.body(["LanguageType": "zh"]))) == "MissingParameter")
        #expect(try await code(TestServer.cloudAPIRequest(port: port, body: Data("{not json".utf8))) == "InvalidParameter")
        #expect(try await code(TestServer.cloudAPIRequest(port: port, body: Self.body(["ImageBase64": "%%%%"]))) == "FailedOperation.ImageDecodeFailed")
        #expect(
            try await code(TestServer.cloudAPIRequest(port: port, body: Self.body(["ImageBase64": Fixtures.animatedGIF.base64EncodedString()])))
                == "FailedOperation.ImageDecodeFailed")
        // Over the limit: refused from the declared length, before the body is read.
        let large = Self.body(["ImageBase64": String(repeating: "A", count: 300_000)])
        let response = try await RawHTTP.exchange(port: port, TestServer.cloudAPIRequest(port: port, body: large))
        #expect(Self.error(response) == "RequestSizeLimitExceeded")
        #expect(((response.json["Response"] as? [String: Any])?["RequestId"] as? String)?.isEmpty == false)
        // The legacy endpoint is still there on the same port.
        #expect(try await RawHTTP.exchange(port: port, Fixtures.post(Fixtures.jsonBody())).code == 0)
        await server.stop()
    }

    @Test func aBusyServerAnswersRequestLimitExceeded() async throws {
        let folder = try TemporaryFolder()
        let server = try await TestServer {
            $0.pipeline = try? TestServer.slowPipeline(seconds: 3, folder: folder)
            $0.workers = 1
            $0.queueCapacity = 0
        }
        let port = server.port
        let first = Task { try await RawHTTP.exchange(port: port, TestServer.cloudAPIRequest(port: port, body: Self.body(Self.image))) }
        try await server.waitUntilBusy(1)
        let second = try await RawHTTP.exchange(port: port, TestServer.cloudAPIRequest(port: port, body: Self.body(Self.image)))
        #expect(Self.error(second) == "RequestLimitExceeded")
        _ = try await first.value
        await server.stop()
    }
}

extension CloudAPIServerTests {
    /// A PNG whose header declares 30000×30000 pixels (900 megapixels) over a few bytes of data.
    static var pixelBomb: Data {
        var png = Fixtures.blankPNG
        // IHDR's width and height follow the 8-byte signature, the chunk's length and its type.
        for (offset, value) in [(16, UInt32(30_000)), (20, UInt32(30_000))] {
            withUnsafeBytes(of: value.bigEndian) { png.replaceSubrange(offset..<offset + 4, with: $0) }
        }
        return png
    }

    @Test func tooManyPixelsAndFailedDownloadsHaveTheirCodes() async throws {
        let server = try await TestServer { $0.allowPrivateURLs = true }
        let port = server.port
        let bomb = try await RawHTTP.exchange(
            port: port, TestServer.cloudAPIRequest(port: port, body: Self.body(["ImageBase64": Self.pixelBomb.base64EncodedString()])))
        #expect(Self.error(bomb) == "FailedOperation.ImageSizeTooLarge", "\(bomb.text)")
        let host = try await URLModeTests.imageHost()
        let missing = try await RawHTTP.exchange(
            port: port, TestServer.cloudAPIRequest(port: port, body: Self.body(["ImageUrl": "http://127.0.0.1:\(host.port)/missing.jpg"])))
        #expect(Self.error(missing) == "FailedOperation.DownLoadError")
        host.task.cancel()
        await server.stop()
    }

    /// A page sent lying on its side: `Angle` (and `Angel`) says how far it was turned,
    /// `Polygon` is in the pixels sent, `ItemPolygon` in the page turned upright, and the two
    /// paragraphs have their own `ParagNo`.
    @Test func aTurnedPageIsAnsweredWithItsAngleBothPolygonsAndItsParagraphs() async throws {
        let lines = [
            "The harbour office opens at nine", "every weekday except holidays", "and closes at five in the evening",
            "Parcels are collected on Fridays", "from the loading bay behind the hall", "please bring the signed form",
        ]
        // Two paragraphs of three lines, a wide gap between them.
        let page = try SyntheticImages.page(
            width: 1300, height: 1000, lines: lines.enumerated().map { ($1, 60, 80 + $0 * 90 + ($0 >= 3 ? 240 : 0), 44) })
        let sent = try page.image.rotated(clockwise: 90)
        let server = try await TestServer()
        let response = try await RawHTTP.exchange(
            port: server.port,
            TestServer.cloudAPIRequest(port: server.port, body: Self.body(["ImageBase64": try sent.pngData().base64EncodedString()])))
        await server.stop()
        let answer = try #require(response.json["Response"] as? [String: Any], "\(String(decoding: response.body, as: UTF8.self))")
        #expect(answer["Angle"] as? Double == 90 && answer["Angel"] as? Double == 90, "\(response.text)")
        let detections = try #require(answer["TextDetections"] as? [[String: Any]])
        #expect(detections.compactMap { $0["DetectedText"] as? String } == lines, "\(response.text)")
        for (detection, truth) in zip(detections, page.lines.map(\.box)) {
            let item = try #require(detection["ItemPolygon"] as? [String: Int])
            // In the upright page: where the line was drawn.
            #expect(abs(item["X", default: -99] - truth.x) <= 12 && abs(item["Y", default: -99] - truth.y) <= 12, "\(item) vs \(truth)")
            // In the image as sent (turned 90° clockwise): x runs down the upright page's height.
            let polygon = try #require(detection["Polygon"] as? [[String: Int]])
            let xs = polygon.compactMap { $0["X"] }, ys = polygon.compactMap { $0["Y"] }
            #expect(xs.allSatisfy { (0...sent.width).contains($0) } && ys.allSatisfy { (0...sent.height).contains($0) })
            #expect(abs(xs.max()! - (sent.width - truth.y)) <= 12 && abs(ys.min()! - truth.x) <= 12, "\(polygon) vs \(truth)")
        }
        let paragraphs = detections.map { ($0["AdvancedInfo"] as? String) ?? "" }
        #expect(paragraphs == Array(repeating: #"{"Parag":{"ParagNo":1}}"#, count: 3) + Array(repeating: #"{"Parag":{"ParagNo":2}}"#, count: 3))
    }

    /// A v1 request (form-encoded POST) with these fields, signed as the SDKs sign it.
    static func v1Request(
        port: Int, fields: [(String, String)], nonce: Int, timestamp: Int = Int(Date().timeIntervalSince1970), method: String = "HmacSHA256"
    )
        -> Data
    {
        let host = "127.0.0.1:\(port)"
        var parameters: [(name: String, value: String)] =
            fields.map { ($0.0, $0.1) } + [
                ("Action", "GeneralBasicOCR"), ("Version", "2018-11-19"), ("Region", "ap-guangzhou"), ("Timestamp", String(timestamp)),
                ("Nonce", String(nonce)), ("SecretId", TestServer.cloudSecretId), ("SignatureMethod", method),
            ]
        let stringToSign = V1Signature.stringToSign(method: "POST", host: host, path: "/", parameters: parameters)
        parameters.append(
            (
                "Signature",
                V1Signature.signature(secretKey: TestServer.cloudSecretKey, stringToSign: stringToSign, method: V1Signature.Method(rawValue: method)!)
            ))
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = Data(
            parameters.map { "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&").utf8)
        return Wire.request(
            target: "/", headers: [("Host", host), ("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", String(body.count))],
            body: body)
    }

    /// v1: a nonce is taken once; the window and the key are checked as for TC3.
    @Test func aV1NonceCannotBeReplayed() async throws {
        let server = try await TestServer()
        let port = server.port
        let fields = [("ImageBase64", Fixtures.textJPEG.base64EncodedString())]
        let nonce = Int.random(in: 1...Int(Int32.max))
        let request = Self.v1Request(port: port, fields: fields, nonce: nonce)
        let first = try await RawHTTP.exchange(port: port, request)
        #expect((first.json["Response"] as? [String: Any])?["TextDetections"] != nil, "\(String(decoding: first.body, as: UTF8.self))")
        let replayed = try await RawHTTP.exchange(port: port, request)
        let said = String(decoding: replayed.body, as: UTF8.self)
        #expect(Self.error(replayed) == "AuthFailure.SignatureFailure" && said.contains("Nonce"), "\(said)")
        let stale = Self.v1Request(port: port, fields: fields, nonce: nonce + 1, timestamp: Int(Date().timeIntervalSince1970) - 600)
        #expect(Self.error(try await RawHTTP.exchange(port: port, stale)) == "AuthFailure.SignatureExpire")
        let sha1 = Self.v1Request(port: port, fields: fields, nonce: nonce + 2, method: "HmacSHA1")
        #expect(Self.error(try await RawHTTP.exchange(port: port, sha1)) == nil)
        await server.stop()
    }

    /// A field the action does not take, or of the wrong type, is refused as the service does.
    @Test func unknownFieldsAndWrongTypesAreRefused() async throws {
        let server = try await TestServer()
        let port = server.port
        func code(_ fields: [String: Any], action: String = "GeneralBasicOCR") async throws -> String? {
            Self.error(try await RawHTTP.exchange(port: port, TestServer.cloudAPIRequest(port: port, body: Self.body(fields), action: action)))
        }
        let image: [String: Any] = Self.image
        #expect(try await code(image.merging(["Colour": "red"]) { $1 }) == "UnknownParameter")
        #expect(try await code(image.merging(["EnableDetectSplit": true]) { $1 }) == "UnknownParameter")  // GeneralAccurateOCR's only
        #expect(try await code(image.merging(["IsWords": "yes"]) { $1 }) == "InvalidParameter")
        #expect(try await code(image.merging(["PdfPageNumber": "two"]) { $1 }) == "InvalidParameter")
        #expect(try await code(image.merging(["EnableDetectSplit": true]) { $1 }, action: "GeneralAccurateOCR") == nil)
        await server.stop()
    }
}
