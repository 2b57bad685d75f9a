// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "my-ocr-runner",
    platforms: [.macOS(.v15)],
    dependencies: [
        // A released version (or, from a checkout next to yours, .package(path: "../ocr-pipeline")).
        .package(url: "https://github.com/ocr-pipeline/ocr-pipeline", from: "1.0.0")
    ],
    targets: [
        // A runner with a stage of its own (the README's "Extending").
        .executableTarget(
            name: "my-ocr",
            dependencies: [
                .product(name: "OCRPipeline", package: "ocr-pipeline"),
                .product(name: "OCRPipelineCLI", package: "ocr-pipeline"),
            ]
        ),
        // The library on one image and a folder (the README's "Using the library").
        .executableTarget(
            name: "read-folder",
            dependencies: [
                .product(name: "OCRPipeline", package: "ocr-pipeline"),
                .product(name: "OCREngines", package: "ocr-pipeline"),
            ]
        ),
        // Preprocessing only: the core, with no OCR engine linked.
        .executableTarget(name: "shrink-photos", dependencies: [.product(name: "OCRPipeline", package: "ocr-pipeline")]),
    ]
)
