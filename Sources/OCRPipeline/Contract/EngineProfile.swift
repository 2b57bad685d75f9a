/// What an engine tells the stages before it, so they prepare views it reads well: `fit`
/// budgets the request it will send, `tile` cuts images as large as it reads well.
public struct EngineProfile: Sendable {
    /// The request body it sends and the service's limit, when it calls a service.
    public var requestBody: RequestBodyModel?
    /// The largest view it reads well whole.
    public var viewLimits: ViewLimits
    /// It returns lines in reading order, columns included (it analyses the layout), so
    /// `merge` keeps its order for a whole image.
    public var ordersLines: Bool

    public init(requestBody: RequestBodyModel? = nil, viewLimits: ViewLimits = .service, ordersLines: Bool = false) {
        self.requestBody = requestBody
        self.viewLimits = viewLimits
        self.ordersLines = ordersLines
    }
}

/// When an image is better tiled than read whole.
public struct ViewLimits: Sendable, Hashable {
    /// Tile when the long side exceeds this.
    public var maxSide: Int
    /// Tile when long side / short side exceeds this.
    public var maxAspect: Double
    /// Tile when the image has more pixels than this.
    public var maxPixels: Int

    public init(maxSide: Int, maxAspect: Double, maxPixels: Int) {
        self.maxSide = maxSide
        self.maxAspect = maxAspect
        self.maxPixels = maxPixels
    }

    /// The legacy service scales dense images to about 1000×1500 and reads lines taller than
    /// 32 px best: past 4096 px, or longer than 2.5:1, text would shrink below legibility.
    public static let service = ViewLimits(maxSide: 4096, maxAspect: 2.5, maxPixels: .max)

    /// Tesseract reads any layout at full resolution and knows columns, which tiles would cut:
    /// it is better given a page whole, up to what its memory (about ten bytes a pixel) allows.
    public static let tesseract = ViewLimits(maxSide: 32_000, maxAspect: .infinity, maxPixels: 60_000_000)

    /// PP-OCR's detector reads an image with its short side at 736 px: past about 2000 px on
    /// the long side or 3:1, small text would shrink below what it finds, so such images are tiled.
    public static let ppocr = ViewLimits(maxSide: 2400, maxAspect: 3, maxPixels: 6_000_000)
}
