import Foundation

/// What the Argo CD server said when it refused, from the CLI's stderr in either format:
/// v2 text (`FATA[0000] rpc error: code = FailedPrecondition desc = rollback cannot be initiated …`)
/// or a v3 JSON log line (`{"level":"fatal","msg":"rpc error: code = … desc = …","time":"…"}`).
public struct ArgoCDRefusal: Sendable, Equatable {
    /// The gRPC code, when the message carries one (`FailedPrecondition`, `PermissionDenied`, …).
    public var code: String?
    /// The server's own words, verbatim.
    public var message: String

    public init(code: String?, message: String) { self.code = code; self.message = message }

    /// The first fatal or error line in `stderr`, read down to its `desc`; nil when there is none.
    public static func parse(_ stderr: String) -> ArgoCDRefusal? {
        for raw in stderr.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("{"), let message = jsonMessage(line) { return grpc(message) }
            for prefix in ["FATA[", "ERRO["] where line.hasPrefix(prefix) {
                guard let close = line.firstIndex(of: "]") else { continue }
                return grpc(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    /// `msg` of a logrus JSON line whose level is fatal or error.
    static func jsonMessage(_ line: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let level = object["level"] as? String, ["fatal", "error", "panic"].contains(level),
              let message = object["msg"] as? String else { return nil }
        return message
    }

    /// `rpc error: code = X desc = Y` → (X, Y); anything else is kept whole.
    static func grpc(_ text: String) -> ArgoCDRefusal {
        guard let codeRange = text.range(of: "code = "), let descRange = text.range(of: " desc = ", range: codeRange.upperBound..<text.endIndex) else {
            return ArgoCDRefusal(code: nil, message: text)
        }
        let code = String(text[codeRange.upperBound..<descRange.lowerBound]).trimmingCharacters(in: .whitespaces)
        let message = String(text[descRange.upperBound...]).trimmingCharacters(in: .whitespaces)
        return ArgoCDRefusal(code: code.isEmpty ? nil : code, message: message)
    }
}
