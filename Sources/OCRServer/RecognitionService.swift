import Foundation
import OCRPipeline

/// Server-side recognition through the same library pipeline as the CLI: decode, rotation,
/// tiling for long images, the local engine, merge. Maps the kinds of the pipeline's failures
/// to the protocol-neutral ``RequestFailure``.
struct RecognitionService: Sendable {
    let pipeline: Pipeline
    let pool: WorkerPool
    let deadline: Duration

    /// The pipeline the server uses when none is given.
    static func defaultPipeline(timeout: Duration) throws -> Pipeline {
        try Pipeline.load(
            document: [
                "version": 1,
                "stages": [
                    ["type": "decode", "params": ["max_pixels": 100_000_000]],
                    ["type": "reject-gif"],
                    ["type": "tile"],
                    ["type": "recognize", "params": ["engine": "ppocr", "timeout": .double(timeout / .seconds(1))]],
                    ["type": "merge"],
                ],
            ], name: "built-in server pipeline")
    }

    func recognize(_ image: Data, name: String) async throws(RequestFailure) -> [OCRItem] {
        guard !image.isEmpty else { throw .imageEmpty }
        let until = ContinuousClock.now.advanced(by: deadline)
        let result: JobResult
        do {
            result = try await pool.withWorker(deadline: until) { worker in
                await worker.process(.data(image), name: name) { _ in }
            }
        } catch let failure as RequestFailure {
            throw failure
        } catch {
            throw .internalError("internal error: \(error)")
        }
        guard let failure = result.failure else {
            guard !result.items.isEmpty else { throw .noText }
            return result.items
        }
        switch failure.kind {
        case .emptyInput: throw .imageEmpty
        case .undecodableInput: throw .imageUndecodable("image decode failed: \(failure.detail)")
        case .oversizedInput: throw .imageTooLarge("image decode failed: \(failure.detail)")
        case .recognition: throw .ocrFailed("OCR failed: \(failure.detail)")
        // A worker lost to the image (a crash in a native library, its memory cap, its time
        // bound): the image cannot be processed here, whichever stage held it (the message says).
        case .workerLost: throw .imageUndecodable("image decode failed: \(failure.detail)")
        case .service, .configuration, .internal: throw .internalError("internal error: \(failure.detail)")
        }
    }
}
