import Foundation

/// The output folder: results and artifacts written atomically (a temporary name in the same
/// folder, then a rename), so a reader or a rerun never sees a half-written file, even after
/// `kill -9`.
public struct OutputStore: Sendable {
    public let root: URL
    /// Temporary files are named `.ocrp-tmp-<host>-<pid>-<random>`; those of dead processes on
    /// this host are removed at the start of a run.
    static let temporaryPrefix = ".ocrp-tmp-"

    public init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL
    }

    private static var hostTag: String {
        ProcessInfo.processInfo.hostName.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "/", with: "_")
    }

    /// `<root>/<rel><suffix>`.
    public func url(for relativePath: String, suffix: String) -> URL {
        root.appendingPathComponent(relativePath + suffix)
    }

    /// Writes `data` to `url` atomically, creating folders as needed.
    public func write(_ data: Data, to url: URL) throws {
        let temporary = try temporaryURL(near: url)
        do {
            try data.write(to: temporary)
            try move(temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// A temporary name in `url`'s folder (created as needed), for a file written elsewhere
    /// (a searchable PDF written page by page) and then put in place with ``move(_:to:)``.
    func temporaryURL(near url: URL) throws -> URL {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("\(Self.temporaryPrefix)\(Self.hostTag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    /// Renames a finished temporary file onto its name: readers see the old file or the new one.
    func move(_ temporary: URL, to url: URL) throws {
        if rename(temporary.path, url.path) != 0 {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    }

    /// Writes a job's artifacts, then its result file last: the result's presence means the
    /// job is complete.
    public func save(_ result: JobResult, relativePath: String, redactor: Redactor) throws {
        for artifact in result.artifacts where !artifact.isWritten {
            try write(artifact.bytes, to: url(for: relativePath, suffix: artifact.suffix))
        }
        let json = redactor.scrub(result.json)
        try write(json.data(pretty: true), to: url(for: relativePath, suffix: ".json"))
    }

    /// The result file of an earlier run, if any.
    public func existingResult(for relativePath: String) -> JobResult? {
        guard let data = try? Data(contentsOf: url(for: relativePath, suffix: ".json")) else { return nil }
        return (try? JSONValue.parse(data)).flatMap(JobResult.init(json:))
    }

    /// Removes temporary files left by killed runs of this host.
    public func removeStaleTemporaries() {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return }
        let ownHost = "\(Self.temporaryPrefix)\(Self.hostTag)-"
        for case let url as URL in enumerator where url.lastPathComponent.hasPrefix(ownHost) {
            let rest = url.lastPathComponent.dropFirst(ownHost.count)
            guard let pid = rest.split(separator: "-").first.flatMap({ Int32($0) }) else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(at: url) }
        }
    }
}
