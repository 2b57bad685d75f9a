/// A typed handle on a declared parameter: its name, type, default, range and help, declared
/// once as a static constant. The same declaration drives decoding, validation, `ocr-pipeline
/// stages`, the README's reference and the stage's own default values.
///
/// ```swift
/// static let quality = Parameter.integer("quality", default: 85, range: 1...100, help: "JPEG quality")
/// static let format = Parameter.choice("format", default: OutputFormat.jpeg, help: "how the image is written")
///
/// let q: Int = parameters[Self.quality]                  // in the descriptor's factory
/// init(quality: Int = Self.quality.defaultValue) { ... }  // no second default
/// ```
public struct Parameter<Value: Sendable>: Sendable {
    public let spec: ParameterSpec
    /// The value when the pipeline file leaves the parameter out.
    public let defaultValue: Value
    let read: @Sendable (JSONValue) -> Value?

    public var name: String { spec.name }
}

extension Parameter where Value == Int {
    public static func integer(_ name: String, default value: Int, range: ClosedRange<Int>? = nil, engine: String? = nil, help: String) -> Self {
        Self(
            spec: ParameterSpec(name: name, kind: .integer(range), defaultValue: .int(value), engine: engine, help: help), defaultValue: value, read: \.intValue
        )
    }
}

extension Parameter where Value == Double {
    public static func number(_ name: String, default value: Double, range: ClosedRange<Double>? = nil, engine: String? = nil, help: String) -> Self {
        Self(
            spec: ParameterSpec(name: name, kind: .number(range), defaultValue: .double(value), engine: engine, help: help), defaultValue: value,
            read: \.doubleValue)
    }
}

extension Parameter where Value == Bool {
    public static func boolean(_ name: String, default value: Bool, engine: String? = nil, help: String) -> Self {
        Self(spec: ParameterSpec(name: name, kind: .boolean, defaultValue: .bool(value), engine: engine, help: help), defaultValue: value, read: \.boolValue)
    }
}

extension Parameter where Value == String {
    public static func string(_ name: String, default value: String, secret: Bool = false, engine: String? = nil, help: String) -> Self {
        Self(
            spec: ParameterSpec(name: name, kind: .string, defaultValue: .string(value), isSecret: secret, engine: engine, help: help), defaultValue: value,
            read: \.stringValue)
    }

    /// One of a set of names known only at run time (the registered engines). A fixed set is
    /// an enum: use ``choice(_:default:engine:help:)``.
    public static func oneOf(_ name: String, _ values: [String], default value: String, engine: String? = nil, help: String) -> Self {
        Self(
            spec: ParameterSpec(name: name, kind: .choice(values), defaultValue: .string(value), engine: engine, help: help), defaultValue: value,
            read: \.stringValue)
    }
}

extension Parameter where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
    /// One of an enum's cases, written in the pipeline file as its raw value.
    public static func choice(_ name: String, default value: Value, engine: String? = nil, help: String) -> Self {
        Self(
            spec: ParameterSpec(name: name, kind: .choice(Value.allCases.map(\.rawValue)), defaultValue: .string(value.rawValue), engine: engine, help: help),
            defaultValue: value, read: { $0.stringValue.flatMap(Value.init(rawValue:)) })
    }
}

extension Parameter where Value == String? {
    /// A string that may be left out; `required` makes leaving it out a validation error.
    public static func optionalString(_ name: String, required: Bool = false, secret: Bool = false, engine: String? = nil, help: String) -> Self {
        Self(
            spec: ParameterSpec(name: name, kind: .string, defaultValue: nil, isRequired: required, isSecret: secret, engine: engine, help: help),
            defaultValue: nil, read: { value in .some(value.stringValue) })
    }
}

extension Parameter where Value == [String] {
    /// A list of strings; `required` makes leaving it out a validation error (and `value` is
    /// then only what an unvalidated read sees).
    public static func stringList(
        _ name: String, default value: [String] = [], required: Bool = false, allowed: [String]? = nil,
        engine: String? = nil, help: String
    ) -> Self {
        Self(
            spec: ParameterSpec(
                name: name, kind: .stringList(allowed: allowed), defaultValue: required ? nil : .array(value.map { .string($0) }),
                isRequired: required, engine: engine, help: help),
            defaultValue: value, read: { value in value.arrayValue?.compactMap(\.stringValue) })
    }
}

extension Parameter where Value == JSONObject {
    public static func object(_ name: String, engine: String? = nil, help: String) -> Self {
        Self(spec: ParameterSpec(name: name, kind: .object, defaultValue: .object([:]), engine: engine, help: help), defaultValue: [:], read: \.objectValue)
    }
}

extension Parameter {
    /// Several of an enum's cases, written in the pipeline file as a list of raw values (a
    /// single string is accepted too, split on `+` and `,`).
    public static func choices<Element>(_ name: String, default value: [Element], engine: String? = nil, help: String) -> Self
    where Value == [Element], Element: CaseIterable & RawRepresentable & Sendable, Element.RawValue == String {
        Self(
            spec: ParameterSpec(
                name: name, kind: .stringList(allowed: Element.allCases.map(\.rawValue)),
                defaultValue: .array(value.map { .string($0.rawValue) }), engine: engine, help: help),
            defaultValue: value, read: { value in value.arrayValue?.compactMap { $0.stringValue.flatMap(Element.init(rawValue:)) } })
    }
}
