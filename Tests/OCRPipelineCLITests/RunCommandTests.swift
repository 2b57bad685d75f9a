import Foundation
import Testing

@Suite struct RunCommandTests {
    static let fitOnly = #"{"version": 1, "stages": [{"type": "decode"}, {"type": "fit"}, {"type": "write", "params": {"formats": ["payload"]}}]}"#
    static let recognizing =
        #"{"version": 1, "stages": [{"type": "decode"}, {"type": "recognize", "params": {"engine": "tesseract", "languages": "eng"}}, {"type": "merge"}, {"type": "write", "params": {"formats": ["txt"]}}]}"#

    static func events(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func progressEventsForASmallBatch() async throws {
        let folder = try TemporaryFolder()
        try Images.receipts(3, into: folder)
        try folder.write("not an image", to: "in/bad.png")
        let pipeline = try folder.write(Self.fitOnly, to: "p.json")
        let output = try await CLI.run(["run", pipeline, "\(folder.path)/in", "-o", "\(folder.path)/out", "--events", "-j", "2"])
        #expect(output.status == 1)  // one image failed
        let events = try Self.events(output.stdout)
        let names = events.map { $0["event"] as! String }
        #expect(names.first == "started" && names.last == "finished")
        #expect(names.filter { $0 == "image_started" }.count == 4 && names.filter { $0 == "image_finished" }.count == 4)
        #expect(events.first?["total"] as? Int == 4 && events.first?["pending"] as? Int == 4)
        // Each image finishes after it starts.
        for rel in ["bad.png", "receipt-00.jpg", "receipt-01.jpg", "receipt-02.jpg"] {
            let started = try #require(events.firstIndex { $0["event"] as? String == "image_started" && $0["rel"] as? String == rel })
            let finished = try #require(events.firstIndex { $0["event"] as? String == "image_finished" && $0["rel"] as? String == rel })
            #expect(started < finished)
        }
        let bad = try #require(events.first { $0["event"] as? String == "image_finished" && $0["rel"] as? String == "bad.png" })
        #expect(bad["status"] as? String == "failed" && bad["code"] as? String == "unknown_format")
        #expect(events.last?["succeeded"] as? Int == 3 && events.last?["failed"] as? Int == 1 && events.last?["exit_status"] as? Int == 1)
    }

    @Test func exitStatuses() async throws {
        let folder = try TemporaryFolder()
        try Images.receipts(2, into: folder)
        let good = try folder.write(Self.fitOnly, to: "good.json")
        let bad = try folder.write(#"{"stages": [{"type": "decod"}]}"#, to: "bad.json")
        #expect(try await CLI.run(["run", good, "\(folder.path)/in", "-o", "\(folder.path)/out", "-q"]).status == 0)
        #expect(try await CLI.run(["run", bad, "\(folder.path)/in", "-o", "\(folder.path)/out", "-q"]).status == 2)
        #expect(try await CLI.run(["run", good, "\(folder.path)/missing", "-o", "\(folder.path)/out", "-q"]).status == 2)
        #expect(try await CLI.run(["run", good, "\(folder.path)/in", "-o", "\(folder.path)/out", "--shard", "4/3"]).status == 2)
        // An output "folder" that is a file.
        let blocked = try await CLI.run(["run", good, "\(folder.path)/in", "-o", good])
        #expect(blocked.status == 2)
        #expect(
            blocked.stderr.contains("\(good) cannot be used as the output folder: a file of that name is in the way. Fix: choose an output folder"),
            "\(blocked.stderr)")
    }

    @Test func rerunSkipsWhatIsDoneAndRedoesWhatChanged() async throws {
        let folder = try TemporaryFolder()
        try Images.receipts(3, into: folder)
        let pipeline = try folder.write(Self.fitOnly, to: "p.json")
        let arguments = ["run", pipeline, "\(folder.path)/in", "-o", "\(folder.path)/out", "--events"]
        _ = try await CLI.run(arguments)
        // Same bytes, same pipeline: nothing to do.
        #expect(try Self.events(await CLI.run(arguments).stdout).first?["skipped"] as? Int == 3)
        // A changed file is redone; --force redoes everything.
        try Images.receipts(1, into: folder, subfolder: "in2")
        try FileManager.default.removeItem(atPath: "\(folder.path)/in/receipt-01.jpg")
        try FileManager.default.copyItem(atPath: "\(folder.path)/in2/receipt-00.jpg", toPath: "\(folder.path)/in/receipt-01.jpg")
        #expect(try Self.events(await CLI.run(arguments).stdout).first?["pending"] as? Int == 1)
        #expect(try Self.events(await CLI.run(arguments + ["--force"]).stdout).first?["pending"] as? Int == 3)
        // Another pipeline redoes everything.
        let other = try folder.write(
            Self.fitOnly.replacingOccurrences(of: #"{"type": "fit"}"#, with: #"{"type": "fit", "params": {"max_quality": 80}}"#), to: "q.json")
        #expect(
            try Self.events(await CLI.run(["run", other, "\(folder.path)/in", "-o", "\(folder.path)/out", "--events"]).stdout).first?["pending"] as? Int == 3)
    }

    @Test func shardsCoverEveryInputExactlyOnce() async throws {
        let folder = try TemporaryFolder()
        try Images.receipts(12, into: folder)
        let pipeline = try folder.write(Self.fitOnly, to: "p.json")
        var seen: [String] = []
        for k in 1...3 {
            let output = try await CLI.run(["run", pipeline, "\(folder.path)/in", "-o", "\(folder.path)/out", "--shard", "\(k)/3", "--events"])
            #expect(output.status == 0)
            seen += try Self.events(output.stdout).filter { $0["event"] as? String == "image_finished" }.map { $0["rel"] as! String }
            #expect(FileManager.default.fileExists(atPath: "\(folder.path)/out/manifest-\(k)-of-3.jsonl"))
        }
        #expect(seen.sorted() == (0..<12).map { String(format: "receipt-%02d.jpg", $0) })
        #expect(Set(seen).count == seen.count)
    }

    @Test func killedRunResumesWithOnlyWhatIsMissing() async throws {
        let folder = try TemporaryFolder()
        try Images.pages(14, into: folder)
        let pipeline = try folder.write(Self.recognizing, to: "p.json")
        let out = "\(folder.path)/out"
        // kill -9 in the middle of the batch, once a few results are there.
        let status = try await CLI.runThenSignal(["run", pipeline, "\(folder.path)/in", "-o", out, "-j", "1", "-q"], signal: "KILL", results: 3, in: out)
        #expect(status == 128 + SIGKILL)
        let finishedBeforeKill = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).filter { $0.hasSuffix(".jpg.json") }
        #expect(finishedBeforeKill.count >= 3 && finishedBeforeKill.count < 14)
        // Every result present is complete JSON (written under a temporary name, then renamed).
        for name in finishedBeforeKill {
            #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)"))) is [String: Any])
        }

        let rerun = try await CLI.run(["run", pipeline, "\(folder.path)/in", "-o", out, "--events"])
        #expect(rerun.status == 0)
        let events = try Self.events(rerun.stdout)
        #expect(events.first?["skipped"] as? Int == finishedBeforeKill.count)
        #expect(events.first?["pending"] as? Int == 14 - finishedBeforeKill.count)
        let files = try folder.files()
        #expect(!files.contains { $0.contains(".ocrp-tmp-") }, "temporary files of the killed run are cleaned")
        #expect(files.filter { $0.hasPrefix("out/") && $0.hasSuffix(".jpg.txt") }.count == 14)
        let manifest = try String(contentsOfFile: "\(out)/manifest.jsonl", encoding: .utf8)
        #expect(manifest.split(separator: "\n").count == 14)
    }

    @Test func interruptStopsCleanlyAndARerunFinishes() async throws {
        let folder = try TemporaryFolder()
        try Images.pages(14, into: folder)
        let pipeline = try folder.write(Self.recognizing, to: "p.json")
        let out = "\(folder.path)/out"
        let status = try await CLI.runThenSignal(["run", pipeline, "\(folder.path)/in", "-o", out, "-j", "1", "-q"], signal: "INT", results: 2, in: out)
        #expect(status == 130)
        let manifest = try String(contentsOfFile: "\(out)/manifest.jsonl", encoding: .utf8)
        let lines = manifest.split(separator: "\n").count
        #expect(lines >= 2 && lines < 14)
        #expect(try await CLI.run(["run", pipeline, "\(folder.path)/in", "-o", out, "-q"]).status == 0)
    }

    /// Each giant is at least 250 MP: decoding one would take 250 MB or more.
    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage))
    func giantsAreRefusedWithoutAllocatingTheirPixels() async throws {
        let folder = try TemporaryFolder()
        let giants = ["L_sharp_giant_20000x14000.jpg", "L_sharp_65536x65536_uint32.png", "L_libvips_16383x16383.png", "L_libvips_17000x17000.avif"]
        try FileManager.default.createDirectory(atPath: "\(folder.path)/giants", withIntermediateDirectories: true)
        for name in giants {
            try FileManager.default.createSymbolicLink(atPath: "\(folder.path)/giants/\(name)", withDestinationPath: Corpus.path(name))
        }
        try Images.receipts(1, into: folder)
        let pipeline = try folder.write(Self.fitOnly, to: "p.json")

        let small = try await CLI.runMeasuringPeakMemory(["run", pipeline, "\(folder.path)/in", "-o", "\(folder.path)/out-small", "-j", "1"])
        let giant = try await CLI.runMeasuringPeakMemory(["run", pipeline, "\(folder.path)/giants", "-o", "\(folder.path)/out-giants", "-j", "1"])
        #expect(small.status == 0)
        #expect(giant.status == 1)
        let manifest = try String(contentsOfFile: "\(folder.path)/out-giants/manifest.jsonl", encoding: .utf8)
        let codes = try manifest.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(codes.count == giants.count)
        #expect(codes.allSatisfy { ($0["code"] as? String) == "too_many_pixels" }, "\(codes)")
        // Refusing four giants costs no more than fitting one small photo, give or take.
        #expect(giant.peakBytes < small.peakBytes + 32 << 20, "peak \(giant.peakBytes >> 20) MB vs \(small.peakBytes >> 20) MB for a small photo")
    }
}
