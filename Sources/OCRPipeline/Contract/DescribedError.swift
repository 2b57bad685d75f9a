/// An error a user can act on: a stable machine-readable code, what is wrong, and the fix.
/// Every error the pipeline reports about an image, a pipeline file or a service conforms.
public protocol DescribedError: Error, CustomStringConvertible, Sendable {
    /// Stable snake_case identifier that scripts may match on (`too_many_pixels`).
    var code: String { get }
    /// What is wrong, in one sentence without the file name.
    var summary: String { get }
    /// What the user can do about it.
    var remedy: String { get }
    /// What kind of failure it is, for front ends that answer in their own terms.
    var kind: FailureKind { get }
    /// The message for one file: names the file, says what is wrong and the fix.
    func message(for file: String) -> String
}

extension DescribedError {
    public var kind: FailureKind { .internal }

    public var description: String { "\(summary). Fix: \(remedy)" }

    /// The message for one file: names the file, says what is wrong and the fix.
    public func message(for file: String) -> String { "\(file): \(description)" }
}
