import Foundation
import OCRPipeline

/// One account the server accepts: an appid with a SecretId/SecretKey pair, and optionally
/// the buckets it may name.
public struct Credential: Sendable, Hashable {
    public var appid: String
    public var secretId: String
    public var secretKey: String
    public var buckets: [String]?

    public init(appid: String, secretId: String, secretKey: String, buckets: [String]? = nil) {
        self.appid = appid
        self.secretId = secretId
        self.secretKey = secretKey
        self.buckets = buckets
    }

    /// Reads `creds.json`: an array of `{"appid", "secret_id", "secret_key", "buckets"?}`.
    public static func load(contentsOf path: String) throws -> [Credential] {
        let document: JSONValue
        do {
            document = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as JSONSyntaxError {
            throw CredentialsError("\(path):\(error.line):\(error.column): \(error.reason)")
        } catch {
            throw CredentialsError("\(path): cannot read (\(error.localizedDescription))")
        }
        guard let entries = document.arrayValue else { throw CredentialsError("\(path): expected an array of credentials") }
        return try entries.enumerated().map { index, entry in
            func field(_ name: String) throws -> String {
                if let text = entry[name]?.stringValue, !text.isEmpty { return text }
                if let number = entry[name]?.intValue { return String(number) }
                throw CredentialsError("\(path): entry \(index) has no \"\(name)\"")
            }
            let buckets = entry["buckets"]?.arrayValue?.compactMap(\.stringValue)
            return Credential(appid: try field("appid"), secretId: try field("secret_id"), secretKey: try field("secret_key"), buckets: buckets)
        }
    }
}

/// The credentials file cannot be used.
public struct CredentialsError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
