import Foundation

/// A fresh private directory (0700, as the console wants its files' directory) under the system temp dir,
/// removed when the value goes away.
public final class TemporaryDirectory: Sendable {
    public let path: String
    public init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ic-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        path = url.path
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
