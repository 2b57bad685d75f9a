import Testing

@testable import OCRPipeline

/// Reading order for engines without layout: columns, headings, captions, vertical text.
@Suite struct ReadingOrderTests {
    static func item(_ text: String, _ x: Int, _ y: Int, _ width: Int, height: Int = 30) -> OCRItem {
        OCRItem(itemstring: text, itemcoord: Box(x: x, y: y, width: width, height: height), words: [])
    }

    @Test func tablesStayRowByRow() {
        // A three-column table of short cells: rows, not columns.
        let table = (0..<5).flatMap { row in
            [
                Self.item("name \(row)", 50, 100 + row * 50, 120), Self.item("qty \(row)", 400, 100 + row * 50, 60),
                Self.item("price \(row)", 700, 100 + row * 50, 90),
            ]
        }
        #expect(ReadingOrder.columns(table.shuffled()).map(\.itemstring) == table.map(\.itemstring))
    }

    @Test func headingsCutColumnsAndCaptionsInTheGutterComeAfter() {
        // A heading across both columns, two text columns, a caption set in the gutter between their lines.
        let heading = Self.item("heading", 100, 20, 1500)
        let left = (0..<8).map { Self.item("left \($0)", 60, 100 + $0 * 45, 700) }
        let right = (0..<8).map { Self.item("right \($0)", 840, 110 + $0 * 45, 700) }
        let caption = Self.item("caption", 700, 250, 200)
        let page = [heading] + left + right + [caption]
        #expect(ReadingOrder.columns(page.shuffled()).map(\.itemstring) == page.map(\.itemstring))
    }

    @Test func aCentredTitleOverTheGutterIsReadFirst() {
        // A short title centred over the gutter, with nothing beside it: a heading, not a caption.
        let title = Self.item("title", 650, 20, 240)
        let left = (0..<8).map { Self.item("left \($0)", 60, 120 + $0 * 45, 700) }
        let right = (0..<8).map { Self.item("right \($0)", 840, 120 + $0 * 45, 700) }
        let page = [title] + left + right
        #expect(ReadingOrder.columns(page.shuffled()).map(\.itemstring) == page.map(\.itemstring))
    }

    @Test func verticalColumnsAreReadRightToLeft() {
        // Three columns of vertical text (as a woodblock page or a shop sign prints them).
        let columns = [
            Self.item("右列文字", 600, 50, 60, height: 400), Self.item("中列文字", 350, 55, 60, height: 390),
            Self.item("左列文字", 100, 50, 60, height: 400),
        ]
        #expect(ReadingOrder.columns(columns.shuffled()).map(\.itemstring) == columns.map(\.itemstring))
    }

    @Test func aVerticalLabelIsReadBeforeTheLinesBesideIt() {
        // A label set down the left of a box of lines ("重要提示" beside a notice) comes first.
        let label = Self.item("重要提示", 40, 95, 40, height: 200)
        let lines = (0..<4).map { Self.item("notice line \($0)", 120, 100 + $0 * 48, 600) }
        let footer = Self.item("signed", 120, 400, 200)
        let page = [label] + lines + [footer]
        #expect(ReadingOrder.sorted(page.shuffled()).map(\.itemstring) == page.map(\.itemstring))
    }

    @Test func aFormsLabelsAndValuesAreReadRowByRow() {
        // A boarding pass: two halves of label–value pairs with a wide gap between them, every
        // value a few words (the halves look like columns, but hold no running text).
        let rows = [
            ("NAME", "ZHANG SAN", "FLIGHT", "CA 1234"), ("FROM", "BEIJING", "GATE", "B12"), ("TO", "SHANGHAI", "SEAT", "32K"),
            ("DATE", "07 DEC", "BOARDING", "09:40"),
        ]
        let form = rows.enumerated().flatMap { index, row in
            let y = 100 + index * 70
            return [Self.item(row.0, 60, y, 120), Self.item(row.1, 220, y, 200), Self.item(row.2, 900, y, 150), Self.item(row.3, 1080, y, 120)]
        }
        #expect(ReadingOrder.columns(form.shuffled()).map(\.itemstring) == form.map(\.itemstring))
    }

    @Test func aTableWithALongNameColumnStaysRowByRow() {
        // A shareholder table: holders' names as long as a short line, then numbers.
        let table = (0..<6).flatMap { row in
            [
                Self.item("Holder number \(row) Investment Ltd", 60, 100 + row * 50, 420), Self.item("1,2\(row)0,000", 800, 100 + row * 50, 110),
                Self.item("\(row).5%", 1000, 100 + row * 50, 60),
            ]
        }
        #expect(ReadingOrder.columns(table.shuffled()).map(\.itemstring) == table.map(\.itemstring))
    }

    @Test func twoParagraphsAreNumberedApartAndColumnsStartTheirOwn() {
        // A heading, a paragraph of three lines, a gap, a paragraph of two; then the same beside it.
        func column(_ name: String, x: Int) -> [OCRItem] {
            [Self.item("\(name) heading", x, 40, 300, height: 50)]
                + (0..<3).map { Self.item("\(name) first \($0)", x, 130 + $0 * 42, 700) }
                + (0..<2).map { Self.item("\(name) second \($0)", x, 300 + $0 * 42, 700) }
        }
        let page = column("left", x: 60) + column("right", x: 840)
        let blocks = ReadingOrder.blocks(page.shuffled())
        let numbered = Paragraphs.numbered(blocks)
        #expect(numbered.map(\.itemstring) == page.map(\.itemstring))
        #expect(numbered.map { $0.paragraph ?? 0 } == [1, 2, 2, 2, 3, 3, 4, 5, 5, 5, 6, 6])
        // Cells of one table row share their paragraph.
        let table = (0..<3).flatMap { row in [Self.item("key \(row)", 50, 100 + row * 44, 100), Self.item("value \(row)", 400, 100 + row * 44, 100)] }
        #expect(Paragraphs.numbered(ReadingOrder.blocks(table)).map { $0.paragraph ?? 0 } == [1, 1, 1, 1, 1, 1])
    }
}
