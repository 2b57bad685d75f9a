import Foundation
import Testing

@testable import OCRPipeline
@testable import TencentOCR

/// API 3.0's signature, checked against the official example of Tencent's signature documentation.
@Suite struct TC3SignatureTests {
    static let secretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
    static let secretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
    static let timestamp = 1_551_113_065
    static let body = Data(#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#.utf8)
    static let headers: [(name: String, value: String)] = [("Content-Type", "application/json; charset=utf-8"), ("Host", "cvm.tencentcloudapi.com")]

    @Test func theOfficialVectorIsReproduced() {
        let canonical = TC3Signature.canonicalRequest(headers: Self.headers, body: Self.body)
        #expect(canonical.hasSuffix("\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"))
        let stringToSign = TC3Signature.stringToSign(timestamp: Self.timestamp, service: "cvm", canonicalRequest: canonical)
        #expect(stringToSign == "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031")
        #expect(
            TC3Signature.signature(secretKey: Self.secretKey, timestamp: Self.timestamp, service: "cvm", stringToSign: stringToSign)
                == "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168")
        let authorization = TC3Signature.authorization(
            secretId: Self.secretId, secretKey: Self.secretKey, service: "cvm",
            timestamp: Self.timestamp, headers: Self.headers, body: Self.body)
        #expect(
            authorization
                == "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        )
    }

    @Test func signingTheActionTooGivesTheDocumentedSignature() {
        let headers = Self.headers + [("X-TC-Action", "describeinstances")]
        let authorization = TC3Signature.authorization(
            secretId: Self.secretId, secretKey: Self.secretKey, service: "cvm",
            timestamp: Self.timestamp, headers: headers, body: Self.body)
        #expect(
            authorization.hasSuffix("SignedHeaders=content-type;host;x-tc-action, Signature=644be983de9a8a3f00db8eadaba61467c3b429e2215758ba897b738ca469fd26"))
    }

    @Test func aReceivedHeaderIsCheckedAgainstTheKey() throws {
        let authorization = TC3Signature.authorization(
            secretId: Self.secretId, secretKey: Self.secretKey, service: "cvm",
            timestamp: Self.timestamp, headers: Self.headers, body: Self.body)
        let parsed = try #require(TC3Signature.Parsed(authorization))
        #expect(parsed.secretId == Self.secretId && parsed.date == "2019-02-25" && parsed.service == "cvm")
        #expect(parsed.signedHeaders == ["content-type", "host"])
        #expect(parsed.matches(secretKey: Self.secretKey, timestamp: Self.timestamp, headers: Self.headers, body: Self.body))
        #expect(!parsed.matches(secretKey: "another key", timestamp: Self.timestamp, headers: Self.headers, body: Self.body))
        #expect(!parsed.matches(secretKey: Self.secretKey, timestamp: Self.timestamp + 1, headers: Self.headers, body: Self.body))
        #expect(!parsed.matches(secretKey: Self.secretKey, timestamp: Self.timestamp, headers: Self.headers, body: Self.body + Data(" ".utf8)))
        for malformed in [
            "", "TC3-HMAC-SHA256", "HMAC-SHA1 Credential=a/b/c/tc3_request, SignedHeaders=host, Signature=00",
            "TC3-HMAC-SHA256 Credential=a/2019-02-25/cvm, SignedHeaders=host, Signature=" + String(repeating: "0", count: 64),
            "TC3-HMAC-SHA256 Credential=a/2019-02-25/cvm/tc3_request, SignedHeaders=host, Signature=xyz",
        ] {
            #expect(TC3Signature.Parsed(malformed) == nil, "\(malformed)")
        }
    }

    @Test func answersMapToItems() throws {
        let body =
            #"{"Response":{"TextDetections":[{"DetectedText":"手机 A1","Confidence":97,"Polygon":[{"X":10,"Y":100},{"X":90,"Y":100},{"X":90,"Y":130},{"X":10,"Y":130}],"ItemPolygon":{"X":10,"Y":100,"Width":80,"Height":30},"Words":[{"Confidence":99,"Character":"手"},{"Confidence":95,"Character":"机"},{"Confidence":90,"Character":"A"},{"Confidence":88,"Character":"1"}],"WordCoordPoint":[{"WordCoordinate":[{"X":10,"Y":100},{"X":30,"Y":100},{"X":30,"Y":130},{"X":10,"Y":130}]}]},{"DetectedText":"ok","Confidence":80,"ItemPolygon":{"X":5,"Y":6,"Width":7,"Height":8}}],"Language":"zh","Angle":0,"RequestId":"r-1"}}"#
        guard case .detections(let items, let requestId)? = CloudAPIResponse(body: Data(body.utf8)) else { Issue.record("not read"); return }
        #expect(requestId == "r-1")
        #expect(items.map(\.itemstring) == ["手机 A1", "ok"])
        #expect(items[0].itemcoord == Box(x: 10, y: 100, width: 80, height: 30))
        #expect(items[0].words.map(\.confidence) == [99, 95, 90, 88])
        #expect(items[0].words.map(\.followsSpace) == [false, false, true, false])
        #expect(items[0].words[0].box == Box(x: 10, y: 100, width: 20, height: 30))
        #expect(items[1].itemcoord == Box(x: 5, y: 6, width: 7, height: 8))
        #expect(items[1].words.map(\.character) == ["o", "k"] && items[1].words.allSatisfy { $0.confidence == 80 })
        let error = #"{"Response":{"Error":{"Code":"FailedOperation.ImageNoText","Message":"no text"},"RequestId":"r-2"}}"#
        guard case .error(let code, _, let errorRequest)? = CloudAPIResponse(body: Data(error.utf8)) else { Issue.record("not read"); return }
        #expect(code == CloudAPICode.imageNoText && errorRequest == "r-2")
        #expect(CloudAPIResponse(body: Data("<html>502</html>".utf8)) == nil)
        #expect(CloudAPICode.policy(CloudAPICode.requestLimitExceeded) == .retry)
        #expect(CloudAPICode.policy(CloudAPICode.inArrears) == .stopRun)
        #expect(CloudAPICode.policy(CloudAPICode.imageDecodeFailed) == .failImage)
        #expect(CloudAPICode.policy(CloudAPICode.signatureExpire) == .resign)
    }

    @Test func theBodyIsBudgetedExactly() throws {
        let template = RequestTemplate.cloudAPI(fields: ["LanguageType": "zh", "IsWords": true])
        for size in [0, 1, 2, 3, 1000, 12_345] {
            let body = try RequestBody.make(template, image: Data(repeating: 7, count: size), format: .jpeg)
            #expect(body.bytes.count == RequestBody.size(template, imageBytes: size, format: .jpeg))
            let document = try JSONValue.parse(body.bytes)
            #expect(document["ImageBase64"]?.stringValue.flatMap { Data(base64Encoded: $0) }?.count == size)
            #expect(document["LanguageType"]?.stringValue == "zh" && document["IsWords"] == true)
        }
    }
}
