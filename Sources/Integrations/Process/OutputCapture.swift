import Foundation
import Subprocess

/// Captures a child's stdout and stderr up to a byte limit each, keeping the reading going past
/// the limit so a chatty child never blocks on a full pipe. Shared with the run task, so the
/// output printed before a timeout is still there after the child is killed.
final class OutputCapture: @unchecked Sendable {
    enum Stream { case stdout, stderr }

    private let lock = NSLock()
    private let limit: Int
    private var stdout: [UInt8] = []
    private var stderr: [UInt8] = []
    private var truncated = false
    private var timedOut = false

    init(limit: Int) { self.limit = max(0, limit) }

    func drain(_ sequence: SubprocessOutputSequence, into stream: Stream) async throws {
        for try await buffer in sequence {
            buffer.withUnsafeBytes { append(UnsafeRawBufferPointer($0), to: stream) }
        }
    }

    func markTimedOut() {
        lock.withLock { timedOut = true }
    }

    func snapshot() -> (stdout: String, stderr: String, truncated: Bool, timedOut: Bool) {
        lock.withLock {
            (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self), truncated, timedOut)
        }
    }

    private func append(_ bytes: UnsafeRawBufferPointer, to stream: Stream) {
        lock.withLock {
            let kept = stream == .stdout ? stdout.count : stderr.count
            let room = max(0, limit - kept)
            if bytes.count > room { truncated = true }
            let slice = bytes.prefix(room)
            switch stream {
            case .stdout: stdout.append(contentsOf: slice)
            case .stderr: stderr.append(contentsOf: slice)
            }
        }
    }
}
