import Foundation
import Integrations
import Logging
import TestHarness
import Testing

/// The console's log file: what it says of commands and requests, and what it never says.
@Suite(.serialized) struct LogFileTests {
    func logger(_ file: LogFile, label: String) -> Logger {
        Logger(label: label, factory: { FileLogHandler(label: $0, file: file) })
    }

    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func everyCommandIsLoggedWithItsExitAndNeverASecretFlagsValue() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/logs/incident-console.log"
        let runner = ProcessRunner(logger: logger(LogFile(path: path), label: "process"))
        _ = await runner.run(["/bin/echo", "app", "get", "x", "--auth-token", "s3cret-token", "--password=hunter2"],
                             timeout: .seconds(10), workingDirectory: nil)
        _ = await runner.run(["argocd-missing-\(UUID().uuidString.prefix(6))", "app", "get"], timeout: .seconds(10), workingDirectory: nil)
        _ = await runner.run(["/bin/sleep", "5"], timeout: .milliseconds(300), workingDirectory: nil)
        let log = lines(path)
        #expect(log.count == 3, "\(log)")
        #expect(log[0].contains(" info process: ran /bin/echo app get x --auth-token '<redacted>' '--password=<redacted>': exit 0 in "), "\(log[0])")
        #expect(log[1].contains(" error process: could not run argocd-missing-") && log[1].contains("not found on PATH"), "\(log[1])")
        #expect(log[2].contains(" warning process: /bin/sleep 5 timed out after "), "\(log[2])")
        #expect(!log.joined().contains("s3cret-token") && !log.joined().contains("hunter2"), "no secret in the log")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func prometheusRequestsAreLoggedWithoutTheirToken() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/incident-console.log"
        let body = #"{"status":"success","data":{"resultType":"matrix","result":[]}}"#
        let listener = try LocalListener(.answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"))
        defer { listener.stop() }
        let metrics = PrometheusMetrics(baseURL: listener.url, query: "up", bearerToken: "eyJhbGciOiJIUzI1NiJ9.secret",
                                        logger: logger(LogFile(path: path), label: "prometheus"))
        _ = try? await metrics.p99(from: Date(timeIntervalSince1970: 1_795_740_000), to: Date(timeIntervalSince1970: 1_795_741_800), step: .seconds(15))
        #expect(listener.requests.first?.contains("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.secret") == true, "the token was sent")
        let log = lines(path)
        #expect(log.contains { $0.contains(" info prometheus: GET http://127.0.0.1:\(listener.port)/api/v1/query_range: HTTP 200 in ") }, "\(log)")
        #expect(!log.joined().contains("eyJhbGciOiJIUzI1NiJ9"), "the token is never logged")
    }

    @Test func aLogFileThatCannotBeOpenedLosesLinesNotTheProgram() {
        let file = LogFile(path: "/proc/no-such-dir/incident-console.log")
        file.append("first")
        file.append("second")
        #expect(!FileManager.default.fileExists(atPath: "/proc/no-such-dir/incident-console.log"))
        #expect(file.openNow() != nil, "and it says why")
    }

    @Test(arguments: [
        (["argocd", "app", "get", "x"], ["argocd", "app", "get", "x"]),
        (["argocd", "--auth-token", "abc", "app"], ["argocd", "--auth-token", "<redacted>", "app"]),
        (["kubectl", "--token=abc", "get"], ["kubectl", "--token=<redacted>", "get"]),
        (["x", "--client-secret"], ["x", "--client-secret"]),
    ])
    func secretFlagValuesAreRedacted(argv: [String], logged: [String]) {
        #expect(LogRedaction.argv(argv) == logged)
    }
}
