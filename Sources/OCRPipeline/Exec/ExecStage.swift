import Foundation
import VipsKit

/// `exec`: hands each image to a program in any language over a small line-based JSON
/// protocol (Plugins/README.md). The program may replace the recognised items (after `merge`)
/// and may return a replacement image (before `tile`/`fit`/`recognize`).
public struct ExecStage: DeclaredStage {
    /// How the upright image is handed to the plugin.
    public enum SendImage: String, ParameterChoice {
        case png, jpeg
        /// The plugin gets items only.
        case none
    }

    public var plugin = ExecPlugin()
    @Param("send_image", help: "how the upright image is written for the plugin to read (none: the plugin gets items only)")
    public var sendImage = SendImage.png
    @Param("needs_items", help: "the plugin works on recognised items: the stage must come after merge")
    public var needsItems = false
    @Param(
        "replaces_image",
        help:
            "the plugin may answer a new image (a crop, a deskew, ...): tiles, payloads and items made before it are gone, so tile, fit and recognize must come after it"
    )
    public var replacesImage = false

    public static let descriptor = StageDescriptor(
        Self.self, type: "exec",
        summary: "Runs an out-of-process plugin (any language) on each image: it may replace the items or the image.",
        facets: { stage in
            .init(
                needs: stage.needsItems ? [.image, .items] : [.image],
                invalidates: stage.replacesImage ? [.tiles, .payloads, .viewItems, .items] : [])
        }
    ) { stage, context in
        try stage.plugin.prepare(in: context)
    }

    public init() {}

    public func process(_ job: inout Job, context: StageContext) async throws {
        let upright = try job.requireUpright()
        let folder = try ExecProtocol.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var request: JSONObject = [
            "call": "transform", "file": .string(job.source.path), "source": job.source.json,
            "items": .array(job.items.map(\.json)), "output_dir": .string(folder.path),
        ]
        switch sendImage {
        case .png: request["image"] = try ExecProtocol.write(upright.image, as: .png, to: folder, name: "image")
        case .jpeg: request["image"] = try ExecProtocol.write(upright.image, as: .jpeg, to: folder, name: "image")
        case .none: break
        }
        let answer = try await ExecProtocol.call(plugin, request: request, context: context)

        if let items = try ExecProtocol.items(in: answer, from: plugin) {
            job[record: "items_before"] = .int(job.items.count)
            job.items = items
            job[record: "items_after"] = .int(items.count)
        }
        if let path = answer["image"]?["path"]?.stringValue {
            guard replacesImage else {
                throw ExecError.garbage(
                    plugin: plugin.label, output: path,
                    problem:
                        "the plugin answered an image, but the stage does not declare replaces_image: true (set it, and put tile, fit and recognize after this stage)"
                )
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ExecError.garbage(plugin: plugin.label, output: path, problem: "the returned image cannot be read")
            }
            let replacement: VImage
            do {
                replacement = try VImage.decode(data).copiedToMemory()
            } catch {
                throw ExecError.garbage(plugin: plugin.label, output: path, problem: "the returned image cannot be decoded (\(error))")
            }
            // The new image is the coordinate space from here on; views and items of the old one go.
            job.upright = try UprightImage(image: replacement)
            job.views = []
            job.items = []
            job.status = nil
            job[record: "image_replaced"] = ["width": .int(replacement.width), "height": .int(replacement.height)]
        }
        if let record = answer["record"]?.objectValue {
            for (key, value) in record { job[record: key] = value }
        }
    }
}
