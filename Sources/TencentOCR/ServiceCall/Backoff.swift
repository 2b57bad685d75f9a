import Foundation

/// Full-jitter exponential backoff: before retry n (from 1), wait a random time in
/// [0, min(cap, base × 2ⁿ⁻¹)]. Spreads clients out instead of retrying in lockstep.
struct Backoff: Sendable {
    var base: Double = 0.25
    var cap: Double = 20

    func delay(beforeRetry attempt: Int) -> Double {
        Double.random(in: 0...min(cap, base * pow(2, Double(attempt - 1))))
    }
}
