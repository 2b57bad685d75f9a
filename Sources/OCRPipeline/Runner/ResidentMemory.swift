import Foundation

/// A process's resident memory, as the kernel counts it.
enum ResidentMemory {
    /// Bytes resident for process `pid` (`"self"` for this one), from `/proc/<pid>/statm`;
    /// `nil` where there is no such file (not Linux, or the process is gone).
    static func bytes(ofProcess pid: String = "self") -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
