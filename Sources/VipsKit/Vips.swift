import CVipsShim
import Foundation

/// The process-wide libvips runtime.
///
/// Every entry point of ``VImage`` calls ``Vips/start()`` first, so callers never have to.
public enum Vips {
    private static let started: Result<Void, VipsError> = {
        if ocrv_init(CommandLine.arguments.first ?? "ocr-pipeline") != 0 {
            return .failure(VipsError.takeFromBuffer(context: "vips_init"))
        }
        return .success(())
    }()

    /// Starts libvips once. Safe to call from any thread, any number of times.
    public static func start() throws {
        try started.get()
    }

    /// Returns freed heap memory to the system (glibc's `malloc_trim`), so a long-lived
    /// worker's resident size follows what it holds rather than its largest image so far.
    public static func releaseFreedMemory() { ocrv_release_free_memory() }

    /// Has glibc map every heap block of `bytes` or more on its own and return it to the system
    /// when freed. By default the threshold moves up to the largest block freed so far (up to
    /// 32 MB), after which page-sized buffers come from the heap and fragment it.
    public static func mapBlocks(from bytes: Int) { ocrv_map_blocks_from(Int32(bytes)) }

    /// Bytes of pixel memory libvips has allocated and not yet freed.
    public static var trackedMemory: Int { Int(vips_tracked_get_mem()) }

    private static let headerLock = NSLock()

    /// Runs a short libvips call (a header read) alone, with an empty error buffer, so that
    /// the message of a failure is this call's own.
    static func serialized<T>(_ body: () throws -> T) rethrows -> T {
        try headerLock.withLock {
            vips_error_clear()
            return try body()
        }
    }
}

/// A failed libvips call, with libvips' own message.
public struct VipsError: Error, CustomStringConvertible, Sendable {
    /// What libvips said, with its domain prefixes (`VipsJpeg: ...`), one line per message.
    public let message: String

    public var description: String { message }

    /// A call refused before it reached libvips, whose checks on some arguments are assertions
    /// that end the process rather than errors.
    static func refused(_ message: String) -> VipsError { VipsError(message: message) }

    /// libvips keeps one error buffer for the whole process, so a message read after a failure
    /// may include lines from another thread's failure (callers keep their loader's lines), and
    /// a thread may find its own lines already taken by another. Header reads run one at a time
    /// (``Vips/serialized(_:)``) so their messages are always their own.
    static func takeFromBuffer(context: String) -> VipsError {
        var lines: [String] = []
        if let raw = vips_error_buffer_copy() {
            lines = String(cString: raw).split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
            g_free(raw)
        }
        return VipsError(message: lines.isEmpty ? "\(context) failed" : lines.joined(separator: "\n"))
    }
}
