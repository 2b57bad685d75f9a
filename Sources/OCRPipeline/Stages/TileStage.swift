import Foundation

/// `tile`: cuts an image that is too large or too elongated to read whole into overlapping
/// tiles of equal size, so its text keeps its pixel height. Edge tiles are shifted back
/// inside the image (as SAHI does), so every tile has full size.
///
/// "Too large" is the engine's to say (``ViewLimits``): the service shrinks what it gets, so
/// past 4096 px or 2.5:1 its text would turn illegible; Tesseract reads a page whole at full
/// resolution and knows its columns, which tiles would cut, so it is given pages whole up to
/// 60 megapixels. The parameters override the engine's limits.
public struct TileStage: DeclaredStage {
    /// When to tile.
    public enum Mode: String, ParameterChoice {
        /// Only images past the limits.
        case auto
        /// Anything bigger than one tile.
        case always
        /// Never.
        case never
    }

    /// Where seams go.
    public enum Seams: String, ParameterChoice {
        /// Where the fewest edges are (between lines), within the room the tile size leaves.
        case content
        /// Down the middle of each overlap.
        case even
    }

    @Param("size", range: 256...16384, help: "tile width and height in upright pixels (shorter sides are kept whole)")
    public var size = 2000
    @Param("overlap", range: 0...8192, help: "pixels shared by neighbouring tiles; at least twice the tallest text line")
    public var overlap = 200
    @Param("mode", help: "auto tiles only images past the limits below; always tiles anything bigger than one tile")
    public var mode = Mode.auto
    @Param(
        "max_side", range: 0...1 << 20,
        help: "auto mode: tile when the long side exceeds this; 0: the engine's limit (4096 for the service, 32000 for Tesseract)")
    public var maxSide = 0
    @Param(
        "max_aspect", range: 0...1000,
        help: "auto mode: tile when long side / short side exceeds this; 0: the engine's limit (2.5 for the service, none for Tesseract)")
    public var maxAspect = 0.0
    @Param(
        "max_megapixels", range: 0...100_000,
        help: "auto mode: tile when the image has more megapixels; 0: the engine's limit (none for the service, 60 for Tesseract)")
    public var maxMegapixels = 0.0
    @Param(
        "seams",
        help:
            "content: move each seam, within the room the tile size leaves, to where the fewest edges are (between lines); even: split overlaps down the middle"
    )
    public var seams = Seams.content
    /// When auto mode tiles: the engine's limits, with the parameters above over them.
    public var limits = ViewLimits.service

    public static let descriptor = StageDescriptor(
        Self.self, type: "tile",
        summary: "Splits very large or very long images into overlapping tiles that each keep text legible.",
        needs: [.image], provides: [.tiles], invalidates: [.payloads, .viewItems, .items]
    ) { stage, context in
        stage.limits = context.engine?.viewLimits ?? .service
        if stage.maxSide > 0 { stage.limits.maxSide = stage.maxSide }
        if stage.maxAspect > 0 { stage.limits.maxAspect = stage.maxAspect }
        if stage.maxMegapixels > 0 { stage.limits.maxPixels = Int(stage.maxMegapixels * 1_000_000) }
        guard stage.overlap < stage.size else {
            throw StageConfigurationError(parameter: stage.$overlap.name, problem: "overlap \(stage.overlap) must be smaller than size \(stage.size)")
        }
    }.explaining(.run)

    public init() {}

    public func process(_ job: inout Job, context: StageContext) async throws {
        let upright = try job.requireUpright()
        let whole = upright.size
        let aspect = Double(whole.longSide) / Double(max(1, whole.shortSide))
        let reason: String? =
            switch mode {
            case .never: nil
            case .always: whole.width > size || whole.height > size ? "mode always" : nil
            case .auto:
                if whole.longSide > limits.maxSide {
                    "long side \(whole.longSide) > \(limits.maxSide)"
                } else if aspect > limits.maxAspect && whole.longSide > size {
                    "aspect \(String(format: "%.2f", aspect)) > \(limits.maxAspect)"
                } else if whole.pixels > limits.maxPixels {
                    "\(ImageError.megapixels(whole.pixels)) megapixels > \(ImageError.megapixels(limits.maxPixels))"
                } else {
                    nil
                }
            }
        guard let reason else {
            job[record: "tiled"] = false
            job.views = [upright.wholeView()]
            return
        }
        let planners = seams == .content ? try SeamPlanner.profiles(of: upright) : nil
        let columns = SeamPlanner.plan(length: whole.width, tile: size, overlap: overlap, planner: planners?.columns)
        let rows = SeamPlanner.plan(length: whole.height, tile: size, overlap: overlap, planner: planners?.rows)
        let tileWidth = min(size, whole.width), tileHeight = min(size, whole.height)
        var views: [View] = []
        for row in rows {
            for column in columns {
                let region = Box(x: column.start, y: row.start, width: tileWidth, height: tileHeight)
                let core = Box(x: column.core.lowerBound, y: row.core.lowerBound, width: column.core.count, height: row.core.count)
                let image = try upright.image.cropped(.init(x: region.x, y: region.y, width: tileWidth, height: tileHeight))
                views.append(
                    View(
                        index: views.count, region: region, core: core,
                        transform: ViewTransform(offsetX: region.x, offsetY: region.y), image: image))
            }
        }
        job.views = views
        job[record: "tiled"] = true
        job[record: "reason"] = .string(reason)
        job[record: "columns"] = .int(columns.count)
        job[record: "rows"] = .int(rows.count)
        job[record: "tile_width"] = .int(tileWidth)
        job[record: "tile_height"] = .int(tileHeight)
        job[record: "overlap"] = .int(overlap)
        job[record: "seams"] = .string(seams.rawValue)
        job[record: "tiles"] = .array(views.map { ["region": $0.region.json, "core": $0.core.json] })
    }
}
