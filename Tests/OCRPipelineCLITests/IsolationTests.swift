import Foundation
import SyntheticImages
import Testing

/// Real faults in real worker processes (`ocr-pipeline-faults`, whose `fault` stage aborts,
/// segfaults, exhausts memory, hangs or exits on images named for it): each costs its image
/// only, with a stable code naming what happened and where; a rerun does not try them again.
@Suite struct IsolationTests {
    static let executable = URL(fileURLWithPath: CLI.executable).deletingLastPathComponent().appendingPathComponent("ocr-pipeline-faults").path

    static func result(_ folder: TemporaryFolder, _ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.url.appendingPathComponent("out/\(name).json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test func aCrashingImageCostsOnlyItselfAndIsNotRetried() async throws {
        let folder = try TemporaryFolder()
        try Images.receipts(3, into: folder)
        let receipt = try Data(contentsOf: folder.url.appendingPathComponent("in/receipt-00.jpg"))
        for kind in ["abort", "segv", "alloc", "hang", "exit"] { try folder.write(receipt, to: "in/fault-\(kind).jpg") }
        let pipeline = try folder.write(
            """
            {"version": 1, "stages": [{"type": "decode"}, {"type": "fault"}, {"type": "tile"},
              {"type": "recognize", "params": {"engine": "tesseract"}}, {"type": "merge"}, {"type": "write", "params": {"formats": ["json", "txt"]}}]}
            """, to: "pipeline.json")
        let arguments = ["run", pipeline, "\(folder.path)/in", "-o", "\(folder.path)/out", "-j", "2", "--image-timeout", "8", "--max-worker-memory", "300"]
        let run = try await CLI.run(arguments, executable: Self.executable)
        #expect(run.status == 1, "some images failed: \(run.stderr)")

        for index in 0..<3 {
            let text = try? String(contentsOfFile: "\(folder.path)/out/receipt-0\(index).jpg.txt", encoding: .utf8)
            #expect(text?.contains("Receipt number \(index + 1)") == true, "\((try? Self.result(folder, "receipt-0\(index).jpg"))?["error"] ?? "no error")")
        }
        // The remedies name the command line's flags (the library names its own options).
        let expected: [(String, String, String)] = [
            ("abort", "crashed", "died by SIGABRT during the fault stage"),
            ("segv", "crashed", "died by SIGSEGV during the fault stage; only this image was lost. Fix: the file"),
            ("exit", "crashed", "exited with status 7"),
            ("alloc", "memory_limit", "passed its memory cap of 300 MB during the fault stage and was stopped. Fix: raise --max-worker-memory"),
            ("hang", "timed_out", "longer than its time bound of 8 s during the fault stage and its worker was stopped. Fix: raise --image-timeout"),
        ]
        for (kind, code, wording) in expected {
            let error = try Self.result(folder, "fault-\(kind).jpg")["error"] as? [String: Any] ?? [:]
            #expect(error["code"] as? String == code, "\(kind): \(error)")
            #expect(error["stage"] as? String == "fault")
            #expect((error["message"] as? String ?? "").hasPrefix("fault-\(kind).jpg: "), "\(kind)")
            #expect((error["message"] as? String ?? "").contains(wording), "\(kind): \(error)")
            #expect((error["message"] as? String ?? "").hasSuffix("rerun with --force to try it again"), "\(kind): \(error)")
        }

        // The rerun keeps those failures instead of crashing on the same files again.
        let rerun = try await CLI.run(arguments + ["--events"], executable: Self.executable)
        #expect(rerun.status == 1)
        #expect(rerun.stdout.contains("\"pending\":0"), "\(rerun.stdout)")
        #expect(rerun.stdout.contains("\"failed\":5"), "\(rerun.stdout)")
        #expect(!rerun.stdout.contains("image_started"), "nothing was run again: \(rerun.stdout)")

        // --force tries them again.
        let forced = try await CLI.run(
            ["run", pipeline, "\(folder.path)/in/fault-segv.jpg", "-o", "\(folder.path)/out-forced", "--force"],
            executable: Self.executable)
        #expect(forced.status == 1)
        #expect(forced.stderr.contains("SIGSEGV"))
    }

    @Test func inProcessModeIsKeptForDebugging() async throws {
        let folder = try TemporaryFolder()
        try Images.receipts(2, into: folder)
        let pipeline = CLI.packageRoot.appendingPathComponent("samples/pipeline.json").path
        let isolated = try await CLI.run(["run", pipeline, "\(folder.path)/in", "-o", "\(folder.path)/a", "-q"])
        let inProcess = try await CLI.run(["run", pipeline, "\(folder.path)/in", "-o", "\(folder.path)/b", "-q", "--in-process"])
        #expect(isolated.status == 0 && inProcess.status == 0, "\(isolated.stderr)\(inProcess.stderr)")
        for name in ["receipt-00.jpg", "receipt-01.jpg"] {
            let a = try String(contentsOfFile: "\(folder.path)/a/\(name).txt", encoding: .utf8)
            let b = try String(contentsOfFile: "\(folder.path)/b/\(name).txt", encoding: .utf8)
            #expect(a == b && a.contains("Receipt number"))
            #expect(
                try Data(contentsOf: folder.url.appendingPathComponent("a/\(name).overlay.jpg"))
                    == Data(contentsOf: folder.url.appendingPathComponent("b/\(name).overlay.jpg")))
        }
    }
}
