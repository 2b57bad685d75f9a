/// An error after which every later job would fail the same way (the service's quota is used
/// up, the account is in arrears). The batch runner stops starting new jobs and says why.
public protocol RunStoppingError: DescribedError {}
