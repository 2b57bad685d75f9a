import Foundation
import Synchronization

/// Bounds how many pixels the running jobs may hold decoded at once, so a folder of giant
/// scans does not decode them all together. Jobs wait, first come first served, until their
/// share fits; a job larger than the whole capacity runs alone.
public final class MemoryGate: Sendable {
    private let pixels: AsyncSemaphore

    /// `capacity` in pixels.
    public init(capacity: Int) { pixels = AsyncSemaphore(capacity: capacity) }

    public var capacity: Int { pixels.capacity }

    /// A capacity of a quarter of physical memory at 4 bytes per pixel.
    public static func defaultCapacity() -> Int {
        Int(ProcessInfo.processInfo.physicalMemory / 16)
    }

    func acquire(_ amount: Int) async throws { try await pixels.acquire(amount) }

    func release(_ amount: Int) { pixels.release(amount) }
}

/// One job's share of a ``MemoryGate``: stages reserve what they are about to decode, and
/// the runner releases it all when the job ends.
public final class MemoryReservation: Sendable {
    private let gate: MemoryGate?
    private let held = Mutex(0)

    public init(gate: MemoryGate?) { self.gate = gate }

    /// Waits until `pixels` more pixels may be decoded (throws when the job is cancelled).
    public func reserve(pixels: Int) async throws {
        guard let gate else { return }
        try await gate.acquire(pixels)
        held.withLock { $0 += min(pixels, gate.capacity) }
    }

    /// Gives everything back.
    public func releaseAll() {
        guard let gate else { return }
        let amount = held.withLock { held in
            defer { held = 0 }
            return held
        }
        if amount > 0 { gate.release(amount) }
    }
}
