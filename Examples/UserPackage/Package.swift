// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "my-ocr-runner",
    platforms: [.macOS(.v15)],
    dependencies: [
        // From a checkout next to yours; or .package(url: "https://…/ocr-pipeline", from: "…").
        .package(name: "ocr-pipeline", path: "../..")
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
