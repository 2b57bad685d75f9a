/// Parameter values of one stage after validation, with defaults filled in.
public struct StageParameters: Sendable {
    public let values: JSONObject

    public init(_ values: JSONObject) { self.values = values }

    /// The values a stage (or engine) being built reads into its ``Param`` properties; set by
    /// ``StageDescriptor`` and ``EngineDescriptor`` around the type's `init()`.
    @TaskLocal static var current: StageParameters?

    /// A value of `type` built with these values in its ``Param`` properties.
    func build<Built>(_ make: () throws -> Built) rethrows -> Built {
        try Self.$current.withValue(self) { try make() }
    }
}
