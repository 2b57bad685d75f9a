import Foundation

/// The `exec` recognition engine: an OCR engine written in any language, run as a plugin. Each
/// view's image is written to a file; the plugin answers its items in that image's pixels, and
/// `merge` maps them to the original as for any engine.
public struct ExecEngine: DeclaredEngine {
    public var plugin = ExecPlugin()

    public static let descriptor = EngineDescriptor(
        Self.self, name: "exec", summary: "An out-of-process OCR engine in any language, over the exec plugin protocol.",
        build: { engine, context in try engine.plugin.prepare(in: context) })

    public init() {}

    public func recognize(_ view: View, of job: Job, context: StageContext) async throws -> ViewRecognition {
        let folder = try ExecProtocol.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let request: JSONObject = [
            "call": "recognize", "file": .string(job.source.path), "source": job.source.json,
            "view": ["index": .int(view.index), "region": view.region.json],
            "image": try ExecProtocol.write(view.image, as: .png, to: folder, name: "view-\(view.index)"),
        ]
        let answer = try await ExecProtocol.call(plugin, request: request, context: context)
        guard let items = try ExecProtocol.items(in: answer, from: plugin) else {
            throw ExecError.garbage(plugin: plugin.label, output: answer.serialized(), problem: "a recognize answer needs \"items\"")
        }
        return ViewRecognition(items: items)
    }
}
