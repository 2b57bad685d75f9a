import Foundation

/// `recognize`: reads the text of every view with the chosen engine. Items stay in each view's
/// pixels until `merge`. A view with no text is a success with zero items (the service's −9021).
public struct RecognizeStage: Stage {
    /// The stage's `type`.
    public static let type = "recognize"

    /// The stage's descriptor for the engines registered so far.
    public static func descriptor(engines: [EngineDescriptor]) -> StageDescriptor {
        // The engines are known only at run time, so this one parameter is declared by hand.
        let fallback = engines.first?.name ?? "tesseract"
        let engine = ParameterSpec(
            name: "engine", kind: .choice(engines.map(\.name)), defaultValue: .string(fallback),
            help: "which engine reads the text: " + engines.map { "\($0.name) (\($0.summary))" }.joined(separator: "; "))
        @Sendable func name(_ parameters: StageParameters) -> String { parameters.values["engine"]?.stringValue ?? fallback }
        @Sendable func chosen(_ parameters: StageParameters) -> EngineDescriptor? {
            engines.first { $0.name == name(parameters) }
        }
        return StageDescriptor(
            type: type,
            summary: "Reads the text of every view (whole image or tile) with an engine.",
            parameters: [engine] + engines.flatMap(\.parameters),
            facets: { parameters in
                var needs: Set<JobFacet> = [.image]
                if chosen(parameters)?.needsPayloads == true { needs.insert(.payloads) }
                return .init(needs: needs, provides: [.viewItems], invalidates: [.items])
            },
            engineProfile: { parameters in chosen(parameters)?.profile(parameters) }
        ) { parameters, context in
            guard let descriptor = chosen(parameters) else {
                throw StageConfigurationError(parameter: "engine", problem: "unknown engine \(name(parameters))")
            }
            return RecognizeStage(engineName: descriptor.name, engine: try descriptor.make(parameters, context))
        }
        .explaining(
            .describe { parameters, job in
                // No engine is called: say which one would read which views, with what.
                var plan: JSONObject = ["engine": .string(name(parameters))]
                let own = chosen(parameters)?.parameters ?? []
                for spec in own where !spec.isSecret {
                    if let value = parameters.values[spec.name] { plan[spec.name] = value }
                }
                plan["views"] = .int(max(1, job.views.count))
                let bodies = job.views.compactMap(\.payload?.bodyBytes)
                if !bodies.isEmpty { plan["request_body_bytes"] = .array(bodies.map { .int($0) }) }
                return plan
            })
    }

    public let engineName: String
    public let engine: any RecognitionEngine

    public init(engineName: String, engine: any RecognitionEngine) {
        self.engineName = engineName
        self.engine = engine
    }

    public func process(_ job: inout Job, context: StageContext) async throws {
        if let text = job.pageText {
            // A PDF page's own text, kept by decode: it is the page's result, as the PDF has it.
            var view = try job.requireUpright().wholeView()
            view.items = text
            view.status = text.isEmpty ? .noText : .ok
            job.views = [view]
            job.tilesReadTogether = false
            job.status = view.status
            job[record: "engine"] = "none"
            job[record: "read_from"] = "the page's own text"
            job[record: "items"] = .int(text.count)
            return
        }
        var views = try job.currentViews()
        var records: [JSONValue] = []
        let together = engine as? any TileAwareEngine
        let results = job.isTiled && job.upright != nil ? try await together?.recognizeTiles(views, of: job, context: context) : nil
        job.tilesReadTogether = results != nil
        for index in views.indices {
            try Task.checkCancellation()
            let result: ViewRecognition
            if let results { result = results[index] } else { result = try await engine.recognize(views[index], of: job, context: context) }
            views[index].items = result.items
            views[index].itemsTransform = result.transform
            views[index].status = result.status
            var record: JSONObject = ["index": .int(views[index].index), "items": .int(result.items.count), "code": .int(result.status.code)]
            for (key, value) in result.record { record[key] = value }
            records.append(.object(record))
        }
        job.views = views
        let total = views.reduce(0) { $0 + $1.items.count }
        job.status = total > 0 ? .ok : .noText
        job[record: "engine"] = .string(engineName)
        job[record: "items"] = .int(total)
        job[record: "views"] = .array(records)
        if job.tilesReadTogether { job[record: "tiles_read_together"] = true }
    }
}
