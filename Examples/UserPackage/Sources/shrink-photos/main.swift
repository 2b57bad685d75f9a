// Prepares photos for a 6 MB request without reading them: the core alone (decode, fit,
// write), which links no OCR engine. Usage: shrink-photos IN-FOLDER OUT-FOLDER
import Foundation
import OCRPipeline

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: shrink-photos IN-FOLDER OUT-FOLDER")
    exit(64)
}
let pipeline = try Pipeline.load(document: [
    "version": 1,
    "stages": [["type": "decode"], ["type": "fit", "params": ["max_body_bytes": 6_000_000]], ["type": "write", "params": ["formats": ["payload"]]]],
])
let summary = try await BatchRunner(pipeline: pipeline, input: arguments[1], output: arguments[2]).run()
print("\(summary.succeeded) prepared, \(summary.failed) failed")
exit(summary.failed == 0 ? 0 : 1)
