/// A stage's (or an engine's) parameter, declared once, on the property that holds it — as
/// swift-argument-parser's `@Option` is:
///
/// ```swift
/// @Param("threshold", range: 0...100, help: "lines with a lower mean confidence are dropped")
/// var threshold = 60.0
/// ```
///
/// The declaration is the parameter's name, type, default (the property's initial value),
/// range and help: ``StageDescriptor`` finds it by reflection for validation, `ocr-pipeline
/// stages` and the README's reference, and builds the stage with the pipeline file's value in
/// the property. A property without `@Param` is the stage's own state.
@propertyWrapper
public struct Param<Value: ParameterValue>: Sendable {
    public var wrappedValue: Value
    /// What validation, listings and the reference read.
    public let spec: ParameterSpec

    /// The declaration itself (`$threshold`), for its ``name`` in messages.
    public var projectedValue: Param<Value> { self }
    /// The parameter's name in pipeline files.
    public var name: String { spec.name }

    init(value: Value, spec: ParameterSpec) {
        self.spec = spec
        // While a stage is being built from a pipeline file (``StageParameters/current``), the
        // file's validated value replaces the default.
        if let values = StageParameters.current?.values, let raw = values[spec.name], let read = Value(parameter: raw) {
            wrappedValue = read
        } else {
            wrappedValue = value
        }
    }

    /// A boolean, a string, a choice of an enum's cases (or a list of them), an object.
    public init(wrappedValue: Value, _ name: String, help: String) {
        self.init(value: wrappedValue, spec: ParameterSpec(name: name, kind: Value.parameterKind, defaultValue: wrappedValue.parameterJSON, help: help))
    }
}

extension Param where Value == Int {
    /// An integer within `range`.
    public init(wrappedValue: Int, _ name: String, range: ClosedRange<Int>, help: String) {
        self.init(value: wrappedValue, spec: ParameterSpec(name: name, kind: .integer(range), defaultValue: .int(wrappedValue), help: help))
    }
}

extension Param where Value == Double {
    /// A number within `range`.
    public init(wrappedValue: Double, _ name: String, range: ClosedRange<Double>, help: String) {
        self.init(value: wrappedValue, spec: ParameterSpec(name: name, kind: .number(range), defaultValue: .double(wrappedValue), help: help))
    }
}

extension Param where Value == String {
    /// A string; a `secret` one (a password, a key) is never printed back.
    public init(wrappedValue: String, _ name: String, secret: Bool, help: String) {
        self.init(value: wrappedValue, spec: ParameterSpec(name: name, kind: .string, defaultValue: .string(wrappedValue), isSecret: secret, help: help))
    }

    /// One of a set of names known only at run time (the registered engines); a fixed set is
    /// an enum.
    public init(wrappedValue: String, _ name: String, oneOf values: [String], help: String) {
        self.init(value: wrappedValue, spec: ParameterSpec(name: name, kind: .choice(values), defaultValue: .string(wrappedValue), help: help))
    }
}

extension Param where Value == String? {
    /// A string that may be left out; `required` makes leaving it out a validation error.
    public init(wrappedValue: String? = nil, _ name: String, required: Bool = false, secret: Bool = false, help: String) {
        self.init(
            value: wrappedValue,
            spec: ParameterSpec(
                name: name, kind: .string, defaultValue: wrappedValue.map(JSONValue.string), isRequired: required, isSecret: secret, help: help))
    }
}

extension Param where Value == [String] {
    /// A list of strings (a single string is accepted too, split on `+` and `,`), each from
    /// `allowed` when given; `required` makes leaving it out a validation error.
    public init(wrappedValue: [String] = [], _ name: String, allowed: [String]? = nil, required: Bool = false, help: String) {
        self.init(
            value: wrappedValue,
            spec: ParameterSpec(
                name: name, kind: .stringList(allowed: allowed), defaultValue: required ? nil : wrappedValue.parameterJSON, isRequired: required,
                help: help))
    }
}

/// A value a ``Param`` can hold: how it is written in a pipeline file.
public protocol ParameterValue: Sendable {
    /// The JSON values accepted.
    static var parameterKind: ParameterSpec.Kind { get }
    /// The value of a validated JSON value.
    init?(parameter: JSONValue)
    /// The value as the pipeline file writes it.
    var parameterJSON: JSONValue? { get }
}

extension Int: ParameterValue {
    public static var parameterKind: ParameterSpec.Kind { .integer(nil) }
    public init?(parameter: JSONValue) {
        guard let value = parameter.intValue else { return nil }
        self = value
    }
    public var parameterJSON: JSONValue? { .int(self) }
}

extension Double: ParameterValue {
    public static var parameterKind: ParameterSpec.Kind { .number(nil) }
    public init?(parameter: JSONValue) {
        guard let value = parameter.doubleValue else { return nil }
        self = value
    }
    public var parameterJSON: JSONValue? { .double(self) }
}

extension Bool: ParameterValue {
    public static var parameterKind: ParameterSpec.Kind { .boolean }
    public init?(parameter: JSONValue) {
        guard let value = parameter.boolValue else { return nil }
        self = value
    }
    public var parameterJSON: JSONValue? { .bool(self) }
}

extension String: ParameterValue {
    public static var parameterKind: ParameterSpec.Kind { .string }
    public init?(parameter: JSONValue) {
        guard let value = parameter.stringValue else { return nil }
        self = value
    }
    public var parameterJSON: JSONValue? { .string(self) }
}

extension Optional: ParameterValue where Wrapped == String {
    public static var parameterKind: ParameterSpec.Kind { .string }
    public init?(parameter: JSONValue) { self = parameter.stringValue }
    public var parameterJSON: JSONValue? { map(JSONValue.string) }
}

extension JSONObject: ParameterValue {
    public static var parameterKind: ParameterSpec.Kind { .object }
    public init?(parameter: JSONValue) {
        guard let value = parameter.objectValue else { return nil }
        self = value
    }
    public var parameterJSON: JSONValue? { .object(self) }
}

/// An enum whose cases a pipeline file names by their raw values: a ``Param`` of one is a
/// choice, of an array of them a list of choices.
public protocol ParameterChoice: ParameterValue, ParameterListElement, CaseIterable, RawRepresentable where RawValue == String {}

extension ParameterChoice {
    public static var parameterKind: ParameterSpec.Kind { .choice(allCases.map(\.rawValue)) }
    public init?(parameter: JSONValue) {
        guard let value = parameter.stringValue.flatMap(Self.init(rawValue:)) else { return nil }
        self = value
    }
    public var parameterJSON: JSONValue? { .string(rawValue) }
}

extension Array: ParameterValue where Element: ParameterListElement {
    public static var parameterKind: ParameterSpec.Kind { .stringList(allowed: Element.allowed) }
    /// The list's elements; one that is not allowed is left out (validation reports it).
    public init?(parameter: JSONValue) {
        guard let values = parameter.arrayValue else { return nil }
        self = values.compactMap { $0.stringValue.flatMap(Element.init(listItem:)) }
    }
    public var parameterJSON: JSONValue? { .array(map { .string($0.listItem) }) }
}

/// What a list parameter holds: strings, or an enum's cases.
public protocol ParameterListElement: Sendable {
    /// The values allowed, `nil` for any string.
    static var allowed: [String]? { get }
    init?(listItem: String)
    var listItem: String { get }
}

extension String: ParameterListElement {
    public static var allowed: [String]? { nil }
    public init?(listItem: String) { self = listItem }
    public var listItem: String { self }
}

extension ParameterChoice {
    public static var allowed: [String]? { allCases.map(\.rawValue) }
    public init?(listItem: String) { self.init(rawValue: listItem) }
    public var listItem: String { rawValue }
}

/// Parameters declared together, shared by several stages or engines: a stored property of this
/// type contributes its own ``Param`` properties, as if declared in place.
public protocol ParameterGroup: Sendable {
    init()
}

/// What reflection finds of a ``Param`` on a stage or an engine.
protocol DeclaredParameter {
    var spec: ParameterSpec { get }
}

extension Param: DeclaredParameter {}

/// The parameters a stage or engine declares with ``Param`` (and its ``ParameterGroup``s),
/// found on a default instance, in declaration order.
func declaredParameters(of instance: Any) -> [ParameterSpec] {
    Mirror(reflecting: instance).children.flatMap { child -> [ParameterSpec] in
        if let declared = child.value as? any DeclaredParameter { return [declared.spec] }
        if child.value is any ParameterGroup { return declaredParameters(of: child.value) }
        return []
    }
}

extension ParameterGroup {
    /// The parameters the group declares, for a descriptor built by hand.
    public static var parameters: [ParameterSpec] { declaredParameters(of: Self()) }
}

extension StageParameters {
    /// `group` with these values in its ``Param`` properties: how a descriptor built by hand
    /// (an engine with state of its own to build) reads its parameters.
    public func decode<Group: ParameterGroup>(_ group: Group.Type) -> Group { build { Group() } }
}
