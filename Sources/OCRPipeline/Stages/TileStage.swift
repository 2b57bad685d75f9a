/// `tile`: cuts an image that is too large or too elongated to send whole into overlapping
/// tiles of equal size, so its text keeps its pixel height. Edge tiles are shifted back
/// inside the image (as SAHI does), so every tile has full size.
public struct TileStage: Stage {
    public static let size = Parameter.integer("size", default: 2000, range: 256...16384,
        help: "tile width and height in upright pixels (shorter sides are kept whole)")
    public static let overlap = Parameter.integer("overlap", default: 200, range: 0...8192,
        help: "pixels shared by neighbouring tiles; at least twice the tallest text line")
    public static let mode = Parameter.choice("mode", ["auto", "always", "never"], default: "auto",
        help: "auto tiles only images over max_side or max_aspect; always tiles anything bigger than one tile")
    public static let maxSide = Parameter.integer("max_side", default: 4096, range: 256...1 << 20,
        help: "auto mode: tile when the long side exceeds this (fitting it whole would shrink its text)")
    public static let maxAspect = Parameter.number("max_aspect", default: 2.5, range: 1...1000,
        help: "auto mode: tile when long side / short side exceeds this (long screenshots)")
    public static let seams = Parameter.choice("seams", ["content", "even"], default: "content",
        help: "content: move each seam, within the room the tile size leaves, to where the fewest edges are (between lines); even: split overlaps down the middle")

    public static let descriptor = StageDescriptor(
        type: "tile",
        summary: "Splits very large or very long images into overlapping tiles that each keep text legible.",
        parameters: [size.spec, overlap.spec, mode.spec, maxSide.spec, maxAspect.spec, seams.spec],
        needs: [.image], provides: [.tiles], invalidates: [.payloads, .viewItems, .items]
    ) { parameters, _ in
        let stage = TileStage(size: parameters[size], overlap: parameters[overlap], mode: parameters[mode],
                              maxSide: parameters[maxSide], maxAspect: parameters[maxAspect], contentAwareSeams: parameters[seams] == "content")
        guard stage.overlap < stage.size else {
            throw StageConfigurationError(parameter: "overlap", problem: "overlap \(stage.overlap) must be smaller than size \(stage.size)")
        }
        return stage
    }.explaining(.run)

    public let size: Int
    public let overlap: Int
    public let mode: String
    public let maxSide: Int
    public let maxAspect: Double
    public let contentAwareSeams: Bool

    public init(size: Int = 2000, overlap: Int = 200, mode: String = "auto", maxSide: Int = 4096, maxAspect: Double = 2.5, contentAwareSeams: Bool = true) {
        self.size = size
        self.overlap = overlap
        self.mode = mode
        self.maxSide = maxSide
        self.maxAspect = maxAspect
        self.contentAwareSeams = contentAwareSeams
    }

    public func process(_ job: inout Job, context: StageContext) async throws {
        let upright = try job.requireUpright(for: "tile")
        let whole = upright.size
        let aspect = Double(whole.longSide) / Double(max(1, whole.shortSide))
        let reason: String? = switch mode {
        case "never": nil
        case "always": whole.width > size || whole.height > size ? "mode always" : nil
        default:
            if whole.longSide > maxSide { "long side \(whole.longSide) > max_side \(maxSide)" }
            else if aspect > maxAspect && whole.longSide > size { "aspect \(String(format: "%.2f", aspect)) > max_aspect \(maxAspect)" }
            else { nil }
        }
        guard let reason else {
            job[record: "tiled"] = false
            job.views = [upright.wholeView()]
            return
        }
        let planners = contentAwareSeams ? try SeamPlanner.profiles(of: upright) : nil
        let columns = SeamPlanner.plan(length: whole.width, tile: size, overlap: overlap, planner: planners?.columns)
        let rows = SeamPlanner.plan(length: whole.height, tile: size, overlap: overlap, planner: planners?.rows)
        let tileWidth = min(size, whole.width), tileHeight = min(size, whole.height)
        var views: [View] = []
        for row in rows {
            for column in columns {
                let region = Box(x: column.start, y: row.start, width: tileWidth, height: tileHeight)
                let core = Box(x: column.core.lowerBound, y: row.core.lowerBound, width: column.core.count, height: row.core.count)
                let image = try upright.image.cropped(.init(x: region.x, y: region.y, width: tileWidth, height: tileHeight))
                views.append(View(index: views.count, region: region, core: core,
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
        job[record: "seams"] = .string(contentAwareSeams ? "content" : "even")
        job[record: "tiles"] = .array(views.map { ["region": $0.region.json, "core": $0.core.json] })
    }
}

import Foundation

/// A stage's parameters are individually valid but do not work together.
public struct StageConfigurationError: DescribedError {
    public var parameter: String
    public var problem: String
    public init(parameter: String, problem: String) { self.parameter = parameter; self.problem = problem }
    public var code: String { "invalid_parameters" }
    public var summary: String { problem }
    public var remedy: String { "change \(parameter) in the pipeline file" }
}
