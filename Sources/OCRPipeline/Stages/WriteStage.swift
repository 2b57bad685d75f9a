/// `write`: chooses the files written next to each result. The result file
/// `<rel>.json` is always written by the runner; this stage adds the others:
/// `payload` (the upload-ready image, or one file per tile).
public struct WriteStage: Stage {
    public static let formatNames = ["json", "payload"]
    public static let formats = Parameter.stringList("formats", default: ["json"], allowed: formatNames,
        help: "files to write: json (the result, always written), payload (<rel>.payload.<ext> or <rel>.tile-<i>.<ext>)")

    public static let descriptor = StageDescriptor(
        type: "write",
        summary: "Adds output files next to the result JSON: payloads.",
        parameters: [formats.spec],
        facets: { parameters in
            var needs: Set<JobFacet> = []
            if parameters[formats].contains("payload") { needs.insert(.payloads) }
            return .init(needs: needs)
        }
    ) { parameters, _ in WriteStage(formats: Set(parameters[formats])) }

    public let formats: Set<String>

    public init(formats: Set<String>) { self.formats = formats }

    public func process(_ job: inout Job, context: StageContext) async throws {
        var written: [JSONValue] = []
        if formats.contains("payload") {
            let tiled = job.isTiled
            for view in job.views {
                guard let payload = view.payload else { continue }
                let suffix = tiled ? ".tile-\(view.index).\(payload.format.fileExtension)" : ".payload.\(payload.format.fileExtension)"
                job.artifacts.append(Artifact(suffix: suffix, bytes: payload.bytes))
                written.append(.string(suffix))
            }
        }
        job[record: "files"] = .array(written)
    }
}
