import ArgumentParser
import Foundation
import OCRPipeline
import SyntheticImages
import VipsKit

/// Writes the benchmark's input: a 48-megapixel camera-like JPEG (8000×6000, quality 92).
struct MakeBenchPhotoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-bench-photo", abstract: "Writes the 48 MP camera-like JPEG used by scripts/bench-fit.py.")

    @Argument var output: String

    func run() async throws {
        let photo = try SyntheticImages.photo(width: 8000, height: 6000, panels: [("Camera text 48 MP", 800, 600, 120), ("相机文字", 800, 900, 120)])
        try photo.image.jpegData(quality: 92).write(to: URL(fileURLWithPath: output))
    }
}

/// Decodes and fits one file the way `ocr-pipeline run` does, writes the payload, and
/// prints fit's record: the measured half of scripts/bench-fit.py.
struct FitOnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fit-once", abstract: "Runs decode and fit on one file and writes the payload.")

    @Argument var input: String
    @Option(help: "fit's max_side.") var maxSide = 4096
    @Option var output: String

    func run() async throws {
        var job = try Job(file: input, name: input)
        let context = StageContext(worker: WorkerResources())
        job.beginRecord(for: "decode")
        try await DecodeStage().process(&job, context: context)
        job.beginRecord(for: "fit")
        try await FitStage().with { $0.maxSide = maxSide }.process(&job, context: context)
        guard let payload = job.views.first?.payload else { throw ValidationError("fit produced no payload") }
        try payload.bytes.write(to: URL(fileURLWithPath: output))
        print(job[record: "views"]?.arrayValue?.first?.serialized() ?? "{}")
    }
}

/// Starts libvips and exits: the benchmark's idle baseline (vipsthumbnail's `--help` also
/// starts libvips, so both baselines include it).
struct VipsIdleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vips-idle", abstract: "Starts libvips and exits (bench/fit.py's idle baseline).")

    func run() async throws {
        try Vips.start()
    }
}
