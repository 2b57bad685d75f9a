import Foundation
import OCRPipeline

/// One account's keys, as the engines and `serve` both read them from a credentials file: a
/// SecretId/SecretKey pair, the appid the legacy API needs (API 3.0 does not), a temporary
/// credential's session token, and the buckets an appid may name.
public struct Credential: Sendable, Hashable {
    public var appid: String?
    public var secretId: String
    public var secretKey: String
    /// A temporary credential's token (sent as `X-TC-Token` by API 3.0).
    public var token: String?
    public var buckets: [String]?

    public init(appid: String? = nil, secretId: String, secretKey: String, token: String? = nil, buckets: [String]? = nil) {
        self.appid = appid
        self.secretId = secretId
        self.secretKey = secretKey
        self.token = token
        self.buckets = buckets
    }

    /// Reads a credentials file: one object `{"secret_id", "secret_key", "appid"?, "token"?,
    /// "buckets"?}` or an array of them (an appid may be written as a number).
    public static func load(contentsOf path: String) throws(CredentialsError) -> [Credential] {
        let document: JSONValue
        do {
            document = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as JSONSyntaxError {
            throw CredentialsError("\(path):\(error.line):\(error.column): \(error.reason)")
        } catch {
            throw CredentialsError("\(path): cannot read (\(error.localizedDescription))")
        }
        let entries = document.arrayValue ?? [document]
        guard document.arrayValue != nil || document.objectValue != nil else {
            throw CredentialsError("\(path): expected an object or an array of objects with secret_id and secret_key")
        }
        var credentials: [Credential] = []
        for (index, entry) in entries.enumerated() {
            func text(_ name: String) -> String? {
                if let text = entry[name]?.stringValue, !text.isEmpty { return text }
                return entry[name]?.intValue.map(String.init)
            }
            let place = document.arrayValue == nil ? path : "\(path): entry \(index)"
            guard let secretId = text("secret_id") else { throw CredentialsError("\(place) has no \"secret_id\"") }
            guard let secretKey = text("secret_key") else { throw CredentialsError("\(place) has no \"secret_key\"") }
            credentials.append(
                Credential(
                    appid: text("appid"), secretId: secretId, secretKey: secretKey, token: text("token"),
                    buckets: entry["buckets"]?.arrayValue?.compactMap(\.stringValue)))
        }
        return credentials
    }

    static let idVariable = "TENCENTCLOUD_SECRET_ID"
    static let keyVariable = "TENCENTCLOUD_SECRET_KEY"
    static let tokenVariable = "TENCENTCLOUD_SESSION_TOKEN"

    /// The keys an engine signs with: from `file` (relative to `baseDirectory`) — the entry for
    /// `appid` when given, else the first — or from the environment, as Tencent's own SDKs read
    /// it (`TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_SESSION_TOKEN`).
    /// Never from the pipeline file, which gets shared and committed.
    static func resolve(file: String?, appid: String?, environment: [String: String], baseDirectory: String) throws -> Credential {
        if let file {
            let path = file.hasPrefix("/") ? file : URL(fileURLWithPath: baseDirectory).appendingPathComponent(file).path
            let entries: [Credential]
            do {
                entries = try load(contentsOf: path)
            } catch {
                throw StageConfigurationError(parameter: "credentials_file", problem: error.description)
            }
            let chosen =
                appid.map { appid in entries.first { $0.appid == appid } ?? (entries.count == 1 && entries[0].appid == nil ? entries[0] : nil) }
                ?? entries.first
            guard let chosen else {
                throw StageConfigurationError(parameter: "credentials_file", problem: "\(path) has no entry for appid \(appid ?? "")")
            }
            return chosen
        }
        guard let id = environment[idVariable], let key = environment[keyVariable], !id.isEmpty, !key.isEmpty else {
            throw StageConfigurationError(
                parameter: "credentials_file",
                problem: "no credentials: set \(idVariable) and \(keyVariable), or give credentials_file")
        }
        let token = environment[tokenVariable].flatMap { $0.isEmpty ? nil : $0 }
        return Credential(appid: appid, secretId: id, secretKey: key, token: token)
    }
}

/// The credentials file cannot be used.
public struct CredentialsError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
