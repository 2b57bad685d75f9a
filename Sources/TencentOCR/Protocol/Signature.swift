import Crypto
import Foundation
import OCRPipeline

/// The legacy API's multi-effective signature (多次有效签名):
/// `base64(HMAC-SHA1(SecretKey, original) ‖ original)` where
/// `original = "a=<appid>&b=<bucket>&k=<SecretId>&e=<expiry>&t=<now>&r=<rand>&u=0&f="`.
public enum Signature {
    /// The original string in the order Tencent's documentation gives.
    public static func original(appid: String, bucket: String?, secretId: String, expiry: Int, now: Int, rand: UInt32?) -> String {
        var fields = ["a=\(appid)"]
        fields.append("b=\(bucket ?? "")")
        fields.append("k=\(secretId)")
        fields.append("e=\(expiry)")
        fields.append("t=\(now)")
        if let rand { fields.append("r=\(rand)") }
        fields.append("u=0")
        fields.append("f=")
        return fields.joined(separator: "&")
    }

    /// The signature over an original string.
    public static func sign(original: String, secretKey: String) -> String {
        let originalBytes = Data(original.utf8)
        let hmac = HMAC<Insecure.SHA1>.authenticationCode(for: originalBytes, using: SymmetricKey(data: Data(secretKey.utf8)))
        return (Data(hmac) + originalBytes).base64EncodedString()
    }

    /// A signature valid from `now` until `expiry` (Unix seconds).
    public static func sign(
        appid: String, bucket: String?, secretId: String, secretKey: String,
        expiry: Int, now: Int, rand: UInt32? = UInt32.random(in: 0...UInt32.max)
    ) -> String {
        sign(original: original(appid: appid, bucket: bucket, secretId: secretId, expiry: expiry, now: now, rand: rand), secretKey: secretKey)
    }

    /// A received signature taken apart: the HMAC, the exact original bytes it covers, and the
    /// original's fields (in any order; clients differ).
    public struct Parsed: Sendable {
        public var hmac: Data
        public var original: Data
        public var fields: [String: String]

        /// Decodes a header value. `nil` when it is not base64 of at least an HMAC and a
        /// `key=value&...` string.
        public init?(_ header: String) {
            let trimmed = header.trimmingCharacters(in: .whitespaces)
            guard let raw = Data(base64Encoded: trimmed), raw.count > 20,
                let text = String(data: raw.dropFirst(20), encoding: .utf8)
            else { return nil }
            var fields: [String: String] = [:]
            for pair in text.split(separator: "&", omittingEmptySubsequences: false) {
                guard let equals = pair.firstIndex(of: "=") else { return nil }
                fields[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            hmac = Data(raw.prefix(20))
            original = Data(raw.dropFirst(20))
            self.fields = fields
        }

        /// Whether the HMAC matches `secretKey`, compared in constant time.
        public func isValid(secretKey: String) -> Bool {
            HMAC<Insecure.SHA1>.isValidAuthenticationCode(hmac, authenticating: original, using: SymmetricKey(data: Data(secretKey.utf8)))
        }
    }
}
