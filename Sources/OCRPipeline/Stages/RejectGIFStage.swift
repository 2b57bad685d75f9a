/// `reject-gif`: the service refuses animated GIF. This stage makes the policy explicit:
/// animations (GIF, animated WebP, APNG, HEIF/AVIF sequences) are refused with a clear error,
/// and a single-frame GIF is either converted (re-encoded losslessly by `fit`) or refused.
public struct RejectGIFStage: DeclaredStage {
    /// What happens to a single-frame GIF.
    public enum StaticPolicy: String, ParameterChoice {
        /// `fit` re-encodes it as PNG.
        case convert
        case reject
    }

    /// What happens to an animation.
    public enum AnimatedPolicy: String, ParameterChoice {
        case reject
        /// Only the first frame is read.
        case firstFrame = "first-frame"
    }

    @Param("static", help: "what to do with a single-frame GIF: convert it (fit re-encodes it as PNG) or reject it")
    public var staticGIF = StaticPolicy.convert
    @Param("animated", help: "what to do with an animation: reject it, or read only its first frame")
    public var animations = AnimatedPolicy.reject

    public static let descriptor = StageDescriptor(
        Self.self, type: "reject-gif",
        summary: "Refuses animations (GIF, WebP, APNG, HEIF sequences) the service does not accept; converts or refuses static GIF.",
        needs: [.image]
    ).explaining(.run)

    public init() {}

    public func process(_ job: inout Job, context: StageContext) async throws {
        let format = try job.requireUpright().format
        if job.source.frames > 1 {
            guard animations == .firstFrame else { throw ImageError.animated(format, frames: job.source.frames) }
            job[record: "decision"] = "first_frame"
            job[record: "frames"] = .int(job.source.frames)
            return
        }
        if format == .gif {
            guard staticGIF == .convert else { throw ImageError.staticGIFRefused }
            job[record: "decision"] = "convert_static_gif"
            return
        }
        job[record: "decision"] = "not_animated"
    }
}
