import VipsKit

/// Draws a job's result on its upright image: every item's box in red, the job's masks filled
/// black and, for tiled jobs, the tile grid in blue, scaled down so the picture is easy to view.
enum OverlayRenderer {
    static func render(_ job: Job, maxPixels: Int) throws -> VImage {
        let upright = try job.requireUpright()
        let size = upright.size
        let scale = min(1, (Double(maxPixels) / Double(size.pixels)).squareRoot())
        var base = upright.image
        if scale < 1 { base = try base.resized(horizontal: scale, vertical: scale) }
        if base.bands == 1 { base = try base.colourspace(.srgb) }
        let canvas = try base.copiedToMemory()
        let thickness = max(2, Int((Double(min(canvas.width, canvas.height)) / 600).rounded()))
        func draw(_ box: Box, _ colour: (Double, Double, Double)) throws {
            let scaled = PixelBox(
                x: Int(Double(box.x) * scale), y: Int(Double(box.y) * scale),
                width: max(1, Int(Double(box.width) * scale)), height: max(1, Int(Double(box.height) * scale)))
            for inset in 0..<thickness {
                try canvas.draw(
                    rectangle: PixelBox(x: scaled.x - inset, y: scaled.y - inset, width: scaled.width + 2 * inset, height: scaled.height + 2 * inset),
                    red: colour.0, green: colour.1, blue: colour.2, fill: false)
            }
        }
        if job.isTiled {
            for view in job.views { try draw(view.region, (40, 90, 255)) }
        }
        for mask in job.masks {
            try canvas.draw(
                rectangle: PixelBox(
                    x: Int(Double(mask.x) * scale), y: Int(Double(mask.y) * scale),
                    width: max(1, Int((Double(mask.width) * scale).rounded(.up))), height: max(1, Int((Double(mask.height) * scale).rounded(.up)))),
                red: 0, green: 0, blue: 0, fill: true)
        }
        for item in job.items { try draw(item.itemcoord, (230, 20, 20)) }
        return canvas
    }
}
