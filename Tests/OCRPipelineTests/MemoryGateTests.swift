import Foundation
import Testing
@testable import OCRPipeline

@Suite struct MemoryGateTests {
    @Test func aJobWaitsUntilItsPixelsFit() async throws {
        let gate = MemoryGate(capacity: 100)
        let first = MemoryReservation(gate: gate), second = MemoryReservation(gate: gate)
        await first.reserve(pixels: 60)
        let admitted = Recorder<String>()
        let waiting = Task {
            await second.reserve(pixels: 60)
            admitted.append("second")
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(admitted.values.isEmpty, "60 + 60 exceeds the capacity of 100")
        await first.releaseAll()
        await waiting.value
        #expect(admitted.values == ["second"])
        await second.releaseAll()
    }

    @Test func aJobLargerThanTheCapacityRunsAlone() async throws {
        let gate = MemoryGate(capacity: 100)
        let admitted = Recorder<String>()
        let jobs = Task {
            let giant = MemoryReservation(gate: gate)
            await giant.reserve(pixels: 1_000_000)  // clamped to the capacity: admitted when alone
            admitted.append("giant")
            await giant.releaseAll()
            let next = MemoryReservation(gate: gate)
            await next.reserve(pixels: 100)
            admitted.append("next")
            await next.releaseAll()
        }
        for _ in 0..<100 where admitted.values.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(admitted.values == ["giant", "next"], "a job larger than the gate must still run, alone")
        jobs.cancel()
    }
}
