import CVipsShim
import Foundation

/// The process-wide libvips runtime.
///
/// Every entry point of ``VImage`` calls ``Vips/start()`` first, so callers never have to;
/// it is public for programs that want to set the thread count before any image is touched.
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

    /// Sets the number of threads each libvips pipeline may use.
    public static func setConcurrency(_ threads: Int) throws {
        try start()
        vips_concurrency_set(Int32(threads))
    }

    /// Bytes of pixel memory libvips has allocated and not yet freed.
    public static var trackedMemory: Int { Int(vips_tracked_get_mem()) }

    /// The highest value ``trackedMemory`` reached in this process.
    public static var trackedMemoryHighWater: Int { Int(vips_tracked_get_mem_highwater()) }

    /// libvips' version, e.g. "8.14.1".
    public static var version: String { String(cString: vips_version_string()) }
}

/// A failed libvips call, with libvips' own message.
public struct VipsError: Error, CustomStringConvertible, Sendable {
    /// What libvips said, with its domain prefixes (`VipsJpeg: ...`).
    public let message: String

    public var description: String { message }

    /// Reads and clears libvips' error buffer. The buffer is process-wide, so under heavy
    /// concurrency a message may carry lines from another thread's failure as well.
    static func takeFromBuffer(context: String) -> VipsError {
        guard let raw = vips_error_buffer_copy() else { return VipsError(message: "\(context) failed") }
        defer { g_free(raw) }
        let text = String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
        return VipsError(message: text.isEmpty ? "\(context) failed" : text)
    }
}
