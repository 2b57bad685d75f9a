import Foundation
import VipsKit

/// `fit`: makes every view's payload small enough that the whole signed request body stays
/// within the service's limit, keeping text legible.
///
/// An input that already fits, in a format the service accepts (JPEG, PNG, BMP), upright and
/// plain (8-bit sRGB or grey, opaque) is sent byte for byte. Anything else is re-encoded:
/// lossless sources try PNG first; otherwise JPEG, first at `max_quality`, then with a
/// quality search down to `min_quality`, and only then downscaled. Big JPEGs shrink while
/// decoding (1/2, 1/4, 1/8 in the DCT domain), the cheap path for camera photos.
public struct FitStage: DeclaredStage {
    /// Which body the budget is computed for.
    public enum BodyTransport: String, ParameterChoice {
        /// The recognize stage's (json when there is none).
        case auto, json, multipart
    }

    @Param(
        "max_body_bytes", range: 0...1_000_000_000,
        help:
            "largest request body (JSON or multipart, envelope included) in bytes; 0: the engine's documented limit (6,000,000 for the legacy API, 10,000,000 bytes of base64 plus the JSON around it for API 3.0), 6,000,000 when no engine sends a body"
    )
    public var maxBodyBytes = 0
    @Param(
        "transport",
        help:
            "body the budget is computed for: auto follows the recognize stage's engine; json or multipart budget the legacy API's body when no engine sends one"
    )
    public var transport = BodyTransport.auto
    @Param("max_quality", range: 1...100, help: "JPEG quality tried first when re-encoding")
    public var maxQuality = 90
    @Param("min_quality", range: 1...100, help: "legibility floor: below this quality the image is downscaled instead")
    public var minQuality = 50
    @Param("max_side", range: 0...1 << 20, help: "when re-encoding, downscale so the long side is at most this (0: no limit)")
    public var maxSide = 0
    @Param("max_megapixels", range: 0.01...10_000, help: "when re-encoding, downscale to at most this many megapixels")
    public var maxMegapixels = 12.6
    @Param("max_encodes", range: 1...30, help: "encodes tried per view before giving up on quality and downscaling harder")
    public var maxEncodes = 7
    @Param("pass_through", help: "send files that already fit byte for byte, without re-encoding")
    public var allowPassThrough = true

    /// The largest body, in bytes: `max_body_bytes`, or the limit of the engine's body.
    public var budget = RequestBodyModel.legacyLimit
    /// The body the budget holds for.
    public var body = RequestBodyModel.standalone(multipart: false)

    public var qualities: ClosedRange<Int> { minQuality...max(minQuality, maxQuality) }
    public var maxPixels: Int { Int(maxMegapixels * 1_000_000) }

    public static let descriptor = StageDescriptor(
        Self.self, type: "fit",
        summary: "Re-encodes and downscales each view so the whole request body stays within the budget; passes through what fits.",
        needs: [.image], provides: [.payloads], invalidates: [.viewItems, .items]
    ) { stage, context in
        if let engineBody = context.engine?.requestBody {
            guard stage.transport == .auto || stage.transport.rawValue == engineBody.transport else {
                throw StageConfigurationError(
                    parameter: stage.$transport.name,
                    problem:
                        "the recognize stage's engine sends \(engineBody.transport) bodies, not \(stage.transport.rawValue); remove transport (it follows the engine)"
                )
            }
            stage.body = engineBody
        } else {
            stage.body = .standalone(multipart: stage.transport == .multipart)
        }
        guard stage.minQuality <= stage.maxQuality else {
            throw StageConfigurationError(
                parameter: stage.$minQuality.name, problem: "min_quality \(stage.minQuality) is above max_quality \(stage.maxQuality)")
        }
        stage.budget = stage.maxBodyBytes > 0 ? stage.maxBodyBytes : stage.body.limit
        guard stage.budget >= 10_000 else {
            throw StageConfigurationError(
                parameter: stage.$maxBodyBytes.name, problem: "\(stage.budget) bytes cannot carry a legible image; give at least 10000")
        }
    }.explaining(.run)

    public init() {}

    public func process(_ job: inout Job, context: StageContext) async throws {
        let upright = try job.requireUpright()
        let views = try job.currentViews()
        let isWhole = views.count == 1 && views[0].region == Box(x: 0, y: 0, width: upright.size.width, height: upright.size.height)
        var fitted: [View] = []
        var records: [JSONValue] = []
        for view in views {
            var outcome: Outcome
            if isWhole, let reason = passThroughRefusal(job: job, upright: upright) {
                outcome = try reencode(view, upright: upright, useShrinkOnLoad: true)
                outcome.record["why_reencoded"] = .string(reason)
            } else if isWhole {
                outcome = try passThroughOutcome(view, job: job, upright: upright)
            } else {
                outcome = try reencode(view, upright: upright, useShrinkOnLoad: false)
            }
            fitted.append(outcome.view)
            records.append(.object(outcome.record))
        }
        job.views = fitted
        job[record: "budget"] = .int(budget)
        job[record: "transport"] = .string(body.transport)
        job[record: "views"] = .array(records)
    }

    struct Outcome {
        var view: View
        var record: JSONObject
    }

    /// Why the original file cannot be sent as it is, or `nil` when it can.
    func passThroughRefusal(job: Job, upright: UprightImage) -> String? {
        if !allowPassThrough { return "pass_through is off" }
        if upright.isReplacement { return "a stage replaced the image" }
        guard upright.format.isAcceptedByService else { return "the service does not accept \(upright.format.rawValue.uppercased())" }
        if !upright.orientation.isUpright { return "stored sideways or mirrored (EXIF orientation \(upright.orientation.rawValue))" }
        if !upright.normalisation.isIdentity { return "needs normalisation (\(upright.normalisation.json.serialized()))" }
        if job.source.frames > 1 { return "has \(job.source.frames) frames" }
        let body = self.body.size(job.source.bytes, upright.format)
        if body > budget { return "body would be \(body) bytes, over the budget" }
        return nil
    }

    private func passThroughOutcome(_ view: View, job: Job, upright: UprightImage) throws -> Outcome {
        // Sending a file nobody decoded could ship a truncated image: decode it once (for a
        // JPEG at 1/8 scale, which still reads every entropy-coded byte).
        let probe = try upright.load(shrink: upright.format == .jpeg ? 8 : 1, sequential: true).image
        _ = try probe.average()
        let bytes = try job.input.allBytes()
        let body = self.body.size(bytes.count, upright.format)
        var fitted = view
        fitted.payload = Payload(bytes: bytes, format: upright.format, bodyBytes: body)
        return Outcome(
            view: fitted,
            record: [
                "index": .int(view.index), "mode": "pass_through", "format": .string(upright.format.rawValue),
                "width": .int(upright.size.width), "height": .int(upright.size.height), "scale": 1,
                "payload_bytes": .int(bytes.count), "body_bytes": .int(body),
            ])
    }

    /// Re-encodes one view: PNG for lossless sources when it fits, else the JPEG search.
    ///
    /// The first attempt streams from the decoder to the encoder (they overlap on two cores);
    /// only when it does not fit is the image evaluated into memory for the quality search.
    private func reencode(_ view: View, upright: UprightImage, useShrinkOnLoad: Bool) throws -> Outcome {
        let region = PixelSize(width: view.region.width, height: view.region.height)
        var scale = 1.0
        if maxSide > 0 { scale = min(scale, Double(maxSide) / Double(region.longSide)) }
        scale = min(scale, (Double(maxPixels) / Double(region.pixels)).squareRoot())

        var encodes = 0
        var attempts: [JSONValue] = []
        while true {
            let plan = RenderPlan(view: view, upright: upright, region: region, scale: scale, useShrinkOnLoad: useShrinkOnLoad)
            var candidate: (data: Data, format: ImageFormat, quality: Int?)?
            var smallestJPEG: Int?
            var inMemory: VImage?

            if upright.format.isLossless {
                let png = try plan.image().pngData(compression: 6)
                encodes += 1
                attempts.append(["format": "png", "bytes": .int(png.count)])
                if fits(png.count, .png) { candidate = (png, .png, nil) }
            }
            if candidate == nil {
                let first = try plan.image().jpegData(quality: qualities.upperBound)
                encodes += 1
                attempts.append(["quality": .int(qualities.upperBound), "bytes": .int(first.count)])
                smallestJPEG = first.count
                if fits(first.count, .jpeg) {
                    candidate = (first, .jpeg, qualities.upperBound)
                } else if qualities.lowerBound < qualities.upperBound {
                    let memory = try plan.image().copiedToMemory()
                    inMemory = memory
                    let search = try searchQuality(memory, below: qualities.upperBound, encodesLeft: max(1, maxEncodes - encodes))
                    encodes += search.encodes
                    attempts += search.attempts
                    smallestJPEG = min(first.count, search.smallestBytes ?? .max)
                    if let best = search.best { candidate = (best.data, .jpeg, best.quality) }
                }
            }
            if let candidate {
                var fitted = view
                let image = try inMemory ?? plan.image()
                let sx = Double(image.width) / Double(region.width), sy = Double(image.height) / Double(region.height)
                fitted.image = image
                fitted.transform = view.transform.scaled(by: sx, sy)
                let body = self.body.size(candidate.data.count, candidate.format)
                precondition(body <= budget, "fit produced an over-budget body")
                fitted.payload = Payload(bytes: candidate.data, format: candidate.format, bodyBytes: body)
                var record: JSONObject = [
                    "index": .int(view.index), "mode": "reencoded", "format": .string(candidate.format.rawValue),
                    "width": .int(image.width), "height": .int(image.height),
                    "scale": .double((min(sx, sy) * 10000).rounded() / 10000),
                ]
                if let quality = candidate.quality { record["quality"] = .int(quality) }
                record["payload_bytes"] = .int(candidate.data.count)
                record["body_bytes"] = .int(body)
                record["encodes"] = .int(encodes)
                if plan.shrink > 1 { record["shrink_on_load"] = .int(plan.shrink) }
                record["attempts"] = .array(attempts)
                return Outcome(view: fitted, record: record)
            }
            // Even the lowest quality is too big: downscale towards the budget and try again.
            let smallest = smallestJPEG ?? Int.max
            let allowed = body.maximumImageBytes(budget: budget, format: .jpeg)
            let next = scale * min(0.9, (Double(allowed) / Double(smallest)).squareRoot() * 0.95)
            if Double(region.longSide) * next < 64 {
                throw ImageError.cannotFitBudget(
                    budget: budget, smallestBody: body.size(smallest, .jpeg),
                    width: plan.targetWidth, height: plan.targetHeight)
            }
            scale = next
        }
    }

    private func fits(_ bytes: Int, _ format: ImageFormat) -> Bool {
        body.size(bytes, format) <= budget
    }

    /// How a view is brought to the target scale. ``image()`` builds a fresh lazy pipeline each
    /// time: a sequentially decoded image can be read only once.
    struct RenderPlan {
        let view: View
        let upright: UprightImage
        private(set) var targetWidth: Int
        private(set) var targetHeight: Int
        /// The JPEG decoder's shrink factor (1 when not shrinking on load).
        let shrink: Int

        init(view: View, upright: UprightImage, region: PixelSize, scale: Double, useShrinkOnLoad: Bool) {
            self.view = view
            self.upright = upright
            targetWidth = max(1, Int((Double(region.width) * scale).rounded()))
            targetHeight = max(1, Int((Double(region.height) * scale).rounded()))
            // The largest DCT shrink whose result is at most 10% below the target. The result is
            // then used as it is (fit never upscales): decoding at half size takes a fraction of a
            // full decode, and 10% fewer pixels than the cap costs no legibility.
            let candidate =
                useShrinkOnLoad && upright.format == .jpeg && scale < 1
                ? [8, 4, 2].first { 1 / Double($0) >= scale * 0.9 } ?? 1 : 1
            shrink = candidate
            if candidate > 1 {
                let shrunkWidth = (region.width + candidate - 1) / candidate, shrunkHeight = (region.height + candidate - 1) / candidate
                if shrunkWidth <= targetWidth || shrunkHeight <= targetHeight {
                    targetWidth = shrunkWidth
                    targetHeight = shrunkHeight
                }
            }
        }

        func image() throws -> VImage {
            var source = shrink > 1 ? try upright.load(shrink: shrink, sequential: true).image : view.image
            if source.width != targetWidth || source.height != targetHeight {
                source = try source.resized(
                    horizontal: Double(targetWidth) / Double(source.width),
                    vertical: Double(targetHeight) / Double(source.height))
            }
            return source
        }
    }

    struct QualitySearch {
        var best: (data: Data, quality: Int)?
        var smallestBytes: Int?
        var encodes = 0
        var attempts: [JSONValue] = []
    }

    /// The highest JPEG quality below `ceiling` (known not to fit) whose body fits: the floor
    /// first, then a binary search within the encodes left.
    private func searchQuality(_ image: VImage, below ceiling: Int, encodesLeft: Int) throws -> QualitySearch {
        var search = QualitySearch()
        func attempt(_ quality: Int) throws -> Bool {
            let data = try image.jpegData(quality: quality)
            search.encodes += 1
            search.attempts.append(["quality": .int(quality), "bytes": .int(data.count)])
            search.smallestBytes = min(search.smallestBytes ?? .max, data.count)
            guard fits(data.count, .jpeg) else { return false }
            if quality > (search.best?.quality ?? -1) { search.best = (data, quality) }
            return true
        }
        if !(try attempt(qualities.lowerBound)) { return search }
        var low = qualities.lowerBound, high = ceiling  // low fits, high does not
        while high - low > 1 && search.encodes < encodesLeft {
            let middle = (low + high) / 2
            if try attempt(middle) { low = middle } else { high = middle }
        }
        return search
    }
}
