import Crypto
import Foundation
import Synchronization

/// Tencent Cloud API 3.0's request signature, TC3-HMAC-SHA256 (docs/protocol-api3.md):
/// a canonical request over the signed headers and the body's SHA-256, a string to sign with
/// the timestamp and credential scope, and an HMAC chain from the SecretKey through the date,
/// the service and `tc3_request`.
public enum TC3Signature {
    public static let algorithm = "TC3-HMAC-SHA256"

    /// `POST \n / \n \n name:value\n… \n signed;names \n hex(sha256(body))`, the header names
    /// lower-cased and sorted, each value trimmed.
    public static func canonicalRequest(
        method: String = "POST", path: String = "/", query: String = "",
        headers: [(name: String, value: String)], body: Data
    ) -> String {
        let sorted = headers.map { (name: $0.name.lowercased(), value: $0.value.trimmingCharacters(in: .whitespaces)) }
            .sorted { $0.name < $1.name }
        let canonicalHeaders = sorted.map { "\($0.name):\($0.value)\n" }.joined()
        let signedHeaders = sorted.map(\.name).joined(separator: ";")
        return [method, path, query, canonicalHeaders, signedHeaders, hex(SHA256.hash(data: body))].joined(separator: "\n")
    }

    /// The UTC date (`yyyy-MM-dd`) of a Unix timestamp, as the credential scope names it.
    /// Every request asks; the day's text is kept, as formatting costs more than the HMACs.
    public static func date(of timestamp: Int) -> String {
        let day = Int((Double(timestamp) / 86_400).rounded(.down))
        if let text = today.withLock({ $0.day == day ? $0.text : nil }) { return text }
        let text = Date(timeIntervalSince1970: TimeInterval(timestamp)).formatted(dayFormat)
        today.withLock { $0 = (day, text) }
        return text
    }

    private static let today = Mutex<(day: Int, text: String)>((Int.min, ""))

    private static let dayFormat = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day().dateSeparator(.dash)

    /// `TC3-HMAC-SHA256 \n timestamp \n date/service/tc3_request \n hex(sha256(canonical request))`.
    public static func stringToSign(timestamp: Int, service: String, canonicalRequest: String) -> String {
        [algorithm, String(timestamp), "\(date(of: timestamp))/\(service)/tc3_request", hex(SHA256.hash(data: Data(canonicalRequest.utf8)))]
            .joined(separator: "\n")
    }

    /// The hex signature of a string to sign.
    public static func signature(secretKey: String, timestamp: Int, service: String, stringToSign: String) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(secretKey: secretKey, timestamp: timestamp, service: service)))
    }

    /// `HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")`, derived once a day
    /// per key and service (as Tencent's and AWS's SDKs keep it) rather than on every request.
    static func signingKey(secretKey: String, timestamp: Int, service: String) -> SymmetricKey {
        let day = date(of: timestamp)
        let cacheKey = "\(day)\n\(service)\n\(secretKey)"
        if let bytes = signingKeys.withLock({ $0[cacheKey] }) { return SymmetricKey(data: bytes) }
        func hmac(_ key: some ContiguousBytes, _ message: String) -> HashedAuthenticationCode<SHA256> {
            HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: key))
        }
        let bytes = Data(hmac(hmac(hmac(Data("TC3\(secretKey)".utf8), day), service), "tc3_request"))
        signingKeys.withLock { keys in
            if keys.count >= 64 { keys.removeAll() }
            keys[cacheKey] = bytes
        }
        return SymmetricKey(data: bytes)
    }

    private static let signingKeys = Mutex<[String: Data]>([:])

    /// The `Authorization` header for a request with these signed headers and body.
    public static func authorization(
        secretId: String, secretKey: String, service: String, timestamp: Int,
        headers: [(name: String, value: String)], body: Data
    ) -> String {
        let canonical = canonicalRequest(headers: headers, body: body)
        let signature = signature(
            secretKey: secretKey, timestamp: timestamp, service: service,
            stringToSign: stringToSign(timestamp: timestamp, service: service, canonicalRequest: canonical))
        let signedHeaders = headers.map { $0.name.lowercased() }.sorted().joined(separator: ";")
        return "\(algorithm) Credential=\(secretId)/\(date(of: timestamp))/\(service)/tc3_request, SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// A received `Authorization` header taken apart.
    public struct Parsed: Sendable, Equatable {
        public var secretId: String
        public var date: String
        public var service: String
        public var signedHeaders: [String]
        public var signature: String

        /// `nil` unless the header is `TC3-HMAC-SHA256 Credential=id/date/service/tc3_request,
        /// SignedHeaders=a;b, Signature=hex` (fields in any order, spaces after commas optional).
        public init?(_ header: String) {
            let trimmed = header.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(TC3Signature.algorithm + " ") else { return nil }
            var fields: [String: String] = [:]
            for part in trimmed.dropFirst(TC3Signature.algorithm.count + 1).split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { return nil }
                fields[pair[0]] = pair[1]
            }
            let scope = fields["Credential"]?.split(separator: "/", omittingEmptySubsequences: false).map(String.init) ?? []
            guard scope.count == 4, scope[3] == "tc3_request", !scope[0].isEmpty, let signed = fields["SignedHeaders"], !signed.isEmpty,
                let signature = fields["Signature"], signature.count == 64, signature.allSatisfy(\.isHexDigit)
            else { return nil }
            secretId = scope[0]
            date = scope[1]
            service = scope[2]
            signedHeaders = signed.split(separator: ";").map { $0.lowercased() }
            self.signature = signature.lowercased()
        }

        /// Whether `signature` is the one `secretKey` gives this request (compared in constant
        /// time). A GET request signs its query as sent and an empty body.
        public func matches(
            secretKey: String, timestamp: Int, method: String = "POST", query: String = "", headers: [(name: String, value: String)], body: Data
        ) -> Bool {
            let canonical = TC3Signature.canonicalRequest(method: method, query: query, headers: headers, body: body)
            let stringToSign = TC3Signature.stringToSign(timestamp: timestamp, service: service, canonicalRequest: canonical)
            let utf8 = Array(signature.utf8)
            let received = stride(from: 0, to: utf8.count, by: 2).map { UInt8(String(decoding: utf8[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0 }
            return HMAC<SHA256>.isValidAuthenticationCode(
                received, authenticating: Data(stringToSign.utf8),
                using: TC3Signature.signingKey(secretKey: secretKey, timestamp: timestamp, service: service))
        }
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
