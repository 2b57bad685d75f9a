// The decode → fit path as a libFuzzer target, and a driver that replays inputs through it.
//
// Built with `scripts/fuzz-decode.sh` (`-sanitize=fuzzer`), libFuzzer is linked in and its
// `LLVMFuzzerRunDriver` feeds coverage-guided inputs to `decodeAndFit`. Built normally,
// `ocr-pipeline-fuzz-decode FILE...` replays files (a crasher libFuzzer kept) through the same
// function.
import Foundation
import OCRPipeline
import VipsKit

/// Decode (bounded as the CLI's worker is) and fit one input; any outcome but a crash is fine.
func decodeAndFit(_ bytes: Data) -> JobResult {
    let pipeline = Pipeline(stages: [
        (
            "decode",
            DecodeStage().with {
                $0.maxPixels = 100_000_000; $0.maxMemoryBytes = 512 << 20; $0.maxPages = 8
            }
        ),
        ("fit", FitStage()),
    ])
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox()
    Task {
        box.result = await PipelineRunner(pipeline: pipeline).process(data: bytes, name: "fuzz-input", worker: worker)
        done.signal()
    }
    done.wait()
    return box.result!
}

final class ResultBox: @unchecked Sendable { var result: JobResult? }
nonisolated(unsafe) let worker = WorkerResources(name: "fuzz-worker")

/// What libFuzzer's runtime links against; the driver below passes the same function.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = decodeAndFit(data.map { Data(bytes: $0, count: size) } ?? Data())
    return 0
}

/// libFuzzer's entry, present when built with `-sanitize=fuzzer` (scripts/fuzz-decode.sh).
typealias FuzzerDriver =
    @convention(c) (
        UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

try Vips.start()
if let symbol = dlsym(dlopen(nil, RTLD_NOW), "LLVMFuzzerRunDriver") {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    let status = unsafeBitCast(symbol, to: FuzzerDriver.self)(&argc, &argv) { fuzzerTestOneInput($0, $1) }
    exit(status)
}

var failures = 0
for path in CommandLine.arguments.dropFirst() {
    guard let bytes = FileManager.default.contents(atPath: path) else {
        print("\(path): unreadable")
        failures += 1
        continue
    }
    let result = decodeAndFit(bytes)
    print("\(path): \(result.status.rawValue) \(result.failure?.code ?? "")")
}
exit(failures == 0 ? 0 : 1)
