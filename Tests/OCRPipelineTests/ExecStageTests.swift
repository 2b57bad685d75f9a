import Foundation
import OCREngines
import SyntheticImages
import TencentOCR
import Testing

@testable import OCRPipeline

/// Out-of-process plugins: the protocol, and a plugin that crashes, hangs or prints garbage
/// failing only its image with a message that names it.
@Suite struct ExecStageTests {
    static let pluginsFolder = PackageRoot.url.appendingPathComponent("Plugins/python").path

    /// A pipeline in `folder` whose exec stage runs `script` (written there) with `params`.
    /// Its time bound leaves a Python process room to start on a loaded machine; the tests of
    /// the bound itself set a short one.
    static func pipeline(script: String, in folder: TemporaryFolder, params: JSONObject = [:]) throws -> Pipeline {
        try folder.write(Data(script.utf8), to: "plugin.py")
        var stage: JSONObject = ["command": ["python3", "plugin.py"], "timeout": 20]
        for (key, value) in params { stage[key] = value }
        let file = try folder.write(
            JSONValue.object(["stages": [["type": "decode"], ["type": "exec", "params": .object(stage)]]]).data(), to: "pipeline.json")
        return try Pipeline.load(contentsOf: file, registry: .standard)
    }

    static let image: Data = try! SyntheticImages.page(width: 300, height: 100, lines: []).image.pngData()

    @Test func replacesItemsAndImageAndRecords() async throws {
        let folder = try TemporaryFolder()
        let script = """
            import json, sys, struct
            for line in sys.stdin:
                r = json.loads(line)
                assert r["protocol"] == "ocr-pipeline-exec" and r["version"] == 1 and r["call"] == "transform"
                assert r["image"]["width"] == 300 and open(r["image"]["path"], "rb").read(4) == b"\\x89PNG"
                out = r["output_dir"] + "/crop.png"
                import shutil; shutil.copy(r["image"]["path"], out)
                print(json.dumps({"version": 1, "id": r["id"], "image": {"path": out}, "record": {"greeting": r["params"]["greeting"]}}), flush=True)
            """
        let pipeline = try Self.pipeline(script: script, in: folder, params: ["params": ["greeting": "hi"], "replaces_image": true])
        let result = await PipelineRunner(pipeline: pipeline).process(data: Self.image, name: "a.png")
        #expect(result.status == .ok, "\(result.failure?.message ?? "")")
        let record = try #require(result.records.last)
        #expect(record.decisions["greeting"] == "hi")
        #expect(record.decisions["image_replaced"]?["width"] == 300)
        // The same plugin without the declaration fails the image and says what to declare.
        let undeclared = await PipelineRunner(pipeline: try Self.pipeline(script: script, in: folder, params: ["params": ["greeting": "hi"]]))
            .process(data: Self.image, name: "a.png")
        #expect(undeclared.failure?.message.contains("replaces_image: true") == true, "\(undeclared.failure?.message ?? "")")
    }

    @Test func aPipelineThatWouldFailEveryImageIsRefusedAtLoad() throws {
        // The plugin replaces the image after fit: the payloads the tencent engine needs are gone.
        let document: JSONValue = [
            "stages": [
                ["type": "decode"], ["type": "fit"],
                ["type": "exec", "params": ["command": ["python3", "crop.py"], "replaces_image": true]],
                ["type": "recognize", "params": ["engine": "tencent", "appid": "1"]],
            ]
        ]
        let error = #expect(throws: PipelineFileError.self) {
            try Pipeline.load(
                document: document, registry: .standard, environment: ["TENCENTCLOUD_SECRET_ID": "id", "TENCENTCLOUD_SECRET_KEY": "key"])
        }
        let text = error?.description ?? ""
        #expect(text.contains("stages[3]") && text.contains("payloads") && text.contains("put fit after exec"), "\(text)")
    }

    @Test(arguments: [
        ("import sys\nsys.stderr.write('boom: no model file\\n')\nsys.exit(3)", "plugin_crashed", "boom: no model file"),
        ("import time, sys\nfor line in sys.stdin:\n    time.sleep(30)", "plugin_timeout", "did not answer within 2 s"),
        ("import sys\nfor line in sys.stdin:\n    print('hello there', flush=True)", "plugin_bad_output", "not a JSON object"),
        ("import sys, json\nfor line in sys.stdin:\n    print(json.dumps({'version': 1, 'id': 'other'}), flush=True)", "plugin_bad_output", "id"),
        (
            "import sys, json\nfor line in sys.stdin:\n    r = json.loads(line)\n    print(json.dumps({'version': 1, 'id': r['id'], 'error': 'license expired'}), flush=True)",
            "plugin_error", "license expired"
        ),
    ])
    func misbehavingPluginsFailOnlyTheirImage(script: String, code: String, detail: String) async throws {
        let folder = try TemporaryFolder()
        let pipeline = try Self.pipeline(script: script, in: folder, params: code == "plugin_timeout" ? ["timeout": 2] : [:])
        let result = await PipelineRunner(pipeline: pipeline).process(data: Self.image, name: "a.png")
        #expect(result.failure?.code == code)
        let message = try #require(result.failure?.message)
        #expect(message.contains("a.png: the plugin `python3 plugin.py`"), "\(message)")
        #expect(message.contains(detail), "\(message)")
    }

    @Test func aHungPluginIsStoppedWithWhatItStarted() async throws {
        let folder = try TemporaryFolder()
        // Starts a helper process (as a shell-script wrapper would), then hangs.
        let script = """
            import subprocess, sys, time
            helper = subprocess.Popen(["sleep", "300"])
            open("helper.pid", "w").write(str(helper.pid))
            for line in sys.stdin:
                time.sleep(300)
            """
        let result = await PipelineRunner(pipeline: try Self.pipeline(script: script, in: folder, params: ["timeout": 2])).process(
            data: Self.image, name: "a.png")
        #expect(result.failure?.code == "plugin_timeout")
        let pid = try #require(Int32(String(contentsOfFile: "\(folder.path)/helper.pid", encoding: .utf8)))
        // Gone, or a zombie waiting for init to reap it.
        func alive() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            return !stat.contains(") Z ")
        }
        for _ in 0..<200 where alive() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!alive(), "the plugin's helper process \(pid) still runs")
        if alive() { kill(pid, SIGKILL) }
    }

    @Test func aPersistentPluginServesManyImagesAndIsRestartedAfterACrash() async throws {
        let folder = try TemporaryFolder()
        // Counts the requests it served; crashes on the second.
        let script = """
            import json, sys
            served = 0
            for line in sys.stdin:
                served += 1
                if served == 2: sys.exit(1)
                r = json.loads(line)
                print(json.dumps({"version": 1, "id": r["id"], "record": {"served": served}}), flush=True)
            """
        let runner = PipelineRunner(pipeline: try Self.pipeline(script: script, in: folder))
        let worker = WorkerResources()
        let first = await runner.process(data: Self.image, name: "1.png", worker: worker)
        let second = await runner.process(data: Self.image, name: "2.png", worker: worker)
        let third = await runner.process(data: Self.image, name: "3.png", worker: worker)
        #expect(first.records.last?.decisions["served"] == 1)
        #expect(second.failure?.code == "plugin_crashed")
        #expect(third.records.last?.decisions["served"] == 1, "\(third.failure?.message ?? "") \(third.records.map(\.json))")  // a fresh process
    }

    @Test func pluginParametersAreValidatedLikeBuiltInOnes() {
        #expect(throws: PipelineFileError.self) {
            try Pipeline.load(document: ["stages": [["type": "decode"], ["type": "exec", "params": ["comand": ["x"]]]]], registry: .standard)
        }
        do {
            _ = try Pipeline.load(
                document: ["stages": [["type": "decode"], ["type": "exec", "params": ["comand": ["x"], "mode": "per_imag"]]]], registry: .standard)
        } catch {
            #expect(error.problems.contains(PipelineProblem(path: "stages[1].params.comand", message: "unknown parameter", suggestion: "command")))
            #expect(error.problems.contains { $0.path == "stages[1].params.command" && $0.message.hasPrefix("required") })
            #expect(error.problems.contains { $0.path == "stages[1].params.mode" && $0.suggestion == "per_image" })
        }
    }

    @Test func theNormaliseTextExampleTidiesItemsAfterMerge() async throws {
        let page = try SyntheticImages.page(width: 900, height: 130, lines: [("Total：２０２４ EUR", 30, 30, 48)])
        let pipeline = try Pipeline.load(
            document: [
                "stages": [
                    // Tesseract keeps the full-width forms the plugin folds (ppocr reads them as ASCII).
                    ["type": "decode"], ["type": "recognize", "params": ["engine": "tesseract"]], ["type": "merge"],
                    ["type": "exec", "params": ["command": ["python3", "normalise_text.py"], "needs_items": true]],
                ]
            ], baseDirectory: Self.pluginsFolder, registry: .standard)
        let result = await PipelineRunner(pipeline: pipeline).process(data: try page.image.pngData(), name: "total.png")
        #expect(result.status == .ok, "\(result.failure?.message ?? "")")
        let text = try #require(result.items.first?.itemstring)
        #expect(text.hasPrefix("Total:") && text.contains("2024"), "\(text)")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(result.records.last?.decisions["items_changed"] != nil)

        // Its rules, item by item, straight through the protocol.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "\(Self.pluginsFolder)/normalise_text.py"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let items: [JSONValue] = ["Total：２O24．5０  EUR", "l0 items", "Room 1O1", "  "].map {
            ["itemstring": .string($0), "itemcoord": ["x": 0, "y": 0, "width": 10, "height": 10], "words": []]
        }
        let request: JSONValue = ["protocol": "ocr-pipeline-exec", "version": 1, "id": "r1", "call": "transform", "items": .array(items), "params": [:]]
        try input.fileHandleForWriting.write(contentsOf: request.data() + Data("\n".utf8))
        try input.fileHandleForWriting.close()
        let answer = try JSONValue.parse(output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(answer["id"] == "r1")
        #expect(answer["items"]?.arrayValue?.compactMap { $0["itemstring"]?.stringValue } == ["Total:2024.50 EUR", "l0 items", "Room 101"])
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tesseract"),
            "the tesseract command is not installed (scripts/install-deps.sh installs it)"))
    func aPythonOCREngineRecognisesThroughTheExecEngine() async throws {
        let screenshot = try SyntheticImages.screenshot(lineCount: 30, pitch: 110, pixelHeight: 34) { "Row \($0 + 1) via python" }
        let pipeline = try Pipeline.load(
            document: [
                "stages": [
                    ["type": "decode"], ["type": "tile"],
                    ["type": "recognize", "params": ["engine": "exec", "command": ["python3", "tesseract_cli_engine.py"], "params": ["languages": "eng"]]],
                    ["type": "merge"],
                ]
            ], baseDirectory: Self.pluginsFolder, registry: .standard)
        let result = await PipelineRunner(pipeline: pipeline).process(data: try screenshot.image.pngData(compression: 1), name: "long.png")
        #expect(result.status == .ok, "\(result.failure?.message ?? "")")
        #expect(result.items.map(\.itemstring) == screenshot.lines.map(\.text))  // tiled, merged, in reading order
    }
}
