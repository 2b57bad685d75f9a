import OCRPipeline
import PPOCRKit

extension InferenceClock {
    /// Each model's time inside ONNX Runtime's `Run` as a record shows it:
    /// `{"detection": {"seconds": 0.21, "runs": 1}, …}`.
    var record: JSONValue {
        var models = JSONObject()
        for time in byModel {
            models[time.model] = ["seconds": .double((time.seconds * 1000).rounded() / 1000), "runs": .int(time.runs)]
        }
        return .object(models)
    }
}
