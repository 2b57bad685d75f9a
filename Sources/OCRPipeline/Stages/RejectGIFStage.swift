/// `reject-gif`: the service refuses animated GIF. This stage makes the policy explicit:
/// animations (GIF, animated WebP, APNG, HEIF/AVIF sequences) are refused with a clear error,
/// and a single-frame GIF is either converted (re-encoded losslessly by `fit`) or refused.
public struct RejectGIFStage: Stage {
    public static let staticPolicy = Parameter.choice("static", ["convert", "reject"], default: "convert",
        help: "what to do with a single-frame GIF: convert it (fit re-encodes it as PNG) or reject it")
    public static let animatedPolicy = Parameter.choice("animated", ["reject", "first-frame"], default: "reject",
        help: "what to do with an animation: reject it, or read only its first frame")

    public static let descriptor = StageDescriptor(
        type: "reject-gif",
        summary: "Refuses animations (GIF, WebP, APNG, HEIF sequences) the service does not accept; converts or refuses static GIF.",
        parameters: [staticPolicy.spec, animatedPolicy.spec],
        needs: [.image]
    ) { parameters, _ in
        RejectGIFStage(convertStatic: parameters[staticPolicy] == "convert", firstFrameOfAnimations: parameters[animatedPolicy] == "first-frame")
    }.explaining(.run)

    public let convertStatic: Bool
    public let firstFrameOfAnimations: Bool

    public init(convertStatic: Bool = true, firstFrameOfAnimations: Bool = false) {
        self.convertStatic = convertStatic
        self.firstFrameOfAnimations = firstFrameOfAnimations
    }

    public func process(_ job: inout Job, context: StageContext) async throws {
        let format = try job.requireUpright(for: "reject-gif").format
        if job.source.frames > 1 {
            guard firstFrameOfAnimations else { throw ImageError.animated(format, frames: job.source.frames) }
            job[record: "decision"] = "first_frame"
            job[record: "frames"] = .int(job.source.frames)
            return
        }
        if format == .gif {
            guard convertStatic else { throw ImageError.staticGIFRefused }
            job[record: "decision"] = "convert_static_gif"
            return
        }
        job[record: "decision"] = "not_animated"
    }
}
