import Testing

@testable import PPOCRKit

/// The recogniser's per-step best class: the first of equal maxima, wherever it falls.
@Suite struct ArgmaxTests {
    static func argmax(_ values: [Float]) -> (index: Int, value: Float) {
        values.withUnsafeBufferPointer { TextRecognizer.argmax($0) }
    }

    @Test func findsTheLargestInTheVectorPartAndInTheTail() {
        var values = [Float](repeating: 0.001, count: 18_710)
        values[9_001] = 0.7
        #expect(Self.argmax(values) == (9_001, 0.7))
        values[18_709] = 0.8
        #expect(Self.argmax(values) == (18_709, 0.8))
    }

    @Test func theFirstOfEqualMaximaWinsAcrossLanesChunksAndTail() {
        var values = [Float](repeating: -1, count: 43)
        for index in [42, 30, 17, 9] { values[index] = 0.5 }
        #expect(Self.argmax(values).index == 9)
        values[9] = -1
        #expect(Self.argmax(values).index == 17)
        values[17] = -1
        values[30] = -1
        #expect(Self.argmax(values).index == 42)
    }

    @Test func shortAndNegativeInputs() {
        #expect(Self.argmax([-3, -2, -5]) == (1, -2))
        #expect(Self.argmax([-4, -4, -4, -4, -4, -4, -4, -4, -4]) == (0, -4))
    }
}
