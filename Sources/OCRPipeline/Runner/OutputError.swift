import Foundation

/// The output folder, or a file in it, cannot be written.
public enum OutputError: DescribedError {
    /// The output folder cannot be used: nothing was processed.
    case unusableFolder(path: String, reason: String)
    /// One result could not be written (the disk is full, a permission changed).
    case unwritable(reason: String)

    public var kind: FailureKind { .configuration }

    public var code: String {
        switch self {
        case .unusableFolder: "output_unusable"
        case .unwritable: "output_write_failed"
        }
    }

    public var summary: String {
        switch self {
        case .unusableFolder(let path, let reason): "\(path) cannot be used as the output folder: \(reason)"
        case .unwritable(let reason): "the result could not be written (\(reason))"
        }
    }

    public var remedy: String {
        switch self {
        case .unusableFolder: "choose an output folder this user can create and write to"
        case .unwritable: "check free space and permissions of the output folder"
        }
    }

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
