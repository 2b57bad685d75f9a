import Foundation

/// The output folder cannot be used: nothing was processed.
public enum OutputError: DescribedError {
    case unusableFolder(path: String, reason: String)

    public var kind: FailureKind { .configuration }

    public var code: String { "output_unusable" }

    public var summary: String {
        switch self {
        case .unusableFolder(let path, let reason): "\(path) cannot be used as the output folder: \(reason)"
        }
    }

    public var remedy: String { "give -o a folder this user can create and write to" }

    /// Creates `folder` if needed and checks that it can be written to.
    static func prepare(_ folder: URL) throws {
        let path = folder.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputError.unusableFolder(path: path, reason: "a file of that name is in the way")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
            let reason = underlying?.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(underlying!.code))) : error.localizedDescription
            throw OutputError.unusableFolder(path: path, reason: "it cannot be created (\(reason))")
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw OutputError.unusableFolder(path: path, reason: "this user may not write to it")
        }
    }
}
