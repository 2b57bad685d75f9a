import Foundation
import OCREngines
import OCRPipeline
import SyntheticImages
import TestSupport
import Testing

@testable import TencentOCR

/// Tencent's official Python SDK for API 3.0 (tencentcloud-sdk-python, pinned in
/// scripts/sdk-requirements.txt), unchanged, pointed at `serve` through its public HttpProfile.
@Suite struct CloudAPISDKTests {
    struct Outcome: Decodable {
        struct Detection: Decodable {
            var text: String
            var confidence: Int
            var polygon: [[Int]]
            var words: [[Word]]
            var word_boxes: Int
        }
        enum Word: Decodable {
            case text(String), number(Int)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Int.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
            }
        }
        var ok: Bool
        var detections: [Detection]?
        var code: String?
        var message: String?
        var request_id: String?
        var pdf_page_size: Int?
    }

    /// Runs Tests/sdk/cloud_api_client.py with the SDK that scripts/install-sdk.sh installed.
    static func call(
        port: Int, secretId: String = TestServer.cloudSecretId, secretKey: String = TestServer.cloudSecretKey,
        arguments: [String]
    ) async throws -> Outcome {
        let data = try await run(port: port, secretId: secretId, secretKey: secretKey, arguments: arguments)
        do {
            return try JSONDecoder().decode(Outcome.self, from: data)
        } catch {
            throw ClientFailed(output: String(decoding: data, as: UTF8.self))
        }
    }

    /// The client's whole outcome as JSON: `ok`, `response` (the SDK's model of the answer,
    /// serialised by the SDK), `types` (the Python type of each field), or `code` and `message`.
    static func callJSON(
        port: Int, secretId: String = TestServer.cloudSecretId, secretKey: String = TestServer.cloudSecretKey,
        arguments: [String]
    ) async throws -> [String: Any] {
        let data = try await run(port: port, secretId: secretId, secretKey: secretKey, arguments: arguments)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ClientFailed(output: String(decoding: data, as: UTF8.self))
        }
        return object
    }

    /// Runs a Python script of Tests/sdk with the packages scripts/install-sdk.sh installed;
    /// its standard output (and, when that is not JSON, its standard error after it).
    static func python(_ script: String, arguments: [String], input: Data? = nil) async throws -> Data {
        let sdk = PackageRoot.url.appendingPathComponent(".build-sdk")
        guard FileManager.default.fileExists(atPath: sdk.appendingPathComponent("tencentcloud").path) else {
            throw SDKMissing()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", PackageRoot.url.appendingPathComponent("Tests/sdk/\(script)").path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONPATH": sdk.path]) { $1 }
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            try await RawHTTP.offPool {
                stdin.fileHandleForWriting.write(input)
                try? stdin.fileHandleForWriting.close()
            }
        }
        // Blocking reads stay off the cooperative pool, which the in-process server needs.
        let data = try await RawHTTP.offPool { output.fileHandleForReading.readDataToEndOfFile() }
        let stderr = try await RawHTTP.offPool { errors.fileHandleForReading.readDataToEndOfFile() }
        try await RawHTTP.offPool { process.waitUntilExit() }
        return (try? JSONSerialization.jsonObject(with: data)) == nil ? data + stderr : data
    }

    private static func run(port: Int, secretId: String, secretKey: String, arguments: [String]) async throws -> Data {
        try await python(
            "cloud_api_client.py", arguments: ["--port", String(port), "--secret-id", secretId, "--secret-key", secretKey] + arguments)
    }

    struct SDKMissing: Error, CustomStringConvertible {
        var description: String { "tencentcloud-sdk-python is not installed in .build-sdk: run scripts/install-sdk.sh (scripts/test.sh does)" }
    }

    struct ClientFailed: Error, CustomStringConvertible {
        let output: String
        var description: String { "the SDK client printed no outcome: \(output)" }
    }

    static func imageFile(_ data: Data, in folder: TemporaryFolder, name: String = "image.jpg") throws -> String {
        try folder.write(data, to: name)
    }

    @Test func base64AndURLRequestsGetTheText() async throws {
        let server = try await TestServer { $0.allowPrivateURLs = true }
        let folder = try TemporaryFolder()
        let image = try Self.imageFile(Fixtures.textJPEG, in: folder)
        for action in ["GeneralBasicOCR", "GeneralAccurateOCR"] {
            let outcome = try await Self.call(port: server.port, arguments: ["--action", action, "--image", image, "--is-words"])
            #expect(outcome.ok, "\(outcome.code ?? "") \(outcome.message ?? "")")
            let detection = try #require(outcome.detections?.first)
            #expect(outcome.detections?.map(\.text) == ["Invoice 4417"])
            #expect(detection.confidence > 80 && detection.confidence <= 100)
            // The line's box around the ink drawn at (30, 40), 48 px high.
            let xs = detection.polygon.map { $0[0] }, ys = detection.polygon.map { $0[1] }
            #expect(
                detection.polygon.count == 4 && abs(xs.min()! - 30) <= 6 && abs(ys.min()! - 40) <= 12 && ys.max()! - ys.min()! <= 60, "\(detection.polygon)")
            #expect(detection.words.count == 11 && detection.word_boxes == 11)
            #expect(!(outcome.request_id ?? "").isEmpty)
        }
        let host = try await URLModeTests.imageHost()
        let byURL = try await Self.call(port: server.port, arguments: ["--url", "http://127.0.0.1:\(host.port)/image.jpg"])
        #expect(byURL.ok && byURL.detections?.map(\.text) == ["Invoice 4417"], "\(byURL.code ?? "") \(byURL.message ?? "")")
        #expect(byURL.detections?.first?.words.isEmpty == true)  // IsWords not asked
        host.task.cancel()
        // A temporary credential with its session token.
        let temporary = try await Self.call(
            port: server.port, secretId: TestServer.temporarySecretId, secretKey: TestServer.temporarySecretKey,
            arguments: ["--image", image, "--token", TestServer.sessionToken])
        #expect(temporary.ok, "\(temporary.code ?? "")")
        await server.stop()
    }

    @Test func faultsRaiseWithTheRightCode() async throws {
        let server = try await TestServer()
        let folder = try TemporaryFolder()
        let image = try Self.imageFile(Fixtures.textJPEG, in: folder)
        let wrongKey = try await Self.call(port: server.port, secretKey: "not-the-right-key", arguments: ["--image", image])
        #expect(!wrongKey.ok && wrongKey.code == "AuthFailure.SignatureFailure", "\(wrongKey.code ?? "")")
        let unknownId = try await Self.call(port: server.port, secretId: "AKIDnobodynobodynobody", arguments: ["--image", image])
        #expect(unknownId.code == "AuthFailure.SecretIdNotFound")
        let expired = try await Self.call(port: server.port, arguments: ["--image", image, "--clock-offset", "-3600"])
        #expect(expired.code == "AuthFailure.SignatureExpire", "\(expired.code ?? "")")
        let missingToken = try await Self.call(
            port: server.port, secretId: TestServer.temporarySecretId, secretKey: TestServer.temporarySecretKey,
            arguments: ["--image", image])
        #expect(missingToken.code == "AuthFailure.TokenFailure")
        let garbage = try Self.imageFile(Data("this is not an image at all".utf8), in: folder, name: "garbage.jpg")
        let undecodable = try await Self.call(port: server.port, arguments: ["--image", garbage])
        #expect(undecodable.code == "FailedOperation.ImageDecodeFailed", "\(undecodable.code ?? "")")
        let blank = try Self.imageFile(Fixtures.blankPNG, in: folder, name: "blank.png")
        let noText = try await Self.call(port: server.port, arguments: ["--image", blank])
        #expect(noText.code == "FailedOperation.ImageNoText", "\(noText.code ?? "")")
        #expect(!(noText.request_id ?? "").isEmpty)
        let refused = try await Self.call(port: server.port, arguments: ["--url", "http://127.0.0.1:1/image.jpg"])
        #expect(refused.code == "FailedOperation.DownLoadError" && refused.message?.contains("loopback") == true)
        await server.stop()
    }

    /// A PDF with `IsPdf`: the page asked for (1 by default) is read and `PdfPageSize` is the
    /// document's page count; without `IsPdf`, or past its last page, the service's codes.
    @Test func aPDFPageIsReadWhenTheRequestSaysItIsOne() async throws {
        let server = try await TestServer()
        let folder = try TemporaryFolder()
        let pdf = folder.url.appendingPathComponent("doc.pdf").path
        try await Documents.scannedPDF(
            [try Documents.page(["Invoice 4417"]).image, try Documents.page(["Delivery 5521"]).image, try Documents.page(["Thanks"]).image], dpi: 150, to: pdf)
        let second = try await Self.call(port: server.port, arguments: ["--image", pdf, "--is-pdf", "--pdf-page", "2"])
        #expect(second.ok && second.detections?.map(\.text) == ["Delivery 5521"] && second.pdf_page_size == 3, "\(second.code ?? "") \(second.message ?? "")")
        let first = try await Self.call(port: server.port, arguments: ["--image", pdf, "--is-pdf"])
        #expect(first.ok && first.detections?.map(\.text) == ["Invoice 4417"] && first.pdf_page_size == 3)
        let image = try Self.imageFile(Fixtures.textJPEG, in: folder)
        let imageWithIsPdf = try await Self.call(port: server.port, arguments: ["--image", image, "--is-pdf"])
        #expect(imageWithIsPdf.ok && imageWithIsPdf.pdf_page_size == 0)

        let notMarked = try await Self.call(port: server.port, arguments: ["--image", pdf])
        #expect(notMarked.code == "FailedOperation.ImageDecodeFailed" && notMarked.message?.contains("IsPdf") == true, "\(notMarked.message ?? "")")
        let pastTheEnd = try await Self.call(port: server.port, arguments: ["--image", pdf, "--is-pdf", "--pdf-page", "4"])
        #expect(pastTheEnd.code == "InvalidParameterValue.InvalidParameterValueLimit" && pastTheEnd.message?.contains("3 pages") == true)
        let damaged = try Self.imageFile(Data("%PDF-1.4\nnot really a PDF".utf8), in: folder, name: "damaged.pdf")
        let unreadable = try await Self.call(port: server.port, arguments: ["--image", damaged, "--is-pdf"])
        #expect(unreadable.code == "FailedOperation.PDFParseFailed", "\(unreadable.code ?? "") \(unreadable.message ?? "")")

        // The legacy API takes images only.
        let legacy = try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody(image: try Data(contentsOf: URL(fileURLWithPath: pdf)))))
        #expect(legacy.code == -1102 && legacy.message.contains("PDF"), "\(legacy.message)")
        await server.stop()
    }
}
