import ArgumentParser
import OCRPipeline

struct StagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Lists every stage type with its parameters, defaults and help."
    )

    @Flag(help: "Print a Markdown reference table (the README's is generated this way).") var markdown = false

    func run() async throws {
        let registry = CLISettings.shared.registry
        print(markdown ? StageReference.markdown(registry) : StageReference.text(registry), terminator: "")
    }
}

/// The stage and parameter reference, generated from the registered descriptors.
enum StageReference {
    static func text(_ registry: StageRegistry) -> String {
        var out = ""
        for descriptor in registry.descriptors {
            out += "\(descriptor.type)\n  \(descriptor.summary)\n"
            for spec in descriptor.parameters {
                out += "    \(spec.name): \(spec.kind.label) = \(defaultText(spec))\(spec.engine.map { " [engine \($0)]" } ?? "")\n        \(spec.help)\n"
            }
            out += "\n"
        }
        return out
    }

    static func markdown(_ registry: StageRegistry) -> String {
        var out = ""
        for descriptor in registry.descriptors {
            out += "### `\(descriptor.type)`\n\n\(descriptor.summary)\n\n"
            guard !descriptor.parameters.isEmpty else { out += "No parameters.\n\n"; continue }
            out += "| parameter | type | default | description |\n|---|---|---|---|\n"
            for spec in descriptor.parameters {
                let help = (spec.engine.map { "(engine `\($0)`) " } ?? "") + spec.help
                out +=
                    "| `\(spec.name)` | \(spec.kind.label.replacingOccurrences(of: "|", with: "\\|")) | `\(defaultText(spec))` | \(help.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
            out += "\n"
        }
        return out
    }

    private static func defaultText(_ spec: ParameterSpec) -> String {
        if spec.isRequired { return "required" }
        return spec.defaultValue?.serialized() ?? "unset"
    }
}
