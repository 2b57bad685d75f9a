/// Decides which tile owns each point of the image: the one whose core contains it (tile cores
/// partition the image, see ``View/core``), or for a point outside every core the nearest core.
struct TileOwnership {
    let cores: [Box]

    func owner(x: Double, y: Double) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for (index, core) in cores.enumerated() {
            // Cores are half-open: [x, maxX) × [y, maxY).
            let dx = x < Double(core.x) ? Double(core.x) - x : (x >= Double(core.maxX) ? x - Double(core.maxX) + 0.5 : 0)
            let dy = y < Double(core.y) ? Double(core.y) - y : (y >= Double(core.maxY) ? y - Double(core.maxY) + 0.5 : 0)
            let distance = dx + dy
            if distance < bestDistance { bestDistance = distance; best = index }
            if distance == 0 { return index }
        }
        return best
    }
}
