import Foundation
import VipsKit

/// `exec`: hands each image to a program in any language over a small line-based JSON
/// protocol (Plugins/README.md). The program may replace the recognised items (after `merge`)
/// and may return a replacement image (before `tile`/`fit`/`recognize`).
public struct ExecStage: Stage {
    /// How long a plugin process lives.
    public enum Mode: String, Sendable, CaseIterable {
        /// One process per worker answers many images.
        case persistent
        /// A new process for each image.
        case perImage = "per_image"
    }

    /// How the upright image is handed to the plugin.
    public enum SendImage: String, Sendable, CaseIterable {
        case png, jpeg
        /// The plugin gets items only.
        case none
    }

    public static let command = Parameter.stringList(
        "command", required: true,
        help: "the program and its arguments, e.g. [\"python3\", \"plugin.py\"]; run in the pipeline file's folder")
    public static let mode = Parameter.choice(
        "mode", default: Mode.persistent,
        help: "persistent: one process per worker answers many images; per_image: a new process for each image")
    public static let timeout = Parameter.number(
        "timeout", default: 60, range: 0.1...86_400,
        help: "seconds the plugin may take to answer one image before it is stopped")
    public static let sendImage = Parameter.choice(
        "send_image", default: SendImage.png,
        help: "how the upright image is written for the plugin to read (none: the plugin gets items only)")
    public static let needsItems = Parameter.boolean(
        "needs_items", default: false,
        help: "the plugin works on recognised items: the stage must come after merge")
    public static let replacesImage = Parameter.boolean(
        "replaces_image", default: false,
        help:
            "the plugin may answer a new image (a crop, a deskew, ...): tiles, payloads and items made before it are gone, so tile, fit and recognize must come after it"
    )
    public static let pluginParams = Parameter.object("params", help: "passed to the plugin as is, in every request's \"params\"")

    public static let descriptor = StageDescriptor(
        type: "exec",
        summary: "Runs an out-of-process plugin (any language) on each image: it may replace the items or the image.",
        parameters: [command.spec, mode.spec, timeout.spec, sendImage.spec, needsItems.spec, replacesImage.spec, pluginParams.spec],
        facets: { parameters in
            .init(
                needs: parameters[needsItems] ? [.image, .items] : [.image],
                invalidates: parameters[replacesImage] ? [.tiles, .payloads, .viewItems, .items] : [])
        }
    ) { parameters, context in
        ExecStage(
            plugin: .init(
                command: try ExecProtocol.checked(parameters[command]), persistent: parameters[mode] == .persistent,
                timeout: parameters[timeout], params: parameters[pluginParams], workingDirectory: context.baseDirectory),
            sendImage: parameters[sendImage], replacesImage: parameters[replacesImage])
    }

    let plugin: ExecProtocol.Plugin
    let sendImage: SendImage
    let replacesImage: Bool

    public func process(_ job: inout Job, context: StageContext) async throws {
        let upright = try job.requireUpright(for: "exec")
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
