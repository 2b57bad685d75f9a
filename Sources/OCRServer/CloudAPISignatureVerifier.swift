import Foundation
import HTTPTypes
import NIOCore
import OCRPipeline
import Synchronization
import TencentOCR

/// Checks an API 3.0 request's signature as the service does (docs/protocol-api3.md), in either
/// of the SDKs' modes, comparing in constant time:
/// - TC3-HMAC-SHA256 (``verifyTC3(_:body:query:now:)``): a well-formed `Authorization` over at
///   least `content-type` and `host`, a timestamp within 5 minutes of this server's clock whose
///   date the credential scope names, a known SecretId (its session token, if it has one), and
///   a signature over the very headers and body received — or, for GET, the query as sent.
///   `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` leaves the body out, as the SDKs allow.
/// - v1, `HmacSHA1` or `HmacSHA256` (``verifyV1(_:method:host:path:now:)``): the same window and
///   keys, and each `Nonce` taken once per SecretId within the window, so a captured request
///   cannot be replayed.
struct CloudAPISignatureVerifier: Sendable {
    let credentials: [Credential]
    /// How far the request's timestamp may be from this server's clock.
    var window: TimeInterval = 300
    let nonces = NonceLedger()

    /// The accepted credential of a TC3-signed request, or the failure with the API's code.
    func verifyTC3(_ head: HTTPRequest, body: ByteBuffer, query: String, now: Date = Date()) throws(RequestFailure) -> Credential {
        let headers = head.headerFields
        guard let authorization = headers[.authorization], let parsed = TC3Signature.Parsed(authorization) else {
            throw .cloudAPI(
                code: CloudAPICode.invalidAuthorization,
                message: "the Authorization header is not TC3-HMAC-SHA256 Credential=SecretId/date/service/tc3_request, SignedHeaders=..., Signature=...")
        }
        guard let timestamp = headers[Self.timestamp].flatMap(Int.init) else {
            throw .cloudAPI(code: CloudAPICode.missingParameter, message: "the X-TC-Timestamp header is missing or not a Unix time")
        }
        try checkWindow(timestamp, field: "X-TC-Timestamp", now: now)
        guard parsed.signedHeaders.contains("content-type"), parsed.signedHeaders.contains("host") else {
            throw .cloudAPI(code: CloudAPICode.invalidAuthorization, message: "SignedHeaders must include content-type and host")
        }
        guard parsed.date == TC3Signature.date(of: timestamp) else {
            throw .cloudAPI(code: CloudAPICode.signatureFailure, message: "the credential's date \(parsed.date) is not the date of X-TC-Timestamp")
        }
        let credential = try credential(parsed.secretId, token: headers[Self.token], tokenField: "X-TC-Token")
        var signed: [(name: String, value: String)] = []
        for name in parsed.signedHeaders {
            let value = name == "host" ? head.authority : HTTPField.Name(name).flatMap { headers[$0] }
            guard let value else { throw .cloudAPI(code: CloudAPICode.signatureFailure, message: "the signed header \(name) is missing") }
            signed.append((name, value))
        }
        let isGet = head.method == .get
        let payload =
            headers[Self.contentSHA256] == "UNSIGNED-PAYLOAD" ? Data("UNSIGNED-PAYLOAD".utf8) : isGet ? Data() : Data(body.readableBytesView)
        guard
            parsed.matches(
                secretKey: credential.secretKey, timestamp: timestamp, method: isGet ? "GET" : "POST", query: isGet ? query : "", headers: signed,
                body: payload)
        else {
            throw .cloudAPI(code: CloudAPICode.signatureFailure, message: "the signature does not match: check the SecretKey and what is signed")
        }
        return credential
    }

    /// The accepted credential of a v1-signed request (its parameters as received, decoded), or
    /// the failure with the API's code.
    func verifyV1(
        _ parameters: [(name: String, value: String)], method: String, host: String, path: String, now: Date = Date()
    ) throws(RequestFailure)
        -> Credential
    {
        let value = { (name: String) in parameters.first { $0.name == name }?.value }
        guard let signature = value("Signature"), !signature.isEmpty else {
            throw .cloudAPI(code: CloudAPICode.invalidAuthorization, message: "no Authorization header (TC3) and no Signature parameter (v1)")
        }
        guard let secretId = value("SecretId"), !secretId.isEmpty else {
            throw .cloudAPI(code: CloudAPICode.missingParameter, message: "the v1 parameter SecretId is missing")
        }
        guard let timestamp = value("Timestamp").flatMap(Int.init) else {
            throw .cloudAPI(code: CloudAPICode.missingParameter, message: "the v1 parameter Timestamp is missing or not a Unix time")
        }
        guard let nonce = value("Nonce"), !nonce.isEmpty, UInt64(nonce) != nil else {
            throw .cloudAPI(code: CloudAPICode.missingParameter, message: "the v1 parameter Nonce is missing or not a positive integer")
        }
        let methodName = value("SignatureMethod") ?? V1Signature.Method.hmacSHA1.rawValue
        guard let algorithm = V1Signature.Method(rawValue: methodName) else {
            throw .cloudAPI(code: CloudAPICode.invalidParameter, message: "SignatureMethod \(methodName) is neither HmacSHA1 nor HmacSHA256")
        }
        try checkWindow(timestamp, field: "Timestamp", now: now)
        let credential = try credential(secretId, token: value("Token"), tokenField: "Token")
        let stringToSign = V1Signature.stringToSign(method: method, host: host, path: path, parameters: parameters)
        guard V1Signature.matches(signature, secretKey: credential.secretKey, stringToSign: stringToSign, method: algorithm) else {
            throw .cloudAPI(code: CloudAPICode.signatureFailure, message: "the signature does not match: check the SecretKey and what is signed")
        }
        // Taken only once the signature holds, so that nobody can spend another's nonce.
        guard nonces.take("\(secretId)|\(nonce)", until: Double(timestamp) + window, now: now.timeIntervalSince1970) else {
            throw .cloudAPI(
                code: CloudAPICode.signatureFailure, message: "the Nonce \(nonce) was already used within the signature's 5 minutes: sign the request anew")
        }
        return credential
    }

    private func checkWindow(_ timestamp: Int, field: String, now: Date) throws(RequestFailure) {
        guard abs(Double(timestamp) - now.timeIntervalSince1970) <= window else {
            throw .cloudAPI(
                code: CloudAPICode.signatureExpire,
                message:
                    "the signature expired: \(field) \(timestamp) is more than \(Int(window / 60)) minutes from the server time \(Int(now.timeIntervalSince1970))"
            )
        }
    }

    private func credential(_ secretId: String, token: String?, tokenField: String) throws(RequestFailure) -> Credential {
        guard let credential = credentials.first(where: { $0.secretId == secretId }) else {
            throw .cloudAPI(code: CloudAPICode.secretIdNotFound, message: "the SecretId is not found")
        }
        guard (token ?? "").isEmpty ? credential.token == nil : token == credential.token else {
            throw .cloudAPI(code: CloudAPICode.tokenFailure, message: "\(tokenField) does not match the credential's session token")
        }
        return credential
    }

    static let timestamp = HTTPField.Name("X-TC-Timestamp")!
    static let token = HTTPField.Name("X-TC-Token")!
    static let contentSHA256 = HTTPField.Name("X-TC-Content-SHA256")!
}

/// The v1 nonces taken within the signature window, each kept until its request would have
/// expired anyway (so the ledger holds at most the last 10 minutes of requests).
final class NonceLedger: Sendable {
    private let taken = Mutex<[String: Double]>([:])

    /// Takes `nonce` until `expiry`; `false` when it is already taken.
    func take(_ nonce: String, until expiry: Double, now: Double) -> Bool {
        taken.withLock { taken in
            if taken.count > 4096 { taken = taken.filter { $0.value >= now } }
            if let held = taken[nonce], held >= now { return false }
            taken[nonce] = expiry
            return true
        }
    }
}
