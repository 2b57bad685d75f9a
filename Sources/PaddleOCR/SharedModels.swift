import Foundation
import Synchronization

/// Loaded models shared by every worker of a process: ONNX Runtime sessions are safe to run
/// from several threads, so in-process workers need one copy of the weights, not one each.
/// Entries are held weakly; the models are freed when the last worker holding them goes.
final class SharedModels<Value: AnyObject & Sendable>: Sendable {
    /// Read and written only under ``entries``' lock.
    private final class WeakEntry {
        weak var value: Value?
        init(_ value: Value) { self.value = value }
    }

    private let entries = Mutex<[String: WeakEntry]>([:])

    /// The value loaded under `key`, loading it with `load` unless a live one exists. Loading
    /// happens under the lock, so two workers starting together load once.
    func value(for key: String, load: () throws -> Value) throws -> Value {
        try entries.withLock { entries in
            if let existing = entries[key]?.value { return existing }
            let loaded = try load()
            entries[key] = WeakEntry(loaded)
            return loaded
        }
    }
}
