import Foundation
import Testing

@testable import OCRPipeline

@Suite struct MemoryGateTests {
    @Test func aJobWaitsUntilItsPixelsFit() async throws {
        let gate = MemoryGate(capacity: 100)
        let first = MemoryReservation(gate: gate), second = MemoryReservation(gate: gate)
        try await first.reserve(pixels: 60)
        let admitted = Recorder<String>()
        let waiting = Task {
            try await second.reserve(pixels: 60)
            admitted.append("second")
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(admitted.values.isEmpty, "60 + 60 exceeds the capacity of 100")
        first.releaseAll()
        try await waiting.value
        #expect(admitted.values == ["second"])
        second.releaseAll()
    }

    @Test func aJobLargerThanTheCapacityRunsAlone() async throws {
        let gate = MemoryGate(capacity: 100)
        let admitted = Recorder<String>()
        let jobs = Task {
            let giant = MemoryReservation(gate: gate)
            try await giant.reserve(pixels: 1_000_000)  // clamped to the capacity: admitted when alone
            admitted.append("giant")
            giant.releaseAll()
            let next = MemoryReservation(gate: gate)
            try await next.reserve(pixels: 100)
            admitted.append("next")
            next.releaseAll()
        }
        for _ in 0..<100 where admitted.values.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(admitted.values == ["giant", "next"], "a job larger than the gate must still run, alone")
        jobs.cancel()
    }
}

/// The one async semaphore behind every queue: order, cancellation, deadlines.
@Suite struct AsyncSemaphoreTests {
    @Test func waitersAreServedInOrderAndCanLeave() async throws {
        let semaphore = AsyncSemaphore(capacity: 2)
        try await semaphore.acquire(2)
        let order = Recorder<String>()
        let first = Task {
            try await semaphore.acquire(2); order.append("first")
        }
        while semaphore.waiting < 1 { try await Task.sleep(for: .milliseconds(5)) }
        let second = Task {
            try await semaphore.acquire(1); order.append("second")
        }
        let cancelled = Task {
            try await semaphore.acquire(1); order.append("cancelled")
        }
        while semaphore.waiting < 3 { try await Task.sleep(for: .milliseconds(5)) }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        // A deadline ends the wait too.
        await #expect(throws: AsyncSemaphore.TimedOut.self) { try await semaphore.acquire(1, deadline: .now + .milliseconds(50)) }
        #expect(semaphore.waiting == 2 && !semaphore.tryAcquire())
        semaphore.release(2)
        try await first.value
        #expect(order.values == ["first"])  // the second waits behind the first, though one unit would do
        semaphore.release(2)
        try await second.value
        #expect(order.values == ["first", "second"])
        semaphore.release(1)
        #expect(semaphore.available == 2)
    }
}
