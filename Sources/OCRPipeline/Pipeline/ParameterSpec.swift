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

/// A typed handle on a declared parameter: declare it once as a static constant, list its
/// ``spec`` in the stage descriptor, and read it with `parameters[handle]`.
///
/// ```swift
/// static let quality = Parameter.integer("quality", default: 85, range: 1...100, help: "JPEG quality")
/// let q: Int = parameters[Self.quality]
/// ```
public struct Parameter<Value: Sendable>: Sendable {
    public let spec: ParameterSpec
    let read: @Sendable (JSONValue) -> Value?

    public var name: String { spec.name }
}

extension Parameter where Value == Int {
    public static func integer(_ name: String, default value: Int, range: ClosedRange<Int>? = nil, engine: String? = nil, help: String) -> Self {
        Self(spec: ParameterSpec(name: name, kind: .integer(range), defaultValue: .int(value), engine: engine, help: help), read: \.intValue)
    }
}

extension Parameter where Value == Double {
    public static func number(_ name: String, default value: Double, range: ClosedRange<Double>? = nil, engine: String? = nil, help: String) -> Self {
        Self(spec: ParameterSpec(name: name, kind: .number(range), defaultValue: .double(value), engine: engine, help: help), read: \.doubleValue)
    }
}

extension Parameter where Value == Bool {
    public static func boolean(_ name: String, default value: Bool, engine: String? = nil, help: String) -> Self {
        Self(spec: ParameterSpec(name: name, kind: .boolean, defaultValue: .bool(value), engine: engine, help: help), read: \.boolValue)
    }
}

extension Parameter where Value == String {
    public static func string(_ name: String, default value: String, secret: Bool = false, engine: String? = nil, help: String) -> Self {
        Self(spec: ParameterSpec(name: name, kind: .string, defaultValue: .string(value), isSecret: secret, engine: engine, help: help), read: \.stringValue)
    }

    public static func choice(_ name: String, _ values: [String], default value: String, engine: String? = nil, help: String) -> Self {
        Self(spec: ParameterSpec(name: name, kind: .choice(values), defaultValue: .string(value), engine: engine, help: help), read: \.stringValue)
    }
}

extension Parameter where Value == String? {
    /// A string that may be left out; `required` makes leaving it out a validation error.
    public static func optionalString(_ name: String, required: Bool = false, secret: Bool = false, engine: String? = nil, help: String) -> Self {
        Self(spec: ParameterSpec(name: name, kind: .string, defaultValue: nil, isRequired: required, isSecret: secret, engine: engine, help: help),
             read: { value in .some(value.stringValue) })
    }
}

extension Parameter where Value == [String] {
    public static func stringList(_ name: String, default value: [String], allowed: [String]? = nil, engine: String? = nil, help: String) -> Self {
        Self(spec: ParameterSpec(name: name, kind: .stringList(allowed: allowed), defaultValue: .array(value.map { .string($0) }), engine: engine, help: help),
             read: { value in value.arrayValue?.compactMap(\.stringValue) })
    }
}

extension Parameter where Value == JSONObject {
    public static func object(_ name: String, engine: String? = nil, help: String) -> Self {
        Self(spec: ParameterSpec(name: name, kind: .object, defaultValue: .object([:]), engine: engine, help: help), read: \.objectValue)
    }
}
