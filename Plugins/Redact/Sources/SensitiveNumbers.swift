import Foundation

/// Finds personal numbers in a line of text, by pattern and, where the number has one, by its
/// check digit, so that an invoice number is not mistaken for a card.
enum SensitiveNumbers {
    struct Match: Equatable {
        var kind: RedactStage.Kind
        /// Character offsets in the text.
        var range: Range<Int>
    }

    static func find(in text: String, kinds: Set<RedactStage.Kind>) -> [Match] {
        var matches: [Match] = []
        let characters = Array(text)
        // Digit runs, allowing the spaces and dashes people write numbers with.
        for run in digitRuns(characters) {
            let digits = run.digits
            if kinds.contains(.idNumber), digits.count == 18, isResidentID(digits) {
                matches.append(Match(kind: .idNumber, range: run.range))
            } else if kinds.contains(.phone), isMobile(digits) {
                matches.append(Match(kind: .phone, range: run.range))
            } else if kinds.contains(.bankCard), (13...19).contains(digits.count), passesLuhn(digits) {
                matches.append(Match(kind: .bankCard, range: run.range))
            }
        }
        if kinds.contains(.email) {
            let pattern = try! NSRegularExpression(pattern: "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")
            let nsText = text as NSString
            for result in pattern.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
                // Convert UTF-16 offsets to character offsets.
                let prefix = nsText.substring(to: result.range.location).count
                let length = nsText.substring(with: result.range).count
                matches.append(Match(kind: .email, range: prefix..<prefix + length))
            }
        }
        return matches
    }

    /// Runs of digits (and a final X for IDs), joined across single spaces or dashes.
    static func digitRuns(_ characters: [Character]) -> [(digits: [Character], range: Range<Int>)] {
        var runs: [(digits: [Character], range: Range<Int>)] = []
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber else { index += 1; continue }
            let start = index
            var digits: [Character] = []
            var end = index
            while index < characters.count {
                let character = characters[index]
                if character.isASCII && character.isNumber {
                    digits.append(character)
                    end = index + 1
                    index += 1
                } else if (character == "X" || character == "x") && digits.count == 17 {
                    digits.append("X")
                    end = index + 1
                    index += 1
                    break
                } else if character == " " || character == "-", index + 1 < characters.count, characters[index + 1].isASCII, characters[index + 1].isNumber {
                    index += 1
                } else {
                    break
                }
            }
            runs.append((digits, start..<end))
        }
        return runs
    }

    /// A mainland China mobile number: 11 digits starting 13–19, optionally after +86/86.
    static func isMobile(_ digits: [Character]) -> Bool {
        var number = digits
        if number.count == 13, number.starts(with: ["8", "6"]) { number.removeFirst(2) }
        return number.count == 11 && number[0] == "1" && ("3"..."9").contains(number[1])
    }

    /// GB 11643: 17 digits and a check character from the weighted sum modulo 11.
    static func isResidentID(_ digits: [Character]) -> Bool {
        guard digits.count == 18 else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (digit, weight) in zip(digits.prefix(17), weights) {
            guard let value = digit.wholeNumberValue else { return false }
            sum += value * weight
        }
        let check = Array("10X98765432")[sum % 11]
        return digits[17] == check
    }

    /// The Luhn checksum payment cards carry.
    static func passesLuhn(_ digits: [Character]) -> Bool {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            guard var value = digit.wholeNumberValue else { return false }
            if position % 2 == 1 { value *= 2; if value > 9 { value -= 9 } }
            sum += value
        }
        return sum % 10 == 0
    }
}
