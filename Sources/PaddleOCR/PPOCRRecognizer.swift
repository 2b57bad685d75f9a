import Foundation
import OCRPipeline
import PPOCRKit
import VipsKit

/// The `ppocr` engine: PaddleOCR's PP-OCRv6 detection and recognition models and its direction
/// classifier on ONNX Runtime, in process. Reads Chinese and English print, signs, labels and
/// screenshots far better than Tesseract; gives no layout (``ReadingOrder`` restores columns).
public struct PPOCRRecognizer: TileAwareEngine, DeclaredEngine {
    /// Where `scripts/install-ppocr.sh` puts the models.
    public static let defaultModelFolder = "/usr/local/share/ocr-pipeline/ppocr"
    static let installCommand = "scripts/install-ppocr.sh (or scripts/install-deps.sh)"
    /// The pinned models' sha256, checked at load when the default folder is used.
    static let pinnedModels = [
        PPOCR.detectionModel: "090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f",
        PPOCR.recognitionModel: "6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
        PPOCR.classifierModel: "e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c",
    ]

    /// Where the models and ONNX Runtime are (shared with `orient`).
    public var installation = PPOCRInstallation()
    @Param("threads", range: 0...256, help: "ONNX Runtime threads per engine; 0: the machine's cores shared by the worker processes")
    public var threads = 0
    @Param("det_threshold", range: 0.01...0.99, help: "probability over which a pixel counts as text")
    public var detThreshold = TextDetector.Options().threshold
    @Param("box_threshold", range: 0.01...0.99, help: "mean text probability a detected box needs to be kept")
    public var boxThreshold = TextDetector.Options().boxThreshold
    @Param("det_side", range: 320...4096, help: "the short side (in pixels) each view is scaled to, up or down, for finding the lines")
    public var detSide = TextDetector.Options().shortSide
    @Param("det_upscale_megapixels", range: 0.1...16, help: "a small view is enlarged for finding the lines to no more than this many megapixels")
    public var detUpscaleMegapixels = Double(TextDetector.Options().maxUpscaledPixels) / 1_000_000
    @Param("unclip_ratio", range: 0.5...4, help: "how far a detected box grows around its core")
    public var unclipRatio = TextDetector.Options().unclipRatio
    @Param("text_score", range: 0...1, help: "lines read with a lower mean character probability are dropped")
    public var textScore = PPOCR.defaultTextScore
    @Param("use_classifier", help: "turn upside-down lines (180°) before reading them")
    public var useClassifier = true
    @Param("timeout", range: 1...86_400, help: "seconds one view may take before it fails (checked between model runs)")
    public var timeout = 300.0
    @Param("detect", help: "find the lines first; false: read each view whole as one line (a cropped field, a signature, a label)")
    public var detect = true

    public static let descriptor = EngineDescriptor(
        Self.self, name: "ppocr",
        summary: "PP-OCRv6 (PaddleOCR's models) on ONNX Runtime, in process: Chinese and English print, signs, screenshots",
        profile: { _ in EngineProfile(viewLimits: .ppocr) }
    ) { engine, context in
        if engine.threads == 0 { engine.threads = max(1, ProcessInfo.processInfo.activeProcessorCount / context.processShare) }
        try engine.checkInstallation()
    }

    public init() {}

    public var modelFolder: String { installation.modelFolder }
    public var library: String { installation.library }

    /// The detector's settings from the parameters.
    public var detector: TextDetector.Options {
        var options = TextDetector.Options()
        options.threshold = detThreshold
        options.boxThreshold = boxThreshold
        options.unclipRatio = unclipRatio
        options.shortSide = detSide
        options.maxUpscaledPixels = Int(detUpscaleMegapixels * 1_000_000)
        return options
    }

    /// Fails at pipeline load, naming the file and the command that installs it, when the
    /// library or a model is missing or (in the default folder) not the pinned file.
    func checkInstallation() throws {
        do {
            _ = try OnnxRuntime.shared(library: library)
        } catch {
            throw StageConfigurationError(
                parameter: installation.$library.name, problem: "ONNX Runtime cannot be used: \(error); install it with \(Self.installCommand)")
        }
        var needed = [PPOCR.detectionModel, PPOCR.recognitionModel]
        if useClassifier { needed.append(PPOCR.classifierModel) }
        for name in needed {
            let path = (modelFolder as NSString).appendingPathComponent(name)
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw StageConfigurationError(
                    parameter: installation.$modelFolder.name, problem: "the model \(path) is missing; install it with \(Self.installCommand)")
            }
            // An ONNX file is a protobuf ModelProto whose first field is ir_version (tag 0x08).
            guard let handle = FileHandle(forReadingAtPath: path), let head = try? handle.read(upToCount: 1), head.first == 0x08 else {
                throw StageConfigurationError(
                    parameter: installation.$modelFolder.name, problem: "\(path) is not an ONNX model; reinstall the models with \(Self.installCommand)")
            }
            try? handle.close()
            if modelFolder == Self.defaultModelFolder, let pinned = Self.pinnedModels[name], try FileDigests.shared.sha256(ofFile: path) != pinned {
                throw StageConfigurationError(
                    parameter: installation.$modelFolder.name,
                    problem: "the model \(path) is damaged (its sha256 is not the pinned one); reinstall it with \(Self.installCommand)")
            }
        }
    }

    /// The loaded models, shared by the process's workers.
    final class Instance: Sendable {
        let models: PPOCR
        init(_ models: PPOCR) { self.models = models }
    }
    private static let loaded = SharedModels<Instance>()

    /// The models, loaded once per process and kept by this worker.
    func models(_ context: StageContext) throws -> PPOCR {
        let key =
            "ppocr|\(library)|\(modelFolder)|\(threads)|\(useClassifier)|\(detector.threshold)|\(detector.boxThreshold)|\(detector.unclipRatio)|\(detector.shortSide)|\(detector.maxUpscaledPixels)|\(textScore)"
        return try context.worker.resource(key) {
            try Self.loaded.value(for: key) {
                do {
                    let runtime = try OnnxRuntime.shared(library: library)
                    return Instance(
                        try PPOCR(
                            modelFolder: modelFolder, runtime: runtime, threads: threads, detector: detector,
                            useClassifier: useClassifier, textScore: textScore))
                } catch {
                    throw EngineError.unavailable(
                        engine: "ppocr", detail: "the models in \(modelFolder) cannot be loaded (\(error)); reinstall them with \(Self.installCommand)")
                }
            }
        }.models
    }

    public func recognize(_ view: View, of job: Job, context: StageContext) async throws -> ViewRecognition {
        let models = try models(context)
        let (image, transform) = try view.fullResolution(of: job)
        let started = Date()
        let inference = InferenceClock()
        let lines: [PPOCRLine]
        do {
            let deadline = Deadline(seconds: timeout)
            lines = try InferenceClock.$current.withValue(inference) {
                let found =
                    detect
                    ? try Self.detect(in: image, with: models, deadline: deadline)
                    : (boxes: [Self.wholeLine(image)], pixels: try Self.rgb(image), scale: 1)
                return try models.recognize(found.boxes, in: found.pixels, deadline: deadline).map {
                    $0.mapped { Point(x: $0.x / found.scale, y: $0.y / found.scale) }
                }
            }
        } catch {
            throw EngineError.failed(engine: "ppocr", detail: "\(error)")
        }
        let record: JSONObject = [
            "seconds": .double(Self.seconds(since: started)), "inference": inference.record, "lines": .int(lines.count),
        ]
        return ViewRecognition(items: lines.map(Self.item), record: record, transform: transform)
    }

    /// Detects each tile, makes one box of every line the tiles saw (``TiledDetections``), and
    /// reads each line once from the full-resolution upright image.
    public func recognizeTiles(_ views: [View], of job: Job, context: StageContext) async throws -> [ViewRecognition] {
        guard detect else {
            var recognitions: [ViewRecognition] = []
            for view in views { recognitions.append(try await recognize(view, of: job, context: context)) }
            return recognitions
        }
        let models = try models(context)
        let upright = try job.requireUpright()
        let deadline = Deadline(seconds: timeout * Double(views.count))
        var boxesByTile: [[DetectedText]] = []
        var seconds: [Double] = []
        var lines: [PPOCRLine] = []
        let inference = InferenceClock()
        do {
            try InferenceClock.$current.withValue(inference) {
                for view in views {
                    try Task.checkCancellation()
                    let started = Date()
                    let (image, transform) = try view.fullResolution(of: job)
                    let place = transform ?? view.transform
                    let found = try Self.detect(in: image, with: models, deadline: deadline)
                    boxesByTile.append(
                        found.boxes.map { box in
                            var box = box
                            box.quad.corners = box.quad.corners.map {
                                Point(
                                    x: Double(place.offsetX) + $0.x / found.scale / place.scaleX, y: Double(place.offsetY) + $0.y / found.scale / place.scaleY)
                            }
                            return box
                        })
                    seconds.append(Self.seconds(since: started))
                }
                // Each line is read from the pixels of one tile that holds it whole (or, for a line
                // longer than a tile's overlap, from a crop of its own).
                let started = Date()
                let merged = TiledDetections.merged(boxesByTile)
                var byRegion: [Box: [DetectedText]] = [:]
                for box in merged {
                    let bounds = box.quad.bounds
                    let x = max(0, Int(bounds.minX.rounded(.down)) - 2), y = max(0, Int(bounds.minY.rounded(.down)) - 2)
                    let around = Box(
                        x: x, y: y, width: min(upright.size.width, Int(bounds.maxX.rounded(.up)) + 2) - x,
                        height: min(upright.size.height, Int(bounds.maxY.rounded(.up)) + 2) - y)
                    let holder =
                        views.first { $0.core.contains(x: around.centerX, y: around.centerY) && $0.region.contains(around) }
                        ?? views.first { $0.region.contains(around) }
                    byRegion[holder?.region ?? around, default: []].append(box)
                }
                for (region, boxes) in byRegion.sorted(by: { ($0.key.y, $0.key.x) < ($1.key.y, $1.key.x) }) {
                    try Task.checkCancellation()
                    let pixels = try Self.rgb(upright.image.cropped(.init(x: region.x, y: region.y, width: region.width, height: region.height)))
                    let local = boxes.map { box in
                        var box = box
                        box.quad.corners = box.quad.corners.map {
                            Point(
                                x: min(max($0.x - Double(region.x), 0), Double(region.width - 1)),
                                y: min(max($0.y - Double(region.y), 0), Double(region.height - 1)))
                        }
                        return box
                    }
                    lines += try models.recognize(local, in: pixels, deadline: deadline).map {
                        $0.mapped { Point(x: $0.x + Double(region.x), y: $0.y + Double(region.y)) }
                    }
                }
                seconds[0] += Self.seconds(since: started)
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            throw EngineError.failed(engine: "ppocr", detail: "\(error)")
        }
        var items = Array(repeating: [OCRItem](), count: views.count)
        for line in lines {
            let item = Self.item(line)
            let owner = views.firstIndex { $0.core.contains(x: item.itemcoord.centerX, y: item.itemcoord.centerY) } ?? 0
            items[owner].append(item)
        }
        // The tiles' shared work (reading the merged lines) is counted with the first tile.
        return views.indices.map { index in
            var record: JSONObject = ["seconds": .double(seconds[index]), "lines": .int(items[index].count)]
            if index == 0 { record["inference"] = inference.record }
            return ViewRecognition(items: items[index], record: record, transform: .identity)
        }
    }

    /// Runs the detector on `image` as RapidOCR prepares it: a side under 30 px is scaled up
    /// (never past the view limit's long side, so a 4 px strip does not become a 15000 px
    /// one), and a thin strip (30 px high or less, or wider than 8:1) gets bands above and
    /// below, so the detector sees a line among margins instead of a line filling its input.
    /// Boxes are in `pixels`, which are `image` enlarged by `scale`.
    static func detect(in image: VImage, with models: PPOCR, deadline: Deadline) throws -> (boxes: [DetectedText], pixels: RGBImage, scale: Double) {
        var image = image
        let upscale = min(
            max(1, 30 / Double(min(image.width, image.height))),
            max(1, Double(ViewLimits.ppocr.maxSide) / Double(max(image.width, image.height))))
        if upscale > 1 { image = try image.resized(horizontal: upscale, vertical: upscale) }
        let rgb = try Self.rgb(image)
        var detected = image
        var band = 0
        if image.height <= 30 || Double(image.width) / Double(image.height) > 8 {
            band = abs(max(image.width / 8, 30) * 2 - image.height) / 2
            detected = try image.embeddedOnWhite(x: 0, y: band, width: image.width, height: image.height + 2 * band)
        }
        let size = models.detector.inputSize(width: detected.width, height: detected.height)
        let scaled = try Self.rgb(
            detected.resized(
                horizontal: Double(size.width) / Double(detected.width),
                vertical: Double(size.height) / Double(detected.height)))
        var boxes = try models.detector.detect(scaled: scaled, originalWidth: detected.width, originalHeight: detected.height, deadline: deadline)
        for index in boxes.indices {
            boxes[index].quad.corners = boxes[index].quad.corners.map {
                Point(x: min(max($0.x, 0), Double(rgb.width - 1)), y: min(max($0.y - Double(band), 0), Double(rgb.height - 1)))
            }
        }
        return (boxes.filter { $0.quad.height >= 2 && $0.quad.width >= 2 }, rgb, upscale)
    }

    /// The whole of `image` as one line to read.
    static func wholeLine(_ image: VImage) -> DetectedText {
        let (right, bottom) = (Double(image.width - 1), Double(image.height - 1))
        return DetectedText(quad: Quad([Point(x: 0, y: 0), Point(x: right, y: 0), Point(x: right, y: bottom), Point(x: 0, y: bottom)]), score: 1)
    }

    static func seconds(since start: Date) -> Double { rounded(Date().timeIntervalSince(start)) }

    /// Seconds to the millisecond, as records show them.
    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    /// 8-bit sRGB pixels of a view, exactly `width × height × 3` bytes.
    static func rgb(_ image: VImage) throws -> RGBImage {
        var image = image
        if image.bands == 1 || image.bands == 2 { image = try image.colourspace(.srgb) }
        if image.bands > 3 { image = try image.extractingBands(first: 0, count: 3) }
        if image.bandFormat != .uchar { image = try image.cast(to: .uchar, shift: false) }
        let bytes = try image.pixelBytes()
        return RGBImage(width: image.width, height: image.height, bytes: [UInt8](bytes))
    }

    /// A line as the service's item: the box around its ink (else the detector's box), and each
    /// non-space character with its confidence (0–100) and a box estimated from the
    /// recogniser's steps, kept within the line's box.
    static func item(_ line: PPOCRLine) -> OCRItem {
        let box = Self.box(line.ink ?? line.quad)
        var words: [OCRWord] = []
        var spaceBefore = false
        for character in line.text.characters {
            if character.text.allSatisfy(\.isWhitespace) { spaceBefore = true; continue }
            var characterBox = characterBox(character, in: line)
            if line.ink != nil { characterBox = characterBox.intersection(box) ?? characterBox }
            words.append(
                OCRWord(
                    character: character.text, confidence: Double(character.confidence) * 100,
                    box: characterBox, followsSpace: spaceBefore))
            spaceBefore = false
        }
        let text = line.text.text.trimmingCharacters(in: .whitespaces)
        return OCRItem(itemstring: text, itemcoord: box, words: words, polygon: polygon(line))
    }

    /// The line's corners in reading order (see ``OCRItem/polygon``): around its ink where it is
    /// upright, else the detector's quadrilateral, started where the text starts.
    static func polygon(_ line: PPOCRLine) -> [PixelPoint] {
        let quad = line.ink ?? line.quad
        let corners: [Point] =
            switch (line.vertical, line.turned) {
            case (false, false): [quad.topLeft, quad.topRight, quad.bottomRight, quad.bottomLeft]
            case (false, true): [quad.bottomRight, quad.bottomLeft, quad.topLeft, quad.topRight]
            // Read turned 90° counter-clockwise: the text's top is the column's right side.
            case (true, false): [quad.topRight, quad.bottomRight, quad.bottomLeft, quad.topLeft]
            case (true, true): [quad.bottomLeft, quad.topLeft, quad.topRight, quad.bottomRight]
            }
        return corners.map { PixelPoint(x: $0.x, y: $0.y) }
    }

    /// The pixel box around a quad.
    static func box(_ quad: Quad) -> Box {
        let bounds = quad.bounds
        return Box(
            x: Int(bounds.minX.rounded()), y: Int(bounds.minY.rounded()),
            width: max(1, Int((bounds.maxX - bounds.minX).rounded())), height: max(1, Int((bounds.maxY - bounds.minY).rounded())))
    }

    /// Where a character is: its share of the line along the reading direction.
    static func characterBox(_ character: RecognizedCharacter, in line: PPOCRLine) -> Box {
        var start = character.start, end = character.end
        if line.turned { (start, end) = (1 - end, 1 - start) }
        let corners: [Point]
        if line.vertical {
            // Read turned 90° counter-clockwise: the crop's x runs down the quad.
            corners = [line.quad.point(u: 0, v: start), line.quad.point(u: 1, v: start), line.quad.point(u: 1, v: end), line.quad.point(u: 0, v: end)]
        } else {
            corners = [line.quad.point(u: start, v: 0), line.quad.point(u: end, v: 0), line.quad.point(u: end, v: 1), line.quad.point(u: start, v: 1)]
        }
        return box(Quad(corners))
    }
}

/// Where PP-OCR's models and ONNX Runtime's library are: parameters of the `ppocr` engine and
/// of the `orient` stage, declared once here.
public struct PPOCRInstallation: ParameterGroup {
    @Param(
        "model_folder",
        help: "folder holding \(PPOCR.detectionModel), \(PPOCR.recognitionModel), \(PPOCR.classifierModel) and \(PageOrientationClassifier.model)")
    public var modelFolder = PPOCRRecognizer.defaultModelFolder
    @Param("onnxruntime", help: "ONNX Runtime's C library (libonnxruntime.so.1)")
    public var library = OnnxRuntime.defaultLibrary

    public init() {}
}
