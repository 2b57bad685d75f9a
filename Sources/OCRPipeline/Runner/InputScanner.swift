import Foundation

/// Finds the images under an input folder: recursive, sorted by relative path, by file
/// extension (the content is sniffed later; a misnamed file is still read correctly).
public struct InputScanner: Sendable {
    /// Extensions that are picked up, lowercased.
    public static let imageExtensions: Set<String> = [
        "jpg", "jpeg", "jpe", "jfif", "png", "apng", "gif", "webp", "tif", "tiff", "bmp", "dib",
        "heic", "heif", "hif", "avif", "avifs", "jp2", "j2k", "jpf", "jpx", "pdf",
    ]

    /// One input: its path and its path relative to the input folder.
    public struct Input: Sendable, Hashable {
        public var path: String
        public var relativePath: String
    }

    public let root: String
    /// Folders not to descend into (the output folder when it lies inside the input).
    public let excluded: [String]

    public init(root: String, excluding excluded: [String] = []) {
        self.root = root
        self.excluded = excluded.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// The inputs in a stable order. A single file is accepted as a one-image input set.
    public func scan() throws -> [Input] {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rootURL.path, isDirectory: &isDirectory) else {
            throw InputError.missing(path: root)
        }
        guard isDirectory.boolValue else { return [Input(path: rootURL.path, relativePath: rootURL.lastPathComponent)] }
        var found: [Input] = []
        var visited: Set<FolderIdentity> = []
        try walk(rootURL, relative: "", visited: &visited, into: &found)
        return found.sorted { $0.relativePath < $1.relativePath }
    }

    /// A folder as the file system knows it, whatever path (or symbolic link) leads to it.
    private struct FolderIdentity: Hashable {
        var device: UInt64
        var inode: UInt64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// Symbolic links are followed, each folder is read once (a link back up the tree would
    /// otherwise repeat it without end), and a link to a missing file that looks like an image
    /// is kept, so that it fails with its own error instead of going missing unnoticed.
    private func walk(_ folder: URL, relative: String, visited: inout Set<FolderIdentity>, into found: inout [Input]) throws {
        if excluded.contains(folder.path) { return }
        if let identity = FolderIdentity(path: folder.path), !visited.insert(identity).inserted { return }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for name in names where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            let rel = relative.isEmpty ? name : "\(relative)/\(name)"
            var isDirectory: ObjCBool = false
            let looksLikeImage = Self.imageExtensions.contains(url.pathExtension.lowercased())
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                if looksLikeImage { found.append(Input(path: url.path, relativePath: rel)) }
                continue
            }
            if isDirectory.boolValue {
                try walk(url, relative: rel, visited: &visited, into: &found)
            } else if looksLikeImage {
                found.append(Input(path: url.path, relativePath: rel))
            }
        }
    }
}

/// The input folder or file cannot be used.
public enum InputError: DescribedError {
    case missing(path: String)
    case badShard(String)

    public var kind: FailureKind { .configuration }

    public var code: String {
        switch self {
        case .missing: "input_missing"
        case .badShard: "bad_shard"
        }
    }
    public var summary: String {
        switch self {
        case .missing(let path): "\(path): no such file or folder"
        case .badShard(let text): "the shard \(text) is not of the form K/N with 1 ≤ K ≤ N"
        }
    }
    public var remedy: String {
        switch self {
        case .missing: "give the folder of images to process"
        case .badShard: "write e.g. 2/8 for the second of eight parts"
        }
    }
}
