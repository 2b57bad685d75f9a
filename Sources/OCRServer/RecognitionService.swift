import Foundation
import OCRPipeline

/// Server-side recognition through the same library pipeline as the CLI: decode, rotation,
/// tiling for long images, the local engine, merge. Maps the pipeline's typed failures to the
/// service's codes.
struct RecognitionService: Sendable {
    let pipeline: Pipeline
    let pool: WorkerPool
    let deadline: Duration

    /// The pipeline the server uses when none is given.
    static func defaultPipeline(timeout: Duration) throws -> Pipeline {
        try Pipeline.load(document: ["version": 1, "stages": [
            ["type": "decode", "params": ["max_pixels": 100_000_000]],
            ["type": "reject-gif"],
            ["type": "tile"],
            ["type": "recognize", "params": ["engine": "ppocr", "timeout": .double(Double(timeout.components.seconds))]],
            ["type": "merge"],
        ]], name: "built-in server pipeline")
    }

    func recognize(_ image: Data, name: String) async throws(ServiceFailure) -> [OCRItem] {
        let until = ContinuousClock.now.advanced(by: deadline)
        let result: JobResult
        do {
            result = try await pool.withWorker(deadline: until) { worker in
                await worker.process(.data(image), name: name) { _ in }
            }
        } catch let failure as ServiceFailure {
            throw failure
        } catch {
            throw ServiceFailure(ServiceCode.internalError, "internal error: \(error)")
        }
        guard let failure = result.failure else {
            guard !result.items.isEmpty else { throw ServiceFailure(ServiceCode.noText, "no text detected") }
            return result.items
        }
        let detail = failure.message.hasPrefix("\(name): ") ? String(failure.message.dropFirst(name.count + 2)) : failure.message
        switch failure.code {
        case "empty_file":
            throw ServiceFailure(ServiceCode.imageEmpty, "image is empty")
        case "animated_image", "gif_refused", "unknown_format", "unsupported_format", "corrupt_image", "truncated_image",
             "too_many_pixels", "decoder_unavailable", "decoder_limit":
            throw ServiceFailure(ServiceCode.imageDecodeFailed, "image decode failed: \(detail)")
        case "recognition_failed", "engine_unavailable":
            throw ServiceFailure(ServiceCode.ocrFailed, "OCR failed: \(detail)")
        case "crashed", "memory_limit", "timed_out", "impossible_size", "decode_memory_limit":
            // A worker lost to the image: the decoder's fault while decoding, else the engine's.
            if failure.stage == "recognize" || failure.stage == "tile" || failure.stage == "merge" {
                throw ServiceFailure(ServiceCode.ocrFailed, "OCR failed: \(detail)")
            }
            throw ServiceFailure(ServiceCode.imageDecodeFailed, "image decode failed: \(detail)")
        default:
            throw ServiceFailure(ServiceCode.internalError, "internal error: \(detail)")
        }
    }
}
