/// One declared stage parameter: the single source of decoding, validation, the `stages`
/// listing and the README's reference table.
public struct ParameterSpec: Sendable {
    /// The accepted JSON values.
    public enum Kind: Sendable, Equatable {
        case integer(ClosedRange<Int>?)
        case number(ClosedRange<Double>?)
        case boolean
        case string
        /// One of a fixed set of strings.
        case choice([String])
        /// A list of strings, each from `allowed` when given. A single string is accepted
        /// too and split on `+` and `,` (so `"chi_sim+eng"` equals `["chi_sim", "eng"]`).
        case stringList(allowed: [String]?)
        /// Any JSON object (for free-form settings such as environment variables).
        case object

        /// How the kind reads in listings and messages.
        public var label: String {
            switch self {
            case .integer(let range): range.map { "integer \($0.lowerBound)…\($0.upperBound)" } ?? "integer"
            case .number(let range): range.map { "number \(Self.format($0.lowerBound))…\(Self.format($0.upperBound))" } ?? "number"
            case .boolean: "boolean"
            case .string: "string"
            case .choice(let values): values.map { "\"\($0)\"" }.joined(separator: " | ")
            case .stringList(let allowed): allowed.map { "list of " + $0.map { "\"\($0)\"" }.joined(separator: " | ") } ?? "list of strings"
            case .object: "object"
            }
        }

        private static func format(_ value: Double) -> String {
            value.rounded() == value ? String(Int(value)) : String(value)
        }
    }

    public var name: String
    public var kind: Kind
    /// Used when the pipeline file leaves the parameter out; `nil` means required or unset.
    public var defaultValue: JSONValue?
    public var isRequired: Bool
    /// Never printed back: redacted in `explain`, logs, messages and outputs.
    public var isSecret: Bool
    /// For parameters that apply to one engine of the `recognize` stage only.
    public var engine: String?
    /// One line of help.
    public var help: String

    public init(name: String, kind: Kind, defaultValue: JSONValue?, isRequired: Bool = false, isSecret: Bool = false, engine: String? = nil, help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.isRequired = isRequired
        self.isSecret = isSecret
        self.engine = engine
        self.help = help
    }
}
