// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ocr-pipeline",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "OCRPipeline", targets: ["OCRPipeline"]),
        .executable(name: "ocr-pipeline", targets: ["ocr-pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        // libvips: a link-only system module, a C shim for its variadic calls, a Swift wrapper.
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .target(name: "CVipsShim", dependencies: ["CVips"]),
        .target(name: "VipsKit", dependencies: ["CVipsShim"]),
        // libtesseract through its C API.
        .systemLibrary(name: "CTesseract", pkgConfig: "tesseract", providers: [.apt(["libtesseract-dev"])]),
        .target(name: "TesseractKit", dependencies: ["CTesseract"]),

        .target(
            name: "OCRPipeline",
            dependencies: [
                "VipsKit", "TesseractKit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        .target(
            name: "OCRPipelineCLI",
            dependencies: [
                "OCRPipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "ocr-pipeline", dependencies: ["OCRPipelineCLI"]),

        // Images with known text for samples, tests and benchmarks; developer tools.
        .target(name: "SyntheticImages", dependencies: ["VipsKit"]),
        .executableTarget(
            name: "ocr-pipeline-dev",
            dependencies: [
                "OCRPipeline", "SyntheticImages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "VipsKitTests", dependencies: ["VipsKit"]),
        .testTarget(name: "TesseractKitTests", dependencies: ["TesseractKit", "VipsKit", "SyntheticImages"]),
        .testTarget(name: "OCRPipelineTests", dependencies: ["OCRPipeline", "SyntheticImages"]),
        // Runs the built ocr-pipeline executable, as users do.
        .testTarget(name: "OCRPipelineCLITests", dependencies: ["SyntheticImages", "VipsKit"]),
    ]
)
