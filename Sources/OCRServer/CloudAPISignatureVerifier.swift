import Foundation
import HTTPTypes
import NIOCore
import OCRPipeline
import TencentOCR

/// Checks an API 3.0 request's TC3-HMAC-SHA256 signature as the service does
/// (docs/protocol-api3.md): a well-formed `Authorization` over at least `content-type` and `host` (any
/// other signed headers too, such as `x-tc-action`), a timestamp within 5 minutes of this
/// server's clock whose date the credential scope names, a known SecretId (its session token,
/// if it has one), and a signature over the very headers and body received — compared in
/// constant time. `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` leaves the body out, as the SDKs allow.
struct CloudAPISignatureVerifier: Sendable {
    let credentials: [Credential]
    /// How far the request's timestamp may be from this server's clock.
    var window: TimeInterval = 300

    /// The accepted credential, or the failure with the API's code.
    func verify(_ head: HTTPRequest, body: ByteBuffer, now: Date = Date()) throws(RequestFailure) -> Credential {
        let headers = head.headerFields
        guard let authorization = headers[.authorization], !authorization.isEmpty else {
            throw .cloudAPI(code: CloudAPICode.invalidAuthorization, message: "the Authorization header is missing")
        }
        guard let parsed = TC3Signature.Parsed(authorization) else {
            throw .cloudAPI(
                code: CloudAPICode.invalidAuthorization,
                message: "the Authorization header is not TC3-HMAC-SHA256 Credential=SecretId/date/service/tc3_request, SignedHeaders=..., Signature=...")
        }
        guard let timestamp = headers[Self.timestamp].flatMap(Int.init) else {
            throw .cloudAPI(code: CloudAPICode.missingParameter, message: "the X-TC-Timestamp header is missing or not a Unix time")
        }
        guard abs(Double(timestamp) - now.timeIntervalSince1970) <= window else {
            throw .cloudAPI(
                code: CloudAPICode.signatureExpire,
                message:
                    "the signature expired: X-TC-Timestamp \(timestamp) is more than \(Int(window / 60)) minutes from the server time \(Int(now.timeIntervalSince1970))"
            )
        }
        guard parsed.signedHeaders.contains("content-type"), parsed.signedHeaders.contains("host") else {
            throw .cloudAPI(code: CloudAPICode.invalidAuthorization, message: "SignedHeaders must include content-type and host")
        }
        guard parsed.date == TC3Signature.date(of: timestamp) else {
            throw .cloudAPI(code: CloudAPICode.signatureFailure, message: "the credential's date \(parsed.date) is not the date of X-TC-Timestamp")
        }
        guard let credential = credentials.first(where: { $0.secretId == parsed.secretId }) else {
            throw .cloudAPI(code: CloudAPICode.secretIdNotFound, message: "the SecretId is not found")
        }
        guard headers[Self.token] == credential.token else {
            throw .cloudAPI(code: CloudAPICode.tokenFailure, message: "X-TC-Token does not match the credential's session token")
        }
        var signed: [(name: String, value: String)] = []
        for name in parsed.signedHeaders {
            let value = name == "host" ? head.authority : HTTPField.Name(name).flatMap { headers[$0] }
            guard let value else { throw .cloudAPI(code: CloudAPICode.signatureFailure, message: "the signed header \(name) is missing") }
            signed.append((name, value))
        }
        let payload = headers[Self.contentSHA256] == "UNSIGNED-PAYLOAD" ? Data("UNSIGNED-PAYLOAD".utf8) : Data(body.readableBytesView)
        guard parsed.matches(secretKey: credential.secretKey, timestamp: timestamp, headers: signed, body: payload) else {
            throw .cloudAPI(code: CloudAPICode.signatureFailure, message: "the signature does not match: check the SecretKey and what is signed")
        }
        return credential
    }

    static let timestamp = HTTPField.Name("X-TC-Timestamp")!
    static let token = HTTPField.Name("X-TC-Token")!
    static let contentSHA256 = HTTPField.Name("X-TC-Content-SHA256")!
}
