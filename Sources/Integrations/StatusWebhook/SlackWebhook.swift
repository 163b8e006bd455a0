import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import RunbookEngine

/// Step 4b's port: one POST of `{"text": …}` to a Slack incoming webhook, with a hard deadline. The URL
/// is a secret (whoever has it can post to the channel): it is read from the variable the config names
/// and used for the request alone — every message and log line says "the status webhook", never the URL.
public struct SlackWebhook: StatusPostPort {
    /// The webhook, or why there is none (the variable is unset, or holds no http(s) URL).
    let target: Result<URL, PortError>
    let timeout: Duration
    let logger: Logger

    /// Slack answers in well under a second; a webhook that takes longer is said, and Step 5 goes on.
    public static let timeout = Duration.seconds(10)

    public init(variable: String, environment: [String: String], timeout: Duration,
                logger: Logger = Logger(label: "status-webhook")) {
        self.timeout = timeout
        self.logger = logger
        target = Self.url(variable: variable, environment: environment)
    }

    static func url(variable: String, environment: [String: String]) -> Result<URL, PortError> {
        guard let text = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            return .failure(PortError(.failed, "$\(variable) is not set: no status webhook to post to — nothing posted"))
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false else {
            return .failure(PortError(.failed, "$\(variable) does not hold an http(s) URL — nothing posted"))
        }
        return .success(url)
    }

    public func post(_ body: String) async -> Outcome<Int> {
        let url: URL
        switch target {
        case .success(let found): url = found
        case .failure(let problem):
            logger.warning("status webhook: \(problem.message)")
            return .failed(problem)
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.timeoutInterval = timeout.seconds + 5
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let started = ContinuousClock.now
        let outcome = await send(request)
        let took = String(format: "%.2f s", (ContinuousClock.now - started).seconds)
        switch outcome {
        case .ok(let status): logger.info("POST status webhook: HTTP \(status) in \(took)")
        case .failed(let error): logger.warning("POST status webhook failed after \(took): \(error.message)")
        }
        return outcome
    }

    /// The request against a watchdog: a server that accepts and never answers is a timeout, not a hang.
    private func send(_ request: URLRequest) async -> Outcome<Int> {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.seconds + 5
        configuration.timeoutIntervalForResource = timeout.seconds + 5
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let once = Once()
        return await withCheckedContinuation { continuation in
            once.set(continuation)
            let task = session.dataTask(with: request) { _, response, error in
                if let error {
                    once.finish(.failed(Self.describe(error)))
                } else if let http = response as? HTTPURLResponse {
                    once.finish(.ok(http.statusCode))
                } else {
                    once.finish(.failed(PortError(.malformed, "the status webhook answered without HTTP")))
                }
            }
            task.resume()
            let timeout = timeout
            Task {
                try? await Task.sleep(for: timeout)
                if once.finish(.failed(PortError(.timeout, "the status webhook did not answer within \(Format.duration(timeout.seconds))"))) {
                    task.cancel()
                }
            }
        }
    }

    /// URLError's own text can carry the URL: say what happened in our words, with the code.
    static func describe(_ error: any Error) -> PortError {
        guard let error = error as? URLError else { return PortError(.failed, "the post to the status webhook failed") }
        switch error.code {
        case .timedOut: return PortError(.timeout, "the status webhook did not answer in time")
        case .cannotConnectToHost, .networkConnectionLost, .notConnectedToInternet:
            return PortError(.failed, "could not connect to the status webhook's server (URLError \(error.code.rawValue))")
        case .cannotFindHost, .dnsLookupFailed:
            return PortError(.failed, "the status webhook's host was not found (URLError \(error.code.rawValue))")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid:
            return PortError(.failed, "the status webhook's TLS connection failed (URLError \(error.code.rawValue))")
        default:
            return PortError(.failed, "the post to the status webhook failed (URLError \(error.code.rawValue))")
        }
    }
}

/// Resumes the caller once: with the answer, or with the watchdog's timeout, whichever comes first.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Outcome<Int>, Never>?

    func set(_ continuation: CheckedContinuation<Outcome<Int>, Never>) { lock.withLock { self.continuation = continuation } }

    @discardableResult
    func finish(_ outcome: Outcome<Int>) -> Bool {
        let waiting = lock.withLock { () -> CheckedContinuation<Outcome<Int>, Never>? in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: outcome)
        return waiting != nil
    }
}
