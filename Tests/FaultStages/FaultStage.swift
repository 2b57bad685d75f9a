import Foundation
import OCRPipeline

/// `fault`: misbehaves on purpose the way a native library bug does, for images whose name
/// says so (`fault-abort…`, `fault-segv…`, `fault-alloc…`, `fault-hang…`, `fault-exit…`) or, for
/// a server's nameless requests, whose decoded width does (901 abort, 902 segv, 903 alloc,
/// 904 hang, 905 exit); other images pass untouched. Only test code and the test runner
/// `ocr-pipeline-faults` have it.
public struct FaultStage: DeclaredStage {
    static let byWidth = [901: "abort", 902: "segv", 903: "alloc", 904: "hang", 905: "exit"]
    @Param("marker", help: "the name prefix that selects the fault: <marker><kind>")
    var marker = "fault-"

    public static let descriptor = StageDescriptor(
        Self.self, type: "fault", summary: "Crashes, exhausts memory, hangs or exits for images named fault-<kind> (tests only).")

    public init() {}

    public func process(_ job: inout Job, context: StageContext) async throws {
        let file = URL(fileURLWithPath: job.source.path).lastPathComponent
        let named = file.range(of: marker).map { String(file[$0.upperBound...].prefix { $0.isLetter }) }
        guard let kind = named ?? job.source.size.flatMap({ Self.byWidth[$0.width] }) else { return }
        switch kind {
        case "abort":
            abort()
        case "segv":
            UnsafeMutablePointer<Int>(bitPattern: 16)!.pointee = 1
        case "alloc":
            var held: [UnsafeMutableRawPointer] = []
            for _ in 0..<1024 {  // up to 64 GB, touched so it is resident
                let block = malloc(64 << 20)!
                memset(block, 1, 64 << 20)
                held.append(block)
            }
            job[record: "held"] = .int(held.count)
        case "hang":
            sleep(3600)
        case "exit":
            exit(7)
        default:
            return
        }
    }
}
