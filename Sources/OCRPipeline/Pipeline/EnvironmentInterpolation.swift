/// Expands `${VAR}` and `${VAR:-default}` in every string of a pipeline file from the
/// environment; `$${` stands for a literal `${`. An unset variable without a default is a
/// problem located at the string's path.
struct EnvironmentInterpolation {
    let environment: [String: String]
    /// Values that came from variables whose names suggest a secret; redacted in printouts.
    private(set) var secretValues: Set<String> = []
    private(set) var problems: [PipelineProblem] = []

    init(environment: [String: String]) { self.environment = environment }

    static func looksSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["SECRET", "KEY", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL"].contains(where: upper.contains)
    }

    /// The problems found since the last call.
    mutating func takeProblems() -> [PipelineProblem] {
        defer { problems = [] }
        return problems
    }

    mutating func expand(_ value: JSONValue, path: String) -> JSONValue {
        switch value {
        case .string(let text): return .string(expand(text, path: path))
        case .array(let items): return .array(items.enumerated().map { expand($0.element, path: "\(path)[\($0.offset)]") })
        case .object(let object):
            var out = JSONObject()
            for (key, member) in object { out[key] = expand(member, path: path.isEmpty ? key : "\(path).\(key)") }
            return .object(out)
        default: return value
        }
    }

    mutating func expand(_ text: String, path: String) -> String {
        guard text.contains("$") else { return text }
        var out = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let after = rest[dollar...]
            if after.hasPrefix("$${") {
                out += "${"
                rest = after.dropFirst(3)
                continue
            }
            guard after.hasPrefix("${"), let close = after.firstIndex(of: "}") else {
                out += "$"
                rest = after.dropFirst()
                continue
            }
            let inner = after[after.index(after.startIndex, offsetBy: 2)..<close]
            let name: Substring, fallback: Substring?
            if let separator = inner.range(of: ":-") {
                name = inner[..<separator.lowerBound]
                fallback = inner[separator.upperBound...]
            } else {
                name = inner
                fallback = nil
            }
            if name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                problems.append(PipelineProblem(path: path, message: "`${\(inner)}` is not a valid variable reference (use ${NAME} or ${NAME:-default})"))
            } else if let value = environment[String(name)], !value.isEmpty || fallback == nil {
                if Self.looksSecret(String(name)) && !value.isEmpty { secretValues.insert(value) }
                out += value
            } else if let fallback {
                out += fallback
            } else {
                problems.append(
                    PipelineProblem(path: path, message: "environment variable \(name) is not set and has no default (write ${\(name):-default} to give one)"))
            }
            rest = after[after.index(after: close)...]
        }
        out += rest
        return out
    }
}
