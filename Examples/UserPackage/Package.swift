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
        .executableTarget(
            name: "my-ocr",
            dependencies: [
                .product(name: "OCRPipeline", package: "ocr-pipeline"),
                .product(name: "OCRPipelineCLI", package: "ocr-pipeline"),
            ]
        )
    ]
)
