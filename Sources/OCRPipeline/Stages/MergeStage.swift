/// `merge`: maps every view's items into the upright original image's pixels (undoing fit's
/// scale, adding the tile's offset); for tiles, keeps each character once (each tile owns the
/// core of its area, overlaps split down the middle), joins lines cut by tile borders, drops
/// remaining duplicates, restores reading order and numbers paragraphs.
public struct MergeStage: DeclaredStage {
    /// How merged items are ordered.
    public enum Order: String, ParameterChoice {
        /// The engine's own order for a whole image when it analyses layout, else columns.
        case auto
        /// Text columns one after the other, line bands within (``ReadingOrder/columns(_:)``).
        case columns
        /// Top to bottom, left to right across the page.
        case bands
        /// As recognised.
        case engine
    }

    @Param(
        "reading_order",
        help:
            "auto: the engine's own order for a whole image when it analyses layout (tesseract), else columns; columns: text columns one after the other, line bands within; bands: top to bottom, left to right across the page; engine: as recognised"
    )
    public var readingOrder = Order.auto
    /// The pipeline's engine puts lines in reading order itself (it analyses the layout).
    public var engineOrdersLines = false

    public static let descriptor = StageDescriptor(
        Self.self, type: "merge",
        summary: "Maps items to original coordinates, removes tile-overlap duplicates, joins cut lines, restores reading order.",
        needs: [.viewItems], provides: [.items]
    ) { stage, context in
        stage.engineOrdersLines = context.engine?.ordersLines ?? false
    }
    .explaining { (stage: MergeStage, job) in
        ["would_merge_views": .int(job.views.count), "reading_order": .string(stage.readingOrder.rawValue)]
    }

    public init() {}

    public func process(_ job: inout Job, context: StageContext) async throws {
        guard !job.views.isEmpty, job.status != nil else { throw PipelineOrderError.missingItems(stage: "merge") }
        let tiled = job.isTiled
        let outcome = TileMerger.merge(job.views, tiled: tiled && !job.tilesReadTogether)
        // A PDF page's own text comes in the order its reader (poppler) put it.
        let ordered = (engineOrdersLines || job.pageText != nil) && !tiled
        let order: Order = readingOrder == .auto ? (ordered ? .engine : .columns) : readingOrder
        let blocks: [[OCRItem]] =
            switch order {
            case .bands: [ReadingOrder.sorted(outcome.items)]
            case .columns, .auto: ReadingOrder.blocks(outcome.items)
            case .engine: [outcome.items]
            }
        job.items = Paragraphs.numbered(blocks)
        job.status = job.items.isEmpty ? .noText : .ok
        job[record: "views"] = .int(job.views.count)
        job[record: "items_in"] = .int(job.views.reduce(0) { $0 + $1.items.count })
        if tiled && !job.tilesReadTogether {
            job[record: "outside_core_dropped"] = .int(outcome.dropped)
            job[record: "cut_lines_joined"] = .int(outcome.joined)
            job[record: "duplicates_removed"] = .int(outcome.duplicates)
        }
        job[record: "reading_order"] = .string(order.rawValue)
        job[record: "paragraphs"] = .int(job.items.last?.paragraph ?? 0)
        job[record: "items"] = .int(job.items.count)
    }
}
