import Foundation
import Testing

/// The shared corpus of real images at `../shared/corpus` (next to the repository). Tests
/// that need it are skipped, with this message, where it is absent.
public enum Corpus {
    public static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["OCR_PIPELINE_CORPUS"] { return URL(fileURLWithPath: override) }
        return PackageRoot.url.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()
    public static let files = root.appendingPathComponent("files")
    public static let isAvailable = FileManager.default.fileExists(atPath: files.path)
    public static let skipMessage: Comment = "the corpus ../shared/corpus is absent (set OCR_PIPELINE_CORPUS to its folder to run these tests)"

    public static func path(_ name: String) -> String { files.appendingPathComponent(name).path }
    public static func data(_ name: String) throws -> Data { try Data(contentsOf: files.appendingPathComponent(name)) }

    /// Corpus files whose names start with `prefix`, sorted, images only.
    public static func names(prefix: String) -> [String] {
        guard isAvailable, let all = try? FileManager.default.contentsOfDirectory(atPath: files.path) else { return [] }
        return all.filter { $0.hasPrefix(prefix) && !$0.hasSuffix(".gt.txt") }.sorted()
    }
}
