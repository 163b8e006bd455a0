import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Integrations

/// A real Prometheus (Debian's `prometheus` 2.42) on 127.0.0.1, its TSDB backfilled from an
/// OpenMetrics text with `promtool`, stopped with SIGTERM by `with` whatever the test did.
/// Missing binaries fail the test: scripts/install-deps installs them.
public final class PrometheusServer {
    public let url: URL
    /// Seconds spent backfilling and until `/-/ready` answered 200.
    public let backfillSeconds: Double
    public let startSeconds: Double
    private let pid: pid_t
    private let directory: TemporaryDirectory
    private var stopped = false

    /// Starts a server on `openMetrics`, runs `body`, and always stops the server.
    public static func with<T>(_ openMetrics: String, _ body: (PrometheusServer) async throws -> T) async throws -> T {
        let server = try await PrometheusServer(openMetrics)
        defer { server.stop() }
        return try await body(server)
    }

    private init(_ openMetrics: String) async throws {
        let prometheus = try Self.locate("prometheus")
        let promtool = try Self.locate("promtool")
        directory = try TemporaryDirectory()
        let data = directory.path + "/data"
        let input = directory.path + "/series.om"
        let config = directory.path + "/prometheus.yml"
        try openMetrics.write(toFile: input, atomically: true, encoding: .utf8)
        try "global:\n  evaluation_interval: 15s\n".write(toFile: config, atomically: true, encoding: .utf8)

        let clock = ContinuousClock()
        let backfillStart = clock.now
        let backfill = await ProcessRunner().run([promtool, "tsdb", "create-blocks-from", "openmetrics", input, data],
                                                 timeout: .seconds(60), workingDirectory: directory.path)
        guard backfill.succeeded else {
            throw HarnessError(message: "promtool backfill failed: \(backfill.launchError ?? backfill.stderr)\(backfill.stdout)")
        }
        backfillSeconds = (clock.now - backfillStart).inSeconds

        let serverStart = clock.now
        var lastLog = ""
        for _ in 0..<3 {
            let port = try LocalListener.freePort()
            let log = directory.path + "/prometheus-\(port).log"
            let pid = try Spawn.start([prometheus, "--config.file=\(config)", "--storage.tsdb.path=\(data)",
                                          "--web.listen-address=127.0.0.1:\(port)"], streams: Spawn.Streams(stdout: log, stderr: nil))
            let url = URL(string: "http://127.0.0.1:\(port)")!
            if try await Self.waitReady(url, pid: pid, seconds: 20) {
                self.pid = pid
                self.url = url
                startSeconds = (clock.now - serverStart).inSeconds
                return
            }
            Self.terminate(pid)
            lastLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            // Another process took the free port between our probe and Prometheus's bind: retry.
            guard lastLog.contains("address already in use") else { break }
        }
        throw HarnessError(message: "prometheus did not become ready; its log ends:\n\(lastLog.suffix(1500))")
    }

    public func stop() {
        guard !stopped else { return }
        stopped = true
        Self.terminate(pid)
    }

    /// SIGTERM, then SIGKILL if it is still there after 10 s; reaped either way.
    private static func terminate(_ pid: pid_t) {
        kill(pid, SIGTERM)
        if !Spawn.waitExit(pid, seconds: 10) {
            kill(pid, SIGKILL)
            _ = Spawn.waitExit(pid, seconds: 5)
        }
    }

    private static func waitReady(_ url: URL, pid: pid_t, seconds: Double) async throws -> Bool {
        let ready = url.appendingPathComponent("-/ready")
        let deadline = Date().addingTimeInterval(seconds)
        let session = URLSession(configuration: .ephemeral)
        while Date() < deadline {
            var request = URLRequest(url: ready)
            request.timeoutInterval = 2
            if let (_, response) = try? await session.data(for: request),
               (response as? HTTPURLResponse)?.statusCode == 200 {
                return true
            }
            if Spawn.waitExit(pid, seconds: 0) { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The binary's path on PATH (or /usr/bin), or a failure naming the fix.
    public static func locate(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") + ["/usr/bin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw HarnessError(message: "\(name) not found on PATH — these tests need a real Prometheus: run scripts/install-deps (Debian package prometheus)")
    }
}

public struct HarnessError: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

extension Duration {
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
