import Crypto
import Foundation

/// Tencent Cloud API 3.0's older signature, v1 (docs/protocol-api3.md), which the SDKs still
/// send with `signMethod` `HmacSHA1` or `HmacSHA256`: every parameter travels in the form body
/// (POST) or the query (GET) with `Action`, `Version`, `Timestamp`, `Nonce`, `SecretId` and
/// `SignatureMethod`; `Signature` is the base64 HMAC, keyed by the SecretKey, of the method, the
/// host, the path and the other parameters sorted by name.
public enum V1Signature {
    public enum Method: String, Sendable, CaseIterable {
        case hmacSHA1 = "HmacSHA1"
        case hmacSHA256 = "HmacSHA256"
    }

    /// `POSTocr.tencentcloudapi.com/?Action=…&Nonce=…`: the parameters other than `Signature`,
    /// `name=value` with the values as sent (not URL-encoded), sorted by name byte by byte, with
    /// `_` in a name read as `.` as the SDKs write it.
    public static func stringToSign(method: String, host: String, path: String, parameters: [(name: String, value: String)]) -> String {
        let fields = parameters.filter { $0.name != "Signature" }.map { (name: $0.name.replacingOccurrences(of: "_", with: "."), value: $0.value) }
            .sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        return "\(method)\(host)\(path)?" + fields.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// The base64 signature of `stringToSign`.
    public static func signature(secretKey: String, stringToSign: String, method: Method) -> String {
        Data(mac(secretKey: secretKey, stringToSign: stringToSign, method: method)).base64EncodedString()
    }

    /// Whether `signature` (base64) is the one `secretKey` gives, compared in constant time.
    public static func matches(_ signature: String, secretKey: String, stringToSign: String, method: Method) -> Bool {
        guard let received = Data(base64Encoded: signature) else { return false }
        let key = SymmetricKey(data: Data(secretKey.utf8))
        let message = Data(stringToSign.utf8)
        switch method {
        case .hmacSHA1: return HMAC<Insecure.SHA1>.isValidAuthenticationCode(received, authenticating: message, using: key)
        case .hmacSHA256: return HMAC<SHA256>.isValidAuthenticationCode(received, authenticating: message, using: key)
        }
    }

    private static func mac(secretKey: String, stringToSign: String, method: Method) -> [UInt8] {
        let key = SymmetricKey(data: Data(secretKey.utf8))
        let message = Data(stringToSign.utf8)
        switch method {
        case .hmacSHA1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .hmacSHA256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        }
    }
}
