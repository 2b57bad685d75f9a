/// Parameter values of one stage after validation, with defaults filled in.
public struct StageParameters: Sendable {
    public let values: JSONObject

    public init(_ values: JSONObject) { self.values = values }

    /// The value of a declared parameter.
    public subscript<Value>(_ parameter: Parameter<Value>) -> Value {
        guard let raw = values[parameter.name] else { return parameter.defaultValue }
        guard let value = parameter.read(raw) else {
            preconditionFailure("parameter \(parameter.name) was not validated as \(parameter.spec.kind.label)")
        }
        return value
    }
}
