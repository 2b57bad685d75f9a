/// Checks a pipeline document against the registry, collecting every problem (with its path
/// and a suggestion) instead of stopping at the first.
struct PipelineValidator {
    struct Entry {
        let descriptor: StageDescriptor
        let parameters: StageParameters
        let path: String
        /// False when some parameter was wrong: the stage takes part in the order check (with
        /// defaults for the wrong values) but is not built.
        let isValid: Bool
    }

    let registry: StageRegistry
    private var interpolation: EnvironmentInterpolation
    private(set) var problems: [PipelineProblem] = []

    init(registry: StageRegistry, environment: [String: String]) {
        self.registry = registry
        self.interpolation = EnvironmentInterpolation(environment: environment)
    }

    var secretValues: Set<String> { interpolation.secretValues }

    private mutating func problem(_ path: String, _ message: String, suggestion: String? = nil) {
        problems.append(PipelineProblem(path: path, message: message, suggestion: suggestion))
    }

    mutating func validate(_ document: JSONValue) -> [Entry] {
        let stagesValue: JSONValue?
        switch document {
        case .array:
            stagesValue = document
        case .object(let root):
            let known = ["version", "stages", "name", "description"]
            for key in root.keys where !known.contains(key) {
                problem(key, "unknown top-level key", suggestion: Suggestion.closest(to: key, in: known))
            }
            if let version = root["version"], version.intValue != 1 {
                problem("version", "unsupported version \(version.serialized()); this tool reads version 1")
            }
            stagesValue = root["stages"]
            if stagesValue == nil { problem("stages", "missing: list the stages to run, e.g. [{\"type\": \"decode\"}, ...]") }
        default:
            problem("(root)", "expected an object with \"version\" and \"stages\", found \(document.typeName)")
            return []
        }
        guard let stagesValue else { return [] }
        guard let stages = stagesValue.arrayValue else {
            problem("stages", "expected a list of stages, found \(stagesValue.typeName)")
            return []
        }
        if stages.isEmpty { problem("stages", "the list is empty; add at least a decode stage") }

        var entries: [Entry] = []
        for (index, raw) in stages.enumerated() {
            if let entry = validateStage(raw, path: "stages[\(index)]") { entries.append(entry) }
        }
        checkOrder(entries)
        return entries
    }

    private mutating func validateStage(_ raw: JSONValue, path: String) -> Entry? {
        guard let object = raw.objectValue else {
            problem(path, "expected an object like {\"type\": \"fit\", \"params\": {...}}, found \(raw.typeName)")
            return nil
        }
        for key in object.keys where !["type", "params", "comment"].contains(key) {
            problem("\(path).\(key)", "unknown key in a stage", suggestion: Suggestion.closest(to: key, in: ["type", "params"]))
        }
        guard let typeValue = object["type"] else {
            problem("\(path).type", "missing; one of: \(registry.typeNames.joined(separator: ", "))")
            return nil
        }
        guard let type = typeValue.stringValue else {
            problem("\(path).type", "expected a string, found \(typeValue.typeName)")
            return nil
        }
        guard let descriptor = registry.descriptor(for: type) else {
            problem("\(path).type", "unknown stage type \"\(type)\"", suggestion: Suggestion.closest(to: type, in: registry.typeNames))
            return nil
        }
        var given = JSONObject()
        var unresolved: Set<String> = []
        if let params = object["params"] {
            guard let paramsObject = params.objectValue else {
                problem("\(path).params", "expected an object, found \(params.typeName)")
                return nil
            }
            given = interpolation.expand(.object(paramsObject), path: "\(path).params").objectValue ?? [:]
            // A value whose variable is missing is reported once, as such, not also as mistyped.
            for problem in interpolation.takeProblems() {
                problems.append(problem)
                let key = String(problem.path.dropFirst("\(path).params.".count))
                given[key] = nil
                unresolved.insert(key)
            }
        }
        let before = problems.count
        let parameters = resolve(given, specs: descriptor.parameters, path: "\(path).params", alreadyReported: unresolved)
        return Entry(descriptor: descriptor, parameters: parameters, path: path, isValid: problems.count == before)
    }

    /// Type-checks the given values and fills in defaults, in declaration order.
    private mutating func resolve(_ given: JSONObject, specs: [ParameterSpec], path: String, alreadyReported: Set<String>) -> StageParameters {
        // Parameters tied to an engine apply only when that engine is chosen.
        var engine: String?
        if let engineSpec = specs.first(where: { $0.name == "engine" }) {
            engine = given["engine"]?.stringValue ?? engineSpec.defaultValue?.stringValue
        }
        let applicable = specs.filter { $0.engine == nil || $0.engine == engine }
        for key in given.keys where !applicable.contains(where: { $0.name == key }) {
            if let other = specs.first(where: { $0.name == key }), let owner = other.engine {
                problem("\(path).\(key)", "applies to engine \"\(owner)\" only, and this stage uses \"\(engine ?? "none")\"")
            } else {
                problem("\(path).\(key)", "unknown parameter", suggestion: Suggestion.closest(to: key, in: applicable.map(\.name)))
            }
        }
        var resolved = JSONObject()
        for spec in applicable {
            if let value = given[spec.name] {
                if let checked = check(value, against: spec, path: "\(path).\(spec.name)") {
                    resolved[spec.name] = checked
                } else if let fallback = spec.defaultValue {
                    resolved[spec.name] = fallback
                }
            } else if spec.isRequired && !alreadyReported.contains(spec.name) {
                problem("\(path).\(spec.name)", "required: \(spec.help)")
            } else if let value = spec.defaultValue {
                resolved[spec.name] = value
            }
        }
        return StageParameters(resolved)
    }

    /// The value in its canonical form, or `nil` after recording why it does not fit.
    private mutating func check(_ value: JSONValue, against spec: ParameterSpec, path: String) -> JSONValue? {
        func wrongType(_ expected: String) -> JSONValue? {
            problem(path, "expected \(expected), found \(value.typeName) \(spec.isSecret ? Redactor.mask : value.serialized())")
            return nil
        }
        switch spec.kind {
        case .integer(let range):
            let number = value.intValue ?? value.stringValue.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard let number else { return wrongType("an integer") }
            if let range, !range.contains(number) {
                problem(path, "\(number) is out of range \(range.lowerBound)…\(range.upperBound)")
                return nil
            }
            return .int(number)
        case .number(let range):
            let number = value.doubleValue ?? value.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard let number else { return wrongType("a number") }
            if let range, !range.contains(number) {
                problem(path, "\(value.serialized()) is out of range \(ParameterSpec.Kind.number(range).label.dropFirst(7))")
                return nil
            }
            return .double(number)
        case .boolean:
            if let flag = value.boolValue { return .bool(flag) }
            if let text = value.stringValue?.lowercased(), ["true", "false"].contains(text) { return .bool(text == "true") }
            return wrongType("true or false")
        case .string:
            guard let text = value.stringValue else { return wrongType("a string") }
            return .string(text)
        case .choice(let options):
            guard let text = value.stringValue else { return wrongType("one of \(spec.kind.label)") }
            guard options.contains(text) else {
                problem(path, "\"\(text)\" is not one of \(spec.kind.label)", suggestion: Suggestion.closest(to: text, in: options))
                return nil
            }
            return value
        case .stringList(let allowed):
            var items: [String]
            if let text = value.stringValue {
                items = text.split(whereSeparator: { $0 == "+" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }
            } else if let array = value.arrayValue {
                items = []
                for (index, element) in array.enumerated() {
                    guard let text = element.stringValue else {
                        problem("\(path)[\(index)]", "expected a string, found \(element.typeName)")
                        return nil
                    }
                    items.append(text)
                }
            } else {
                return wrongType("a list of strings")
            }
            if let allowed {
                for (index, item) in items.enumerated() where !allowed.contains(item) {
                    problem(
                        "\(path)[\(index)]", "\"\(item)\" is not one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))",
                        suggestion: Suggestion.closest(to: item, in: allowed))
                }
            }
            return .array(items.map { .string($0) })
        case .object:
            guard value.objectValue != nil else { return wrongType("an object") }
            return value
        }
    }

    /// Every stage's needs must be met by the stages before it.
    private mutating func checkOrder(_ entries: [Entry]) {
        var available: Set<JobFacet> = []
        var providers: [JobFacet: Entry] = [:]
        var discardedBy: [JobFacet: Entry] = [:]
        for entry in entries {
            let facets = entry.descriptor.facets(entry.parameters)
            let type = entry.descriptor.type
            var satisfied = true
            for need in facets.needs.sorted(by: { $0.rawValue < $1.rawValue }) where !available.contains(need) {
                satisfied = false
                if let provider = providers[need], let discarder = discardedBy[need] {
                    let made = "\(provider.descriptor.type) at \(provider.path)", dropped = "\(discarder.descriptor.type) at \(discarder.path)"
                    problem(
                        entry.path,
                        "\(type) needs \(need.rawValue), but \(dropped) discards what \(made) made; put \(provider.descriptor.type) after \(discarder.descriptor.type)"
                    )
                } else {
                    problem(entry.path, "\(type) needs \(need.rawValue), which no earlier stage provides; put a \(need.providedBy) stage before \(type)")
                }
            }
            for facet in facets.invalidates where available.contains(facet) {
                available.remove(facet)
                discardedBy[facet] = entry
            }
            guard satisfied else { continue }
            available.formUnion(facets.provides)
            for facet in facets.provides {
                providers[facet] = entry
                discardedBy[facet] = nil
            }
        }
    }
}
