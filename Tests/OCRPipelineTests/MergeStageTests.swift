import Foundation
import Testing
import VipsKit

@testable import OCRPipeline

/// Merging without an engine: views with hand-made items, as two tiles would report them.
@Suite struct MergeStageTests {
    static let blank = try! VImage.black(width: 10, height: 10)

    /// An item whose characters are `width` pixels wide each, starting at x in view pixels.
    static func item(_ text: String, x: Int, y: Int, charWidth: Int = 20, height: Int = 30) -> OCRItem {
        var words: [OCRWord] = []
        var cursor = x
        var space = false
        for character in text {
            if character == " " { cursor += charWidth / 2; space = true; continue }
            words.append(
                OCRWord(character: String(character), confidence: 90, box: Box(x: cursor, y: y, width: charWidth, height: height), followsSpace: space))
            cursor += charWidth
            space = false
        }
        return OCRItem(itemstring: text, itemcoord: Box(x: x, y: y, width: cursor - x, height: height), words: words)
    }

    /// A 1000×1000 tile at (x, y) owning `core` (by default all of its region).
    static func view(_ index: Int, x: Int, y: Int = 0, core: Box? = nil, items: [OCRItem]) -> View {
        var view = View(
            index: index, region: Box(x: x, y: y, width: 1000, height: 1000), core: core,
            transform: ViewTransform(offsetX: x, offsetY: y), image: blank)
        view.items = items
        return view
    }

    // Two tiles side by side, [0, 1000) and [800, 1800), whose cores meet at 900; and the same stacked.
    static func left(items: [OCRItem]) -> View { view(0, x: 0, core: Box(x: 0, y: 0, width: 900, height: 1000), items: items) }
    static func right(items: [OCRItem]) -> View { view(1, x: 800, core: Box(x: 900, y: 0, width: 900, height: 1000), items: items) }
    static func top(items: [OCRItem]) -> View { view(0, x: 0, y: 0, core: Box(x: 0, y: 0, width: 1000, height: 900), items: items) }
    static func bottom(items: [OCRItem]) -> View { view(1, x: 0, y: 800, core: Box(x: 0, y: 900, width: 1000, height: 900), items: items) }

    @Test func lineCutByAVerticalTileBorderComesOutWhole() {
        // Tiles [0, 1000) and [800, 1800): the overlap 800–1000 is split at 900.
        // "ABCDEFGHIJKLMNOPQRST" spans x 600–1000 in full; tile 0 sees it cut at its right edge
        // (last glyph garbled), tile 1 sees "KLMNOPQRST…" from x 800.
        let left = Self.item("ABCDEFGHIJKLMNOPQRS?", x: 600, y: 100)
        let right = Self.item("KLMNOPQRSTUVWXYZ", x: 0, y: 100)
        let outcome = TileMerger.merge([Self.left(items: [left]), Self.right(items: [right])], tiled: true)
        #expect(outcome.items.map(\.itemstring) == ["ABCDEFGHIJKLMNOPQRSTUVWXYZ"])
        #expect(outcome.items.first?.itemcoord == Box(x: 600, y: 100, width: 520, height: 30))
        #expect(outcome.joined == 1)
    }

    @Test func lineInsideTheOverlapIsKeptOnce() {
        // A short line wholly inside the horizontal overlap (rows [0,1000) and [800,1800)).
        let top = Self.item("overlap line", x: 100, y: 880 - 0)
        let bottom = Self.item("overlap line", x: 100, y: 80)
        let outcome = TileMerger.merge([Self.top(items: [top]), Self.bottom(items: [bottom])], tiled: true)
        #expect(outcome.items.map(\.itemstring) == ["overlap line"])
        #expect(outcome.items.first?.itemcoord.y == 880)
    }

    @Test func lineOnTheSeamIsNeitherLostNorDoubled() {
        // Its centre (y 900 ± 1) sits on the seam; each tile reads it a pixel differently.
        let top = Self.item("seam line", x: 100, y: 886)
        let bottom = Self.item("seam line", x: 100, y: 84)
        let outcome = TileMerger.merge([Self.top(items: [top]), Self.bottom(items: [bottom])], tiled: true)
        #expect(outcome.items.map(\.itemstring) == ["seam line"])
    }

    @Test func mapsScaledViewsBackToOriginalPixels() {
        var view = Self.view(0, x: 0, items: [Self.item("abc", x: 50, y: 20)])
        view.transform = ViewTransform(offsetX: 0, offsetY: 0, scaleX: 0.5, scaleY: 0.5)
        let outcome = TileMerger.merge([view], tiled: false)
        #expect(outcome.items.first?.itemcoord == Box(x: 100, y: 40, width: 120, height: 60))
    }

    @Test func itemsWithoutCharacterBoxesAreSplitByEstimate() {
        // As the service answers: words without coordinates.
        // The left tile reads the line to its edge, the right tile from its own edge.
        func withoutBoxes(_ item: OCRItem) -> OCRItem {
            var copy = item
            copy.words = item.words.map { OCRWord(character: $0.character, confidence: $0.confidence, followsSpace: $0.followsSpace) }
            return copy
        }
        let left = withoutBoxes(Self.item("HELLO WOR", x: 800, y: 10))
        let right = withoutBoxes(Self.item("LO WORLD", x: 50, y: 10))
        let outcome = TileMerger.merge([Self.left(items: [left]), Self.right(items: [right])], tiled: true)
        #expect(outcome.items.map(\.itemstring) == ["HELLO WORLD"])
        #expect(outcome.joined == 1)
    }

    @Test func textOnlyOneTileReadIsKeptWhole() {
        // The right tile owns x ≥ 900 but read nothing there: the left tile's characters stay.
        let left = Self.item("HELLO WORLD", x: 800, y: 10)
        let outcome = TileMerger.merge([Self.left(items: [left]), Self.right(items: [])], tiled: true)
        #expect(outcome.items.map(\.itemstring) == ["HELLO WORLD"])
    }

    @Test func readingOrderIsBandsThenLeftToRight() {
        let items = [Self.item("c", x: 10, y: 200), Self.item("b", x: 300, y: 12), Self.item("a", x: 10, y: 10)]
        #expect(ReadingOrder.sorted(items).map(\.itemstring) == ["a", "b", "c"])
    }
}
