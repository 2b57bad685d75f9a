import PPOCRKit
import Testing

/// Joining the pieces DB cut one line into, without joining text columns.
@Suite struct LineFragmentsTests {
    /// An upright detector box: ink `height` high plus the detector's margin around it.
    static func box(_ x: Double, _ y: Double, _ width: Double, _ height: Double) -> DetectedText {
        DetectedText(quad: Quad([Point(x: x, y: y), Point(x: x + width, y: y), Point(x: x + width, y: y + height), Point(x: x, y: y + height)]), score: 0.9)
    }

    @Test func lettersSpacedAcrossALabelAreOneLine() {
        // "名   称" on a form: two boxes 64 px high, 20 px apart.
        let joined = LineFragments.joined([Self.box(100, 100, 70, 64), Self.box(190, 102, 70, 64)])
        #expect(joined.count == 1)
        #expect(joined.first.map { $0.quad.bounds.minX == 100 && $0.quad.bounds.maxX == 260 } == true)
    }

    @Test func aNarrowGutterKeepsTwoColumnsApart() {
        // Two columns of a magazine page, their boxes 55–66 px high, the gutter 51 px between boxes.
        let joined = LineFragments.joined([Self.box(274, 923, 973, 66), Self.box(1298, 923, 978, 66)])
        #expect(joined.count == 2)
    }
}
