import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import RunbookEngine

/// One GET against the Prometheus HTTP API (`/api/v1/…`) with a hard deadline and an optional
/// bearer token. Transport failures come back as `PortError`s phrased for the pane; what the
/// server answered (any status, any body) comes back as a `Reply` for the decoder to judge.
struct PrometheusClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: Data
    }

    let baseURL: URL
    let bearerToken: String?
    let timeout: Duration
    /// Each request's endpoint, answer and time — never its headers (the token is one).
    let logger: Logger
    private let session: URLSession
    private let redirects = RedirectGuard()

    init(baseURL: URL, bearerToken: String?, timeout: Duration, logger: Logger = Logger(label: "prometheus")) {
        self.baseURL = baseURL
        self.bearerToken = bearerToken
        self.timeout = timeout
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        // Our own deadline (below) fires first; libcurl's is only a backstop.
        configuration.timeoutIntervalForRequest = timeout.seconds + 5
        configuration.timeoutIntervalForResource = timeout.seconds + 5
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        session = URLSession(configuration: configuration, delegate: redirects, delegateQueue: nil)
    }

    /// The server, as a person reads it in the pane: no credentials, no query, no trailing slash.
    var serverDescription: String { PrometheusFailure.describe(baseURL) }

    /// GET `/api/v1/ENDPOINT?name=value&…` on the base URL (which may carry a path prefix).
    func get(_ endpoint: String, _ parameters: [(String, String)]) async throws -> Reply {
        let started = ContinuousClock.now
        func took() -> String { String(format: "%.2f s", (ContinuousClock.now - started).seconds) }
        do {
            let reply = try await send(endpoint, parameters)
            logger.info("GET \(serverDescription)/api/v1/\(endpoint): HTTP \(reply.status) in \(took())")
            return reply
        } catch let error as PortError {
            logger.warning("GET \(serverDescription)/api/v1/\(endpoint) failed after \(took()): \(error.message)")
            throw error
        }
    }

    private func send(_ endpoint: String, _ parameters: [(String, String)]) async throws -> Reply {
        let url = try url(endpoint, parameters)
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        request.timeoutInterval = timeout.seconds + 5
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let bearerToken, !bearerToken.isEmpty {
            request.setValue("Bearer \(bearerToken)", forHTTPHeaderField: "Authorization")
        }
        do {
            let (data, response) = try await send(request)
            guard let http = response as? HTTPURLResponse else {
                throw PortError(.malformed, "Prometheus at \(serverDescription) answered without HTTP")
            }
            return Reply(status: http.statusCode, body: data)
        } catch let error as PortError {
            throw error
        } catch let refused as RedirectGuard.Refused {
            // Refused whether or not there is a token: the pane says the same thing either way.
            throw PortError(.failed, "Prometheus at \(serverDescription) redirected to \(PrometheusFailure.describe(refused.to)): refused, "
                + "a request (and its bearer token) goes only to the server --prometheus names — point it at that server")
        } catch is Deadline {
            throw PrometheusFailure.timeout(serverDescription, after: timeout)
        } catch let error as URLError {
            throw PrometheusFailure.transport(error, server: serverDescription, timeout: timeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PortError(.failed, "could not reach Prometheus at \(serverDescription): \(error.localizedDescription)")
        }
    }

    /// Builds the request URL. Every parameter is percent-encoded down to RFC 3986's unreserved
    /// characters: URLComponents leaves `+` and `&` alone, and Prometheus would read PromQL's
    /// `a + b` as `a   b`.
    func url(_ endpoint: String, _ parameters: [(String, String)]) throws -> URL {
        guard var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              components.host?.isEmpty == false
        else {
            throw PortError(.failed, "\(serverDescription) is not an http(s) URL of a Prometheus server — check --prometheus")
        }
        var prefix = components.percentEncodedPath
        while prefix.hasSuffix("/") { prefix.removeLast() }
        components.percentEncodedPath = prefix + "/api/v1/" + endpoint
        components.percentEncodedQuery = parameters
            .map { Self.encode($0.0) + "=" + Self.encode($0.1) }
            .joined(separator: "&")
        components.fragment = nil
        guard let url = components.url else {
            throw PortError(.failed, "cannot build a request URL from \(serverDescription) — check --prometheus")
        }
        return url
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// Our deadline passed before the server answered.
    private struct Deadline: Error {}

    /// Runs the request; a watchdog ends it at `timeout` even if the server accepted the
    /// connection and never answers (libcurl's own timeouts are idle timers, not deadlines).
    private func send(_ request: URLRequest) async throws -> (Data, URLResponse) {
        let exchange = Exchange()
        let watchdog = Task { [timeout] in
            try await Task.sleep(for: timeout)
            exchange.finish(.failure(Deadline()))
        }
        defer { watchdog.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchange.start(continuation) {
                    // No completion handler: the session's delegate (RedirectGuard) must be asked about redirects.
                    let task = session.dataTask(with: request)
                    redirects.register(task) { exchange.finish($0) }
                    return task
                }
            }
        } onCancel: {
            exchange.finish(.failure(CancellationError()))
        }
    }
}

/// One request in flight: whichever of the answer, the deadline or a cancellation comes first
/// resumes the caller, exactly once, and stops the transfer.
private final class Exchange: @unchecked Sendable {
    typealias Answer = (Data, URLResponse)
    private enum State {
        case idle
        case waiting(CheckedContinuation<Answer, any Error>, URLSessionDataTask)
        /// Finished before the request started (a deadline of zero, a cancelled caller).
        case finishedEarly(Result<Answer, any Error>)
        case done
    }
    private let lock = NSLock()
    private var state = State.idle

    func start(_ continuation: CheckedContinuation<Answer, any Error>, makeTask: () -> URLSessionDataTask) {
        let task = makeTask()
        let early: Result<Answer, any Error>? = lock.withLock {
            if case .finishedEarly(let outcome) = state { state = .done; return outcome }
            state = .waiting(continuation, task)
            return nil
        }
        if let early { continuation.resume(with: early) } else { task.resume() }
    }

    func finish(_ outcome: Result<Answer, any Error>) {
        let waiting: (CheckedContinuation<Answer, any Error>, URLSessionDataTask)? = lock.withLock {
            switch state {
            case .idle: state = .finishedEarly(outcome); return nil
            case .waiting(let continuation, let task): state = .done; return (continuation, task)
            case .finishedEarly, .done: return nil
            }
        }
        guard let (continuation, task) = waiting else { return }
        continuation.resume(with: outcome)
        if case .failure = outcome { task.cancel() }
    }
}

extension Duration {
    /// This duration in seconds, fractional.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
