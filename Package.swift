// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "ocr-pipeline",
    // Synchronization.Mutex and swift-subprocess need macOS 15; the project is built and run on Linux.
    platforms: [.macOS(.v15)],
    products: [
        // The core: the job model, the stage contract, the stages, the runners, the exec plugin
        // seam; links no engine library. Re-exports VipsKit, the image type stages see.
        .library(name: "OCRPipeline", targets: ["OCRPipeline"]),
        // The engines, each a module of its own: PP-OCR on ONNX Runtime (and the orient stage),
        // Tesseract, and the calls to Tencent Cloud's OCR (API 3.0 and the legacy API).
        .library(name: "PaddleOCR", targets: ["PaddleOCR"]),
        .library(name: "TesseractOCR", targets: ["TesseractOCR"]),
        .library(name: "TencentOCR", targets: ["TencentOCR"]),
        // Every engine registered: StageRegistry.standard, what the command line and serve use.
        .library(name: "OCREngines", targets: ["OCREngines"]),
        // The command line, for custom runners: OCRPipelineCLI.main(registry:).
        .library(name: "OCRPipelineCLI", targets: ["OCRPipelineCLI"]),
        // The self-hosted server speaking both APIs, as a swift-service-lifecycle Service.
        .library(name: "OCRServer", targets: ["OCRServer"]),
        .executable(name: "ocr-pipeline", targets: ["ocr-pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // libvips: a link-only system module, a C shim for its variadic calls, a Swift wrapper.
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .target(name: "CVipsShim", dependencies: ["CVips"]),
        .target(name: "VipsKit", dependencies: ["CVipsShim"]),
        // libtesseract through its C API.
        .systemLibrary(name: "CTesseract", pkgConfig: "tesseract", providers: [.apt(["libtesseract-dev"])]),
        .target(name: "TesseractKit", dependencies: ["CTesseract", "CharacterWidth"]),
        // Which characters are set in full-width cells: one definition for the engines and the merge.
        .target(name: "CharacterWidth"),
        // PDFs: poppler's GLib interface (pages, sizes, the text a page carries; libvips renders
        // with it) and qpdf (the page tree as it is, images' sizes, a text layer written onto pages).
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(name: "CQPDF", pkgConfig: "libqpdf", providers: [.apt(["libqpdf-dev"])]),
        // Pages drawn by poppler's Splash rasteriser, as pdftoppm draws them (libpoppler-cpp-dev).
        .target(name: "CPopplerSplash", linkerSettings: [.linkedLibrary("poppler-cpp")]),
        .target(name: "DocumentKit", dependencies: ["CPoppler", "CQPDF", "CPopplerSplash"]),
        // ONNX Runtime's C API (header only; the library is opened at run time) and PP-OCR's inference path on it.
        .systemLibrary(name: "COnnxRuntime"),
        // Its pixel loops are optimised in debug builds too: unoptimised, one image takes seconds.
        // (SwiftPM takes such flags from a dependency named by URL and version since tools 6.2.)
        .target(name: "PPOCRKit", dependencies: ["COnnxRuntime", "CharacterWidth"], swiftSettings: [.unsafeFlags(["-O"])]),

        // The core: the job model, the stage contract, stages, the runners. No engine library and
        // no networking: preprocessing-only users link neither Tesseract, ONNX Runtime nor NIO.
        .target(
            name: "OCRPipeline",
            dependencies: [
                "VipsKit", "DocumentKit", "CharacterWidth",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // The local engines, each with what it links.
        .target(name: "PaddleOCR", dependencies: ["OCRPipeline", "PPOCRKit"]),
        .target(name: "TesseractOCR", dependencies: ["OCRPipeline", "TesseractKit"]),
        // The engines that call Tencent Cloud's OCR (API 3.0 and the legacy API), their
        // signatures, bodies and answers, and the HTTP client they share.
        .target(
            name: "TencentOCR",
            dependencies: [
                "OCRPipeline",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(name: "OCREngines", dependencies: ["OCRPipeline", "PaddleOCR", "TesseractOCR", "TencentOCR"]),
        .target(
            name: "OCRServer",
            dependencies: [
                "OCRPipeline", "TencentOCR", "TesseractOCR", "OCREngines",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "OCRPipelineCLI",
            dependencies: [
                "OCRPipeline", "OCREngines", "OCRServer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "ocr-pipeline", dependencies: ["OCRPipelineCLI"]),

        // Plugins: a Swift stage with its own runner and tests (Plugins/Redact).
        .target(name: "RedactPlugin", dependencies: ["OCRPipeline"], path: "Plugins/Redact/Sources"),
        .executableTarget(name: "ocr-pipeline-redact", dependencies: ["RedactPlugin", "OCRPipelineCLI"], path: "Plugins/Redact/Runner"),
        .testTarget(
            name: "RedactPluginTests", dependencies: ["RedactPlugin", "OCRPipeline", "OCREngines", "SyntheticImages", "VipsKit", "TestSupport"],
            path: "Plugins/Redact/Tests"),

        // Images with known text for samples, tests and benchmarks; developer tools.
        .target(name: "SyntheticImages", dependencies: ["VipsKit"]),
        // Seeded, format-aware mutations of image files, for the fuzz test and `ocr-pipeline-dev fuzz`.
        .target(name: "MutationFuzzer"),
        .executableTarget(
            name: "ocr-pipeline-dev",
            dependencies: [
                "OCRPipeline", "OCREngines", "TencentOCR", "VipsKit", "DocumentKit", "SyntheticImages", "MutationFuzzer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // A runner with a stage that crashes, exhausts memory or hangs on purpose, for the isolation tests.
        .target(name: "FaultStages", dependencies: ["OCRPipeline"], path: "Tests/FaultStages"),
        .executableTarget(name: "ocr-pipeline-faults", dependencies: ["FaultStages", "OCRPipelineCLI"], path: "Tests/FaultRunner"),

        // The decode → fit path as a libFuzzer target (scripts/fuzz-decode.sh); built normally, it replays inputs.
        .executableTarget(name: "ocr-pipeline-fuzz-decode", dependencies: ["OCRPipeline", "VipsKit"], path: "Tests/DecodeFuzzer"),

        // Helpers shared by the test targets.
        .target(name: "TestSupport", dependencies: ["OCRPipeline", "SyntheticImages", "VipsKit"], path: "Tests/TestSupport"),
        .testTarget(name: "VipsKitTests", dependencies: ["VipsKit"]),
        .testTarget(name: "DocumentKitTests", dependencies: ["DocumentKit", "VipsKit", "TestSupport"]),
        .testTarget(name: "TesseractKitTests", dependencies: ["TesseractKit", "VipsKit", "SyntheticImages"]),
        .testTarget(name: "PPOCRKitTests", dependencies: ["PPOCRKit", "TestSupport"]),
        // The core's tests; those that read real text run the standard engines.
        .testTarget(
            name: "OCRPipelineTests",
            dependencies: [
                "OCRPipeline", "OCREngines", "PaddleOCR", "TesseractOCR", "TencentOCR", "VipsKit", "SyntheticImages", "TestSupport",
            ]),
        .testTarget(name: "PaddleOCRTests", dependencies: ["PaddleOCR", "OCRPipeline", "SyntheticImages", "TestSupport"]),
        .testTarget(name: "TesseractOCRTests", dependencies: ["TesseractOCR", "OCRPipeline", "SyntheticImages", "TestSupport"]),
        .testTarget(
            name: "TencentOCRTests",
            dependencies: ["TencentOCR", "OCRPipeline", "TestSupport", .product(name: "MultipartKit", package: "multipart-kit")]),
        // Runs the built ocr-pipeline executable, as users do.
        .testTarget(name: "OCRPipelineCLITests", dependencies: ["SyntheticImages", "VipsKit", "TestSupport", "MutationFuzzer"]),
        .testTarget(
            name: "OCRServerTests",
            dependencies: [
                "OCRServer", "OCRPipeline", "OCREngines", "TencentOCR", "SyntheticImages", "VipsKit", "TestSupport", "FaultStages",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)
