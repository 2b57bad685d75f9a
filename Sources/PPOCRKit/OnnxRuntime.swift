import COnnxRuntime
import Foundation
import Synchronization

/// Why ONNX Runtime or a model cannot be used.
public struct OnnxRuntimeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// When model runs must stop: checked before each run, so a view stops within one run of it.
public struct Deadline: Sendable {
    public let instant: ContinuousClock.Instant
    public let seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
        instant = .now.advanced(by: .milliseconds(Int64(seconds * 1000)))
    }

    func check() throws {
        if ContinuousClock.now >= instant { throw DeadlineExceeded(seconds: seconds) }
    }
}

/// A view took longer than its ``Deadline``.
public struct DeadlineExceeded: Error, CustomStringConvertible, Sendable {
    public let seconds: Double
    public var description: String { "timed out after \(seconds.formatted()) s" }
}

/// ONNX Runtime's C API, opened from its shared library at run time.
public final class OnnxRuntime: @unchecked Sendable {
    /// Where `scripts/install-ppocr.sh` puts the library.
    public static let defaultLibrary = "/usr/local/lib/ocr-pipeline/onnxruntime/libonnxruntime.so.1"

    let api: UnsafePointer<OrtApi>
    let env: OpaquePointer
    let memoryInfo: OpaquePointer

    private static let opened = Mutex<[String: OnnxRuntime]>([:])

    /// The runtime in `library` (opened once per process).
    public static func shared(library: String = defaultLibrary) throws -> OnnxRuntime {
        try opened.withLock { opened in
            if let runtime = opened[library] { return runtime }
            let runtime = try OnnxRuntime(library: library)
            opened[library] = runtime
            return runtime
        }
    }

    private init(library: String) throws {
        guard FileManager.default.fileExists(atPath: library) else { throw OnnxRuntimeError("\(library) is missing") }
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else {
            throw OnnxRuntimeError("\(library) cannot be loaded: \(String(cString: dlerror()))")
        }
        guard let symbol = dlsym(handle, "OrtGetApiBase") else { throw OnnxRuntimeError("\(library) is not ONNX Runtime (no OrtGetApiBase)") }
        typealias GetApiBase = @convention(c) () -> UnsafePointer<OrtApiBase>?
        guard let base = unsafeBitCast(symbol, to: GetApiBase.self)(), let api = base.pointee.GetApi(UInt32(ORT_API_VERSION)) else {
            throw OnnxRuntimeError("\(library) does not offer ONNX Runtime's C API version \(ORT_API_VERSION)")
        }
        self.api = api
        var env: OpaquePointer?
        try Self.check(api, api.pointee.CreateEnv(ORT_LOGGING_LEVEL_ERROR, "ocr-pipeline", &env))
        self.env = env!
        var info: OpaquePointer?
        try Self.check(api, api.pointee.CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &info))
        memoryInfo = info!
    }

    static func check(_ api: UnsafePointer<OrtApi>, _ status: OpaquePointer?) throws {
        guard let status else { return }
        let message = api.pointee.GetErrorMessage(status).map { String(cString: $0) } ?? "unknown error"
        api.pointee.ReleaseStatus(status)
        throw OnnxRuntimeError(message)
    }

    func check(_ status: OpaquePointer?) throws { try Self.check(api, status) }
}

/// A float32 tensor: its shape and values, row-major.
public struct Tensor: Sendable {
    public var shape: [Int]
    public var values: [Float]

    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "tensor shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.values = values
    }
}

/// One model loaded for inference: one float input, one float output.
public final class InferenceSession: @unchecked Sendable {
    let runtime: OnnxRuntime
    private let session: OpaquePointer
    let inputName: String
    let outputName: String
    /// The model's custom metadata (PP-OCR's recognizer keeps its dictionary under `character`).
    public let metadata: [String: String]
    /// What the model is, as timings name it (``InferenceClock``).
    public let label: String

    /// Run options that give the arena's free memory back when the run ends.
    private let releasingRun: OpaquePointer

    /// Loads `model` (a file path) to run on `threads` threads; `label` (by default the file's
    /// name without its extension) is how timings call it.
    public init(model: String, runtime: OnnxRuntime, threads: Int, label: String? = nil) throws {
        self.runtime = runtime
        self.label = label ?? ((model as NSString).lastPathComponent as NSString).deletingPathExtension
        let api = runtime.api
        var releasing: OpaquePointer?
        try runtime.check(api.pointee.CreateRunOptions(&releasing))
        releasingRun = releasing!
        try runtime.check(api.pointee.AddRunConfigEntry(releasingRun, "memory.enable_memory_arena_shrinkage", "cpu:0"))
        var options: OpaquePointer?
        try runtime.check(api.pointee.CreateSessionOptions(&options))
        defer { api.pointee.ReleaseSessionOptions(options) }
        try runtime.check(api.pointee.SetIntraOpNumThreads(options, Int32(threads)))
        try runtime.check(api.pointee.SetInterOpNumThreads(options, 1))
        try runtime.check(api.pointee.SetSessionGraphOptimizationLevel(options, ORT_ENABLE_ALL))
        // The arena hands one run's freed buffers to the next, sparing the page faults fresh
        // memory costs (a fifth of a small image's time); callers release it after an image's
        // last run, so a worker does not keep its largest image's buffers.
        try runtime.check(api.pointee.EnableCpuMemArena(options))
        var session: OpaquePointer?
        try runtime.check(api.pointee.CreateSession(runtime.env, model, options, &session))
        self.session = session!

        var allocator: UnsafeMutablePointer<OrtAllocator>?
        try runtime.check(api.pointee.GetAllocatorWithDefaultOptions(&allocator))
        func name(_ get: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> OpaquePointer?) throws -> String {
            var pointer: UnsafeMutablePointer<CChar>?
            try runtime.check(get(&pointer))
            defer { _ = api.pointee.AllocatorFree(allocator, pointer) }
            return String(cString: pointer!)
        }
        inputName = try name { api.pointee.SessionGetInputName(session, 0, allocator, $0) }
        outputName = try name { api.pointee.SessionGetOutputName(session, 0, allocator, $0) }

        var modelMetadata: OpaquePointer?
        try runtime.check(api.pointee.SessionGetModelMetadata(session, &modelMetadata))
        defer { api.pointee.ReleaseModelMetadata(modelMetadata) }
        var keys: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var count: Int64 = 0
        try runtime.check(api.pointee.ModelMetadataGetCustomMetadataMapKeys(modelMetadata, allocator, &keys, &count))
        var found: [String: String] = [:]
        for index in 0..<Int(count) {
            guard let key = keys?[index] else { continue }
            var value: UnsafeMutablePointer<CChar>?
            if api.pointee.ModelMetadataLookupCustomMetadataMap(modelMetadata, allocator, key, &value) == nil, let value {
                found[String(cString: key)] = String(cString: value)
                _ = api.pointee.AllocatorFree(allocator, value)
            }
            _ = api.pointee.AllocatorFree(allocator, key)
        }
        if let keys { _ = api.pointee.AllocatorFree(allocator, keys) }
        metadata = found
    }

    deinit {
        runtime.api.pointee.ReleaseSession(session)
        runtime.api.pointee.ReleaseRunOptions(releasingRun)
    }

    /// Runs the model on `input` unless `deadline` has passed; safe to call from several
    /// threads at once. `releasingMemory` gives the arena's free memory back to the system
    /// when the run ends (for an image's last run, or a large one).
    public func run(_ input: Tensor, deadline: Deadline? = nil, releasingMemory: Bool = false) throws -> Tensor {
        try run(input, deadline: deadline, releasingMemory: releasingMemory) { shape, values in Tensor(shape: shape, values: Array(values)) }
    }

    /// Runs the model on `input` and hands `read` the output's shape and values where ONNX
    /// Runtime put them (valid only during `read`: a recogniser's output can be tens of MB).
    public func run<Result>(
        _ input: Tensor, deadline: Deadline? = nil, releasingMemory: Bool = false,
        read: (_ shape: [Int], _ values: UnsafeBufferPointer<Float>) throws -> Result
    ) throws -> Result {
        try deadline?.check()
        let api = runtime.api
        let shape = input.shape.map(Int64.init)
        var outputValue: OpaquePointer?
        // ONNX Runtime reads the input in place (it never writes to it) for the whole run.
        try input.values.withUnsafeBytes { buffer in
            var inputValue: OpaquePointer?
            try runtime.check(
                api.pointee.CreateTensorWithDataAsOrtValue(
                    runtime.memoryInfo, UnsafeMutableRawPointer(mutating: buffer.baseAddress),
                    buffer.count, shape, shape.count, ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &inputValue))
            defer { api.pointee.ReleaseValue(inputValue) }
            try inputName.withCString { inputName in
                try outputName.withCString { outputName in
                    var inputNames: [UnsafePointer<CChar>?] = [inputName]
                    var outputNames: [UnsafePointer<CChar>?] = [outputName]
                    var inputs: [OpaquePointer?] = [inputValue]
                    let started = ContinuousClock.now
                    defer { InferenceClock.current?.add(ContinuousClock.now - started, model: label) }
                    try runtime.check(api.pointee.Run(session, releasingMemory ? releasingRun : nil, &inputNames, &inputs, 1, &outputNames, 1, &outputValue))
                }
            }
        }
        defer { api.pointee.ReleaseValue(outputValue) }
        var info: OpaquePointer?
        try runtime.check(api.pointee.GetTensorTypeAndShape(outputValue, &info))
        defer { api.pointee.ReleaseTensorTypeAndShapeInfo(info) }
        var rank = 0
        try runtime.check(api.pointee.GetDimensionsCount(info, &rank))
        var dimensions = [Int64](repeating: 0, count: rank)
        try runtime.check(api.pointee.GetDimensions(info, &dimensions, rank))
        var data: UnsafeMutableRawPointer?
        try runtime.check(api.pointee.GetTensorMutableData(outputValue, &data))
        let count = dimensions.reduce(1) { $0 * Int($1) }
        return try read(dimensions.map(Int.init), UnsafeBufferPointer(start: data!.assumingMemoryBound(to: Float.self), count: count))
    }
}
