import Foundation

/// Bounds how many pixels the running jobs may hold decoded at once, so a folder of giant
/// scans does not decode them all together. Jobs wait, first come first served, until their
/// share fits; a job larger than the whole capacity runs alone.
public actor MemoryGate {
    public let capacity: Int
    private var inUse = 0
    private var waiting: [(amount: Int, resume: CheckedContinuation<Void, Never>)] = []

    /// `capacity` in pixels.
    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// A capacity of a quarter of physical memory at 4 bytes per pixel.
    public static func defaultCapacity() -> Int {
        Int(ProcessInfo.processInfo.physicalMemory / 16)
    }

    func acquire(_ amount: Int) async {
        let amount = min(amount, capacity)
        if waiting.isEmpty && inUse + amount <= capacity {
            inUse += amount
            return
        }
        await withCheckedContinuation { waiting.append((amount, $0)) }
    }

    func release(_ amount: Int) {
        inUse -= min(amount, capacity)
        while let next = waiting.first, inUse + next.amount <= capacity {
            waiting.removeFirst()
            inUse += next.amount
            next.resume.resume()
        }
    }
}

/// One job's share of a ``MemoryGate``: stages reserve what they are about to decode, and
/// the runner releases it all when the job ends.
public final class MemoryReservation: @unchecked Sendable {
    private let gate: MemoryGate?
    private let lock = NSLock()
    private var held = 0

    public init(gate: MemoryGate?) { self.gate = gate }

    /// Waits until `pixels` more pixels may be decoded.
    public func reserve(pixels: Int) async {
        guard let gate else { return }
        await gate.acquire(pixels)
        lock.withLock { held += min(pixels, gate.capacity) }
    }

    /// Gives everything back.
    public func releaseAll() async {
        guard let gate else { return }
        let amount = lock.withLock { defer { held = 0 }; return held }
        if amount > 0 { await gate.release(amount) }
    }
}
