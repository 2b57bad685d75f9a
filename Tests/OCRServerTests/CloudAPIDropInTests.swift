import Foundation
import OCRPipeline
import SyntheticImages
import TestSupport
import Testing

/// `serve` as a drop-in for API 3.0, seen through the official Python SDK: every action with the
/// reference's answer fields and types, the SDK's other signing modes, the request fields it
/// honours.
@Suite struct CloudAPIDropInTests {
    static func image(in folder: TemporaryFolder) throws -> String { try CloudAPISDKTests.imageFile(Fixtures.textJPEG, in: folder) }

    static func response(_ outcome: [String: Any]) -> [String: Any] { outcome["response"] as? [String: Any] ?? [:] }
    static func detections(_ outcome: [String: Any]) -> [[String: Any]] { response(outcome)["TextDetections"] as? [[String: Any]] ?? [] }
    static func failure(_ outcome: [String: Any]) -> String { "\(outcome["code"] ?? "") \(outcome["message"] ?? "")" }

    /// Each action's answer as the SDK reads it: the reference's fields filled (none left null),
    /// with the reference's Python types.
    @Test func everyActionAnswersTheReferenceFieldsWithTheirTypes() async throws {
        let server = try await TestServer()
        let folder = try TemporaryFolder()
        let image = try Self.image(in: folder)
        let detection = ["DetectedText": "str", "Confidence": "int", "Polygon": "list", "AdvancedInfo": "str"]
        let full = detection.merging(["ItemPolygon": "ItemCoord", "Words": "list", "WordCoordPoint": "list"]) { $1 }
        let expected: [(action: String, fields: [String: String], detection: [String: String]?)] = [
            ("GeneralBasicOCR", ["Language": "str", "Angel": "float", "PdfPageSize": "int", "Angle": "float"], full),
            ("GeneralAccurateOCR", ["Angel": "float", "Angle": "float"], full),
            ("GeneralFastOCR", ["Language": "str", "Angel": "float", "PdfPageSize": "int"], full),
            ("GeneralEfficientOCR", ["Angel": "float", "Angle": "float"], full),
            ("GeneralHandwritingOCR", ["Angel": "float", "Angle": "float"], detection.merging(["WordPolygon": "list"]) { $1 }),
            ("TextDetect", ["HasText": "bool"], nil),
        ]
        for (action, fields, detectionFields) in expected {
            let outcome = try await CloudAPISDKTests.callJSON(port: server.port, arguments: ["--action", action, "--image", image])
            #expect(outcome["ok"] as? Bool == true, "\(action): \(Self.failure(outcome))")
            let types = outcome["types"] as? [String: Any] ?? [:]
            for (field, type) in fields.merging(["RequestId": "str"]) { $1 } {
                #expect(types[field] as? String == type, "\(action).\(field) is \(types[field] ?? "absent"), not \(type)")
            }
            guard let detectionFields else {
                #expect(Self.response(outcome)["HasText"] as? Bool == true)
                continue
            }
            let first = types["TextDetections[0]"] as? [String: Any] ?? [:]
            for (field, type) in detectionFields {
                #expect(first[field] as? String == type, "\(action).TextDetections[0].\(field) is \(first[field] ?? "absent"), not \(type)")
            }
            #expect((first["Polygon[0]"] as? [String: String]) == ["X": "int", "Y": "int"])
            #expect(Self.detections(outcome).map { $0["DetectedText"] as? String } == ["Invoice 4417"], "\(action)")
        }
        // No text: TextDetect says so; the others answer the service's code.
        let blank = try CloudAPISDKTests.imageFile(Fixtures.blankPNG, in: folder, name: "blank.png")
        let none = try await CloudAPISDKTests.callJSON(port: server.port, arguments: ["--action", "TextDetect", "--image", blank])
        #expect(none["ok"] as? Bool == true && Self.response(none)["HasText"] as? Bool == false, "\(Self.failure(none))")
        let fast = try await CloudAPISDKTests.callJSON(port: server.port, arguments: ["--action", "GeneralFastOCR", "--image", blank])
        #expect(fast["code"] as? String == "FailedOperation.ImageNoText")
        await server.stop()
    }

    /// `ClientProfile(signMethod="HmacSHA1")` and `"HmacSHA256"` (v1, a form-encoded body) and
    /// `HttpProfile(reqMethod="GET")` (the fields in the query), each as the SDK sends it.
    @Test func theSDKsOtherSigningModesAreAccepted() async throws {
        let server = try await TestServer()
        let folder = try TemporaryFolder()
        let image = try Self.image(in: folder)
        let modes: [[String]] = [
            ["--sign-method", "HmacSHA1"], ["--sign-method", "HmacSHA256"], ["--req-method", "GET"],
            ["--req-method", "GET", "--sign-method", "HmacSHA256"], ["--sign-method", "HmacSHA1", "--repeat", "3"],
        ]
        for mode in modes {
            let outcome = try await CloudAPISDKTests.callJSON(port: server.port, arguments: mode + ["--image", image, "--is-words"])
            #expect(outcome["ok"] as? Bool == true, "\(mode): \(Self.failure(outcome))")
            let line = Self.detections(outcome).first
            #expect(line?["DetectedText"] as? String == "Invoice 4417" && (line?["Words"] as? [Any])?.count == 11, "\(mode)")
        }
        let wrongKey = try await CloudAPISDKTests.callJSON(
            port: server.port, secretKey: "not-the-right-key", arguments: ["--sign-method", "HmacSHA256", "--image", image])
        #expect(wrongKey["code"] as? String == "AuthFailure.SignatureFailure")
        let expired = try await CloudAPISDKTests.callJSON(
            port: server.port, arguments: ["--sign-method", "HmacSHA1", "--image", image, "--clock-offset", "-3600"])
        #expect(expired["code"] as? String == "AuthFailure.SignatureExpire")
        let temporary = try await CloudAPISDKTests.callJSON(
            port: server.port, secretId: TestServer.temporarySecretId, secretKey: TestServer.temporarySecretKey,
            arguments: ["--req-method", "GET", "--sign-method", "HmacSHA256", "--image", image, "--token", TestServer.sessionToken])
        #expect(temporary["ok"] as? Bool == true, "\(Self.failure(temporary))")
        await server.stop()
    }

    /// The request fields `serve` honours, and those it checks and accepts.
    @Test func requestFieldsAreHonoured() async throws {
        let server = try await TestServer()
        let folder = try TemporaryFolder()
        let image = try Self.image(in: folder)
        func call(_ action: String, _ fields: [String], file: String? = nil) async throws -> [String: Any] {
            try await CloudAPISDKTests.callJSON(
                port: server.port, arguments: ["--action", action, "--image", file ?? image] + fields.flatMap { ["--field", $0] })
        }
        // One line, no detection; then small text cut into tiles; each reads the line.
        for fields in [["EnableDetectText=false"], ["EnableDetectSplit=true"], ["ConfigID=\"OCR\"", "WordsType=\"2\""]] {
            let outcome = try await call("GeneralAccurateOCR", fields)
            #expect(Self.detections(outcome).map { $0["DetectedText"] as? String } == ["Invoice 4417"], "\(fields): \(Self.failure(outcome))")
        }
        // MulOCR labels each line's language.
        let mixed = try await call("GeneralAccurateOCR", ["ConfigID=\"MulOCR\""])
        #expect(Self.detections(mixed).first?["Language"] as? String == "en", "\(Self.failure(mixed))")
        #expect(try await call("GeneralAccurateOCR", ["ConfigID=\"Nope\""])["code"] as? String == "InvalidParameterValue.InvalidParameterValueLimit")
        // Handwriting: each character's four corners when asked.
        let handwriting = try await call("GeneralHandwritingOCR", ["EnableWordPolygon=true", "Scene=\"only_hw\""])
        let corners = Self.detections(handwriting).first?["WordPolygon"] as? [[String: Any]] ?? []
        #expect(corners.count == 11 && Set(corners.first?.keys.map { $0 } ?? []) == ["LeftTop", "RightTop", "RightBottom", "LeftBottom"])
        // LanguageType: French is Tesseract's here; Korean has no local engine; a made-up code is refused.
        let french = try CloudAPISDKTests.imageFile(
            try SyntheticImages.page(width: 900, height: 120, lines: [("Économie française élevée", 30, 30, 44)]).image.pngData(), in: folder,
            name: "french.png")
        let read = try await call("GeneralBasicOCR", ["LanguageType=\"fre\""], file: french)
        #expect(Self.detections(read).map { $0["DetectedText"] as? String } == ["Économie française élevée"], "\(Self.failure(read))")
        #expect(Self.response(read)["Language"] as? String == "fre")
        let korean = try await call("GeneralBasicOCR", ["LanguageType=\"kor\""])
        #expect(korean["code"] as? String == "FailedOperation.LanguageNotSupport" && (korean["message"] as? String)?.contains("tesseract-ocr-kor") == true)
        #expect(try await call("GeneralBasicOCR", ["LanguageType=\"xx\""])["code"] as? String == "InvalidParameterValue.InvalidParameterValueLimit")
        await server.stop()
    }

    /// A page sent lying on its side reports its `Angle`; two paragraphs get two `ParagNo`.
    @Test func aTurnedPageReportsItsAngleAndItsParagraphs() async throws {
        let lines = [
            "The harbour office opens at nine", "every weekday except holidays", "Parcels are collected on Fridays", "from the loading bay",
        ]
        let page = try SyntheticImages.page(
            width: 1100, height: 800, lines: lines.enumerated().map { ($1, 60, 80 + $0 * 90 + ($0 >= 2 ? 260 : 0), 44) })
        let folder = try TemporaryFolder()
        let file = try CloudAPISDKTests.imageFile(try page.image.rotated(clockwise: 270).pngData(), in: folder, name: "turned.png")
        let server = try await TestServer()
        let outcome = try await CloudAPISDKTests.callJSON(port: server.port, arguments: ["--image", file])
        await server.stop()
        #expect(Self.response(outcome)["Angle"] as? Double == 270 && Self.response(outcome)["Angel"] as? Double == 270, "\(Self.failure(outcome))")
        #expect(Self.detections(outcome).map { $0["DetectedText"] as? String } == lines)
        #expect(
            Self.detections(outcome).map { $0["AdvancedInfo"] as? String }
                == [#"{"Parag":{"ParagNo":1}}"#, #"{"Parag":{"ParagNo":1}}"#, #"{"Parag":{"ParagNo":2}}"#, #"{"Parag":{"ParagNo":2}}"#])
    }
}
