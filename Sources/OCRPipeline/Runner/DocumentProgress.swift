/// A document being read by a batch: its plan, and the results of its pages as they finish
/// on whichever workers read them.
actor DocumentProgress {
    let input: InputScanner.Input
    let plan: DocumentPlan
    private var results: [Int: JobResult]

    /// `finished` holds pages an earlier run already read.
    init(input: InputScanner.Input, plan: DocumentPlan, finished: [Int: JobResult]) {
        self.input = input
        self.plan = plan
        results = finished
    }

    /// The selected pages still to read, in order.
    var remaining: [Int] { plan.pages.filter { results[$0] == nil } }

    /// Records a page's result; true when it was the last page missing.
    func record(_ page: Int, _ result: JobResult) -> Bool {
        results[page] = result
        return remaining.isEmpty
    }

    /// The pages' results in the plan's order.
    var pages: [JobResult] { plan.pages.compactMap { results[$0] } }
}
