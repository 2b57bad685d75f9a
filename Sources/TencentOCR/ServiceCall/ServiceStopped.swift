import OCRPipeline

/// The service will refuse every further call: the run stops (exit status 3).
public struct ServiceStopped: RunStoppingError {
    public enum Reason: Sendable {
        /// The purchased quota or resource package is used up (legacy 25, API 3.0 sold out).
        case quotaUsedUp
        /// The account owes money (legacy 3 with `errorno is:2`, API 3.0 InArrears).
        case inArrears
        /// The account has not enabled the service (API 3.0 UnOpenError).
        case notEnabled
    }

    public let reason: Reason
    /// The service's code and message, as it answered them.
    public let answer: String

    public init(_ reason: Reason, answer: String) {
        self.reason = reason
        self.answer = answer
    }

    public var kind: FailureKind { .service }

    public var code: String {
        switch reason {
        case .quotaUsedUp: "quota_exhausted"
        case .inArrears: "account_in_arrears"
        case .notEnabled: "service_not_enabled"
        }
    }

    public var summary: String {
        let why =
            switch reason {
            case .quotaUsedUp: "the OCR service's purchased quota is used up"
            case .inArrears: "the OCR account is in arrears"
            case .notEnabled: "the OCR service is not enabled for this account"
            }
        return "\(why) (\(answer)); the run stopped, since every later call would fail too"
    }

    public var remedy: String {
        switch reason {
        case .quotaUsedUp, .inArrears: "top up the account or quota, then rerun the same command: it finishes only what is missing"
        case .notEnabled: "enable general OCR in the Tencent Cloud console, then rerun the same command"
        }
    }
}
