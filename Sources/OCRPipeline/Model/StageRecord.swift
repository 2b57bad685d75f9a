/// What one stage decided for one job, as shown by `explain` and in the result file's
/// `stages` list: the stage's type name followed by its decisions.
public struct StageRecord: Sendable, JSONRepresentable {
    public var stage: String
    public var decisions: JSONObject

    public init(stage: String, decisions: JSONObject = [:]) {
        self.stage = stage
        self.decisions = decisions
    }

    public var json: JSONValue {
        var object: JSONObject = ["stage": .string(stage)]
        for (key, value) in decisions { object[key] = value }
        return .object(object)
    }

    /// A record read back from its ``json`` form.
    public init?(json: JSONValue) {
        guard var object = json.objectValue, let stage = object["stage"]?.stringValue else { return nil }
        object["stage"] = nil
        self.init(stage: stage, decisions: object)
    }
}
