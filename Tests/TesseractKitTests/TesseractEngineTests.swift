import Foundation
import SyntheticImages
import Testing
import VipsKit

@testable import TesseractKit

@Suite struct TesseractEngineTests {
    static func recognize(_ rendered: SyntheticImages.Rendered, languages: String = "chi_sim+eng") throws -> [TextLine] {
        let grey = try rendered.image.colourspace(.grey)
        let engine = try TesseractEngine(languages: languages)
        return try engine.recognize(pixels: try grey.pixelBytes(), width: grey.width, height: grey.height, bytesPerPixel: 1)
    }

    @Test func readsLatinAndChineseLinesWithBoxes() throws {
        let page = try SyntheticImages.page(
            width: 1000, height: 300,
            lines: [
                ("Quarterly report 2024", 40, 40, 40),
                ("明天上午十点开会", 40, 160, 40),
            ])
        let lines = try Self.recognize(page)
        #expect(lines.map(\.text) == ["Quarterly report 2024", "明天上午十点开会"])
        for (line, drawn) in zip(lines, page.lines) {
            #expect(abs(line.box.x - drawn.box.x) <= 4 && abs(line.box.y - drawn.box.y) <= 4)
            #expect(abs(line.box.width - drawn.box.width) <= 8 && abs(line.box.height - drawn.box.height) <= 8)
            #expect(line.symbols.allSatisfy { (0...100).contains($0.confidence) })
        }
        #expect(lines[1].symbols.count == 8)
    }

    @Test func cjkGapsHaveNoSpacesButLatinWordsDo() {
        func symbol(_ text: String, word: Bool) -> Symbol {
            Symbol(text: text, box: PixelRect(x: 0, y: 0, width: 1, height: 1), confidence: 90, startsWord: word)
        }
        let line = TextLine(
            box: PixelRect(x: 0, y: 0, width: 1, height: 1),
            symbols: [
                symbol("第", word: true), symbol("3", word: true), symbol("条", word: true), symbol("消", word: false),
                symbol("a", word: true), symbol("b", word: false), symbol("c", word: true), symbol("：", word: true), symbol("x", word: true),
            ])
        #expect(line.text == "第3条消ab c：x")
    }

    @Test func missingLanguageIsATypedError() {
        #expect(throws: TesseractError.missingLanguages(["xyz"], folder: TesseractEngine.defaultDataPath)) {
            _ = try TesseractEngine(languages: "eng+xyz")
        }
    }

    @Test func pixelsTesseractCannotTakeAreATypedErrorNotATimeOut() throws {
        let engine = try TesseractEngine(languages: "eng")
        #expect(throws: TesseractError.unsupportedPixels(bytesPerPixel: 6)) {
            _ = try engine.recognize(pixels: Data(count: 60 * 6), width: 10, height: 6, bytesPerPixel: 6, timeout: 300)
        }
    }

    @Test func blankImageHasNoLines() throws {
        let blank = try SyntheticImages.page(width: 600, height: 400, lines: [])
        #expect(try Self.recognize(blank).isEmpty)
    }
}
