/// A step of the pipeline: takes one ``Job`` and changes it, or throws to fail that job alone.
///
/// A stage author needs this folder (`Sources/OCRPipeline/Contract`) and the job it changes
/// (``Job``, in `Model/`, with ``JSONValue`` for records); every built-in stage (`decode`, `fit`,
/// `recognize`, ...) is written against these alone:
///
/// | piece | what it is for |
/// |---|---|
/// | ``Stage`` | the one method: change a job |
/// | ``StageDescriptor`` | the `type` name, a summary, the parameters, the facets, the factory, how `explain` treats it |
/// | ``Param`` / ``ParameterSpec`` | one line per parameter, on the property that holds it: name, type, default, range, help (an enum is a choice) |
/// | ``DeclaredStage`` | a stage built from its ``Param`` properties (`init()` gives the defaults) |
/// | ``JobFacet`` / ``StageDescriptor/Facets`` | what the stage needs, provides and discards, checked at load |
/// | ``StageDescriptor/ExplainMode`` | run the stage in `explain`, or describe what it would do |
/// | ``StageConfigurationError`` | thrown by a factory when parameters do not work together |
/// | ``StageContext`` / ``WorkerResources`` | the worker's long-lived objects, progress lines, memory reservations |
/// | ``DescribedError`` / ``RunStoppingError`` | how a job fails: a stable code, what is wrong, the fix |
/// | ``RecognitionEngine`` / ``EngineDescriptor`` / ``EngineProfile`` | for a new engine of the `recognize` stage |
///
/// ## What a stage may read and change
/// - ``Job/source``: the file's identity and header facts (read; `decode` fills them).
/// - ``Job/upright``: the decoded, upright, 8-bit image (read; replace it to transform the
///   image, e.g. crop, and declare that it discards ``JobFacet/tiles``, ``JobFacet/payloads``
///   and the items, so stages that need them must come after it).
/// - ``Job/views``: the parts recognised separately, each with its ``View/image`` (a libvips
///   ``VImage``), its ``View/transform`` to upright original pixels, its ``View/payload`` and
///   its items in view pixels. Engines fill `views[i].items`; `merge` maps them into ``Job/items``.
/// - ``Job/items``: the final lines in upright original pixels, in reading order. A stage
///   after `merge` may filter, edit or add items (redaction, spell fixes, ...).
/// - ``Job/artifacts``: extra files to write next to the result (`<rel><suffix>`).
/// - ``Job/subscript(record:)``: the stage's decisions, shown by `explain` and saved in the
///   result file. Record what you decided and why, with numbers.
///
/// ## Declaring it
/// Each parameter is one ``Param`` property: its name in the pipeline file, its range and help,
/// and the property's initial value as the default. The descriptor finds them by reflection,
/// so they are validated, listed by `ocr-pipeline stages` and filled from the pipeline file
/// without being named again. The facets say what the stage needs, provides and discards, so a
/// pipeline in an order that would fail every image is refused when it loads, with the path of
/// the stage and the fix.
///
/// Throw an error conforming to ``DescribedError`` to fail the job with a stable code, a
/// message and a fix; the runner names the file and carries on with the rest of the batch.
/// A ``RunStoppingError`` stops the whole run (exit status 3): every later job would fail too.
///
/// A stage value is shared by all workers, so it must be `Sendable`: keep shared mutable state
/// in an actor or a `Mutex`, and per-worker state (an engine that is not thread-safe) in
/// ``StageContext/worker``.
///
/// ## Example: drop low-confidence lines
/// ```swift
/// struct MinimumConfidenceStage: DeclaredStage {
///     enum Scope: String, ParameterChoice { case lines, characters }
///
///     @Param("threshold", range: 0...100, help: "lines with a lower mean confidence are dropped")
///     var threshold = 60.0
///     @Param("scope", help: "lines: drop whole lines; characters: drop single characters")
///     var scope = Scope.lines
///
///     static let descriptor = StageDescriptor(
///         Self.self, type: "min-confidence",
///         summary: "Drops recognised lines whose mean confidence is below a threshold.", needs: [.items])
///
///     func process(_ job: inout Job, context: StageContext) async throws {
///         let before = job.items.count
///         switch scope {
///         case .lines: job.items.removeAll { $0.meanConfidence < threshold }
///         case .characters:
///             for index in job.items.indices { job.items[index].words.removeAll { $0.confidence < threshold } }
///         }
///         job[record: "dropped"] = .int(before - job.items.count)
///     }
/// }
///
/// var registry = StageRegistry.builtIn
/// registry.register(MinimumConfidenceStage.descriptor)
/// ```
/// The stage is then usable in a pipeline file as `{"type": "min-confidence", "params":
/// {"threshold": 70}}`, validated like a built-in, listed by `ocr-pipeline stages`, and a
/// custom runner hands the registry to the same command line (see the README).
public protocol Stage: Sendable {
    /// Transforms one job. Called once per job, possibly on many jobs at once.
    func process(_ job: inout Job, context: StageContext) async throws
}

/// A stage whose parameters are its ``Param`` properties: `init()` makes it with their
/// defaults, and ``StageDescriptor/init(_:type:summary:needs:provides:invalidates:build:)``
/// makes it with a pipeline file's values.
public protocol DeclaredStage: Stage {
    init()
}

extension DeclaredStage {
    /// This stage with some of its parameters changed, for a pipeline built in code:
    /// `TileStage().with { $0.size = 1500 }`.
    public func with(_ change: (inout Self) -> Void) -> Self {
        var changed = self
        change(&changed)
        return changed
    }
}
