import Foundation
import OCRPipeline
import TencentOCR

/// An API 3.0 request's fields, whichever way they came — a JSON body (TC3 POST) or
/// form-encoded in the query (TC3 GET) or body (v1) — checked against the action's fields in
/// the reference: a field the action does not take is `UnknownParameter`, a value of the wrong
/// type `InvalidParameter`, as the service answers.
struct CloudAPIParameters: Sendable {
    private(set) var values: JSONObject = [:]

    /// The parameters common to every v1 request, which are not the action's.
    static let v1Common: Set<String> = [
        "Action", "Version", "Region", "Timestamp", "Nonce", "SecretId", "Signature", "SignatureMethod", "Token", "Language", "RequestClient",
    ]

    /// The fields of a JSON body.
    init(json object: JSONObject, action: CloudAPIAction) throws(RequestFailure) {
        let fields = action.fields
        for (name, value) in object {
            guard let type = fields[name] else { throw Self.unknown(name, action: action) }
            if value == .null { continue }
            let matches =
                switch type {
                case .string: value.stringValue != nil
                case .boolean: value.boolValue != nil
                case .integer: value.intValue != nil
                }
            guard matches else { throw Self.wrongType(name, type) }
            values[name] = value
        }
    }

    /// Form-encoded fields (values as strings: `true`/`True`/`1` for a boolean, as the SDKs
    /// write them), leaving out v1's common parameters.
    init(form pairs: [(name: String, value: String)], action: CloudAPIAction) throws(RequestFailure) {
        let fields = action.fields
        for (name, text) in pairs where !Self.v1Common.contains(name) {
            guard let type = fields[name] else { throw Self.unknown(name, action: action) }
            switch type {
            case .string: values[name] = .string(text)
            case .boolean:
                switch text.lowercased() {
                case "true", "1": values[name] = true
                case "false", "0": values[name] = false
                default: throw Self.wrongType(name, type)
                }
            case .integer:
                guard let number = Int(text) else { throw Self.wrongType(name, type) }
                values[name] = .int(number)
            }
        }
    }

    func string(_ name: String) -> String? { values[name]?.stringValue }
    func bool(_ name: String) -> Bool? { values[name]?.boolValue }
    func int(_ name: String) -> Int? { values[name]?.intValue }

    private static func unknown(_ name: String, action: CloudAPIAction) -> RequestFailure {
        .cloudAPI(
            code: CloudAPICode.unknownParameter,
            message: "\(action.rawValue) takes no parameter \(name); it takes \(action.fields.keys.sorted().joined(separator: ", "))")
    }

    private static func wrongType(_ name: String, _ type: CloudAPIAction.FieldType) -> RequestFailure {
        .cloudAPI(code: CloudAPICode.invalidParameter, message: "\(name) must be a \(type)")
    }

    /// `application/x-www-form-urlencoded` pairs, in order (`+` is a space, `%XX` a byte).
    static func formPairs(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decoded(parts[0]), parts.count > 1 ? decoded(parts[1]) : "")
        }
    }
}
