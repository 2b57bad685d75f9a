import Foundation
import OCRPipeline
import TencentOCR

/// Checks a request's `Authorization` header as the legacy service does (docs/protocol-legacy.md):
/// decodable, known SecretId and appid that belong together, an HMAC that matches (compared in
/// constant time), not expired, and naming the request's own appid and bucket.
struct LegacySignatureVerifier: Sendable {
    let credentials: [Credential]

    /// The accepted credential, or the failure with its documented code.
    func verify(authorization: String?, appid: String?, bucket: String?, now: Date = Date()) throws(RequestFailure) -> Credential {
        guard let authorization, !authorization.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RequestFailure.legacy(code: ServiceCode.signatureMissing, message: "signature is empty: send the Authorization header")
        }
        guard let parsed = Signature.Parsed(authorization), let signedAppid = parsed.fields["a"], let secretId = parsed.fields["k"],
            let expiry = parsed.fields["e"].flatMap(Int.init)
        else {
            throw RequestFailure.legacy(
                code: ServiceCode.signatureMalformed, message: "signature is malformed: expected base64 of an HMAC-SHA1 and a=...&k=...&e=...")
        }
        guard credentials.contains(where: { $0.appid == signedAppid }) else {
            throw RequestFailure.legacy(code: ServiceCode.appidUnknown, message: "appid \(signedAppid) is unknown")
        }
        guard let credential = credentials.first(where: { $0.secretId == secretId }) else {
            throw RequestFailure.legacy(code: ServiceCode.secretIdUnknown, message: "SecretId is unknown")
        }
        guard credential.appid == signedAppid else {
            throw RequestFailure.legacy(code: ServiceCode.secretIdNotOfAppid, message: "SecretId does not belong to appid \(signedAppid)")
        }
        guard parsed.isValid(secretKey: credential.secretKey) else {
            throw RequestFailure.legacy(code: ServiceCode.signatureInvalid, message: "signature verification failed: check the SecretKey")
        }
        guard expiry > Int(now.timeIntervalSince1970) else {
            throw RequestFailure.legacy(code: ServiceCode.signatureExpired, message: "signature expired at \(expiry): sign again (and check the clock)")
        }
        if let appid, appid != signedAppid {
            throw RequestFailure.legacy(code: ServiceCode.appidMismatch, message: "appid \(appid) in the request does not match the signature's")
        }
        if let signedBucket = parsed.fields["b"], !signedBucket.isEmpty, let bucket, !bucket.isEmpty, signedBucket != bucket {
            throw RequestFailure.legacy(code: ServiceCode.appidMismatch, message: "bucket \(bucket) in the request does not match the signature's")
        }
        if let bucket, !bucket.isEmpty, let allowed = credential.buckets, !allowed.contains(bucket) {
            throw RequestFailure.legacy(code: ServiceCode.bucketMissing, message: "bucket \(bucket) does not exist for appid \(signedAppid)")
        }
        return credential
    }
}
