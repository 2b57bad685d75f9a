import Foundation
import VipsKit

/// The exec plugins' wire protocol, version 1 (documented in Plugins/README.md): one JSON
/// request per line to the plugin, one JSON answer per line back, matched by `id`.
enum ExecProtocol {
    static let version = 1

    /// How a plugin is run.
    /// A worker's long-lived plugin process.
    final class Running {
        var process: PluginProcess?
    }

    /// Sends `request` and returns the answer; a crash, a hang or garbage fails with the plugin
    /// named, and a persistent plugin that misbehaved is restarted for the next call.
    static func call(_ plugin: ExecPlugin, request: JSONObject, context: StageContext) async throws -> JSONValue {
        let id = UUID().uuidString.lowercased()
        var message: JSONObject = ["protocol": "ocr-pipeline-exec", "version": .int(version), "id": .string(id)]
        for (key, value) in request { message[key] = value }
        message["params"] = .object(plugin.params)
        let line = JSONValue.object(message).serialized()

        let holder = plugin.persistent ? context.worker.resource(plugin.cacheKey) { Running() } : Running()
        let process: PluginProcess
        if let running = holder.process, running.isRunning {
            process = running
        } else {
            process = PluginProcess(
                command: plugin.command, label: plugin.label, workingDirectory: plugin.workingDirectory,
                executor: context.worker.thread)
            holder.process = process
        }
        do {
            process.send(line)
            if !plugin.persistent { process.finishInput() }
            let answer: JSONValue
            switch await process.nextLine(timeout: plugin.timeout) {
            case .timedOut:
                process.terminate()
                throw ExecError.timedOut(plugin: plugin.label, seconds: plugin.timeout, stderr: process.standardError)
            case .closed:
                let status = await process.exitStatus()
                if let failure = process.failure, status < 0 { throw ExecError.couldNotStart(plugin: plugin.label, reason: failure) }
                throw ExecError.crashed(plugin: plugin.label, status: status, stderr: process.standardError)
            case .line(let text):
                guard let parsed = try? JSONValue.parse(text), parsed.objectValue != nil else {
                    throw ExecError.garbage(plugin: plugin.label, output: text, problem: "not a JSON object")
                }
                guard parsed["version"]?.intValue == version else {
                    throw ExecError.garbage(plugin: plugin.label, output: text, problem: "no \"version\": \(version)")
                }
                guard parsed["id"]?.stringValue == id else {
                    throw ExecError.garbage(plugin: plugin.label, output: text, problem: "its \"id\" is not the request's")
                }
                answer = parsed
            }
            if let error = answer["error"]?.stringValue { throw ExecError.reported(plugin: plugin.label, message: error) }
            if !plugin.persistent { process.terminate() }
            return answer
        } catch {
            process.terminate()
            holder.process = nil
            throw error
        }
    }

    /// Writes an image for the plugin to read; returns its description for the request.
    /// How an image is written for a plugin to read.
    enum ImageFile: String, Sendable {
        case png, jpeg

        var fileExtension: String { self == .jpeg ? "jpg" : "png" }
    }

    static func write(_ image: VImage, as file: ImageFile, to folder: URL, name: String) throws -> JSONValue {
        let url = folder.appendingPathComponent("\(name).\(file.fileExtension)")
        try (file == .jpeg ? image.jpegData(quality: 92) : image.pngData(compression: 1)).write(to: url)
        return ["path": .string(url.path), "width": .int(image.width), "height": .int(image.height), "format": .string(file.rawValue)]
    }

    /// Items the plugin sent, in the service's shape (unknown keys ignored).
    static func items(in answer: JSONValue, from plugin: ExecPlugin) throws -> [OCRItem]? {
        guard let raw = answer["items"] else { return nil }
        guard raw.arrayValue != nil else { throw ExecError.garbage(plugin: plugin.label, output: raw.serialized(), problem: "\"items\" is not a list") }
        return OCRItem.list(fromServiceJSON: raw.arrayValue ?? [])
    }

    /// A fresh folder for one call's files, removed by the caller.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ocrp-exec-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Checks the command: a program and its arguments. It runs in the pipeline file's folder,
    /// so `["python3", "my_plugin.py"]` finds a script kept beside the pipeline.
    static func checked(_ command: [String]) throws {
        guard let program = command.first, !program.isEmpty else {
            throw StageConfigurationError(
                parameter: "command", problem: "the command is empty; give the program and its arguments, e.g. [\"python3\", \"plugin.py\"]")
        }
    }
}
