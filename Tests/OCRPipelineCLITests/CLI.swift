import Foundation
@_exported import TestSupport
import Testing

extension CLI {
    /// Starts a run, and once `results` result files exist in `output`, sends it `signal`;
    /// returns the run's exit status as the shell reports it (128 + signal when killed).
    /// A separate shell watches the files, so the timing does not depend on this test
    /// process being scheduled while other tests keep its threads busy.
    static func runThenSignal(_ arguments: [String], signal: String, results: Int, in output: String) async throws -> Int32 {
        try await offCooperativePool { try runThenSignalBlocking(arguments, signal: signal, results: results, in: output) }
    }

    private static func runThenSignalBlocking(_ arguments: [String], signal: String, results: Int, in output: String) throws -> Int32 {
        let quoted = ([executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let script = """
            \(quoted) > /dev/null 2>&1 &
            pid=$!
            for _ in $(seq 3000); do
              count=$(find '\(output)' -name '*.json' ! -name '.*' 2>/dev/null | wc -l)
              [ "$count" -ge \(results) ] && break
              sleep 0.01
            done
            kill -\(signal) $pid
            wait $pid
            exit $?
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

extension CLI {
    /// Runs the executable with its output discarded, and returns its exit status and the
    /// peak resident memory of that process tree in bytes, which no other test running at the
    /// same time can disturb.
    ///
    /// A small Python process starts it and reports its children's `ru_maxrss`: a child spawned
    /// straight from this test process would count this process's own resident memory at the
    /// moment of the spawn (posix_spawn shares the parent's memory until the child's `exec`,
    /// and Linux keeps that high-water mark), and the test process holds hundreds of MB of
    /// models and images of other tests.
    static func runMeasuringPeakMemory(_ arguments: [String], executable: String = executable) async throws -> (status: Int32, peakBytes: Int) {
        let script = """
            import resource, subprocess, sys
            status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
            """
        let output = try await run(["-c", script, executable] + arguments, executable: "/usr/bin/env", prefix: ["python3"])
        let fields = output.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard fields.count == 2 else { throw POSIXError(.EIO) }
        return (Int32(fields[0] < 0 ? 128 - fields[0] : fields[0]), fields[1])
    }
}
