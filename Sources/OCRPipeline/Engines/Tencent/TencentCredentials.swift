import Foundation

/// The SecretId and SecretKey for the `tencent` engine: from the environment
/// (`TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, as Tencent's own SDKs read them) or from
/// a credentials file — never from the pipeline file, which gets shared and committed.
struct TencentCredentials: Sendable {
    let secretId: String
    let secretKey: String

    static let idVariable = "TENCENTCLOUD_SECRET_ID"
    static let keyVariable = "TENCENTCLOUD_SECRET_KEY"

    /// The file is `{"secret_id", "secret_key"}`, or the server's array of
    /// `{"appid", "secret_id", "secret_key"}` (the entry for `appid` is used).
    static func resolve(file: String?, appid: String, environment: [String: String], baseDirectory: String) throws -> TencentCredentials {
        if let file {
            let path = file.hasPrefix("/") ? file : URL(fileURLWithPath: baseDirectory).appendingPathComponent(file).path
            let document: JSONValue
            do {
                document = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw StageConfigurationError(parameter: "credentials_file", problem: "cannot read \(path): \(error)")
            }
            let entry = document.arrayValue?.first { $0["appid"]?.stringValue == appid || $0["appid"]?.intValue.map(String.init) == appid } ?? document
            guard let id = entry["secret_id"]?.stringValue, let key = entry["secret_key"]?.stringValue, !id.isEmpty, !key.isEmpty else {
                throw StageConfigurationError(parameter: "credentials_file", problem: "\(path) has no secret_id and secret_key\(document.arrayValue != nil ? " for appid \(appid)" : "")")
            }
            return TencentCredentials(secretId: id, secretKey: key)
        }
        guard let id = environment[idVariable], let key = environment[keyVariable], !id.isEmpty, !key.isEmpty else {
            throw StageConfigurationError(parameter: "credentials_file",
                                          problem: "no credentials for the tencent engine: set \(idVariable) and \(keyVariable), or give credentials_file")
        }
        return TencentCredentials(secretId: id, secretKey: key)
    }
}
