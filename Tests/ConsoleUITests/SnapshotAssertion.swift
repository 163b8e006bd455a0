import Foundation
import Testing
@testable import ConsoleUI

/// Compares a frame with a stored text snapshot (Snapshots/NAME.txt), line by line. A missing
/// snapshot is recorded from the frame and the test fails once, so a person looks at it first;
/// `RECORD_SNAPSHOTS=1` re-records every snapshot.
func expectSnapshot(_ frame: Frame, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent("\(name).txt")
    let actual = frame.lines
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    guard !record, let stored = try? String(contentsOf: url, encoding: .utf8) else {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? (actual.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(url.path): check it by eye, then run the tests again", sourceLocation: sourceLocation)
        return
    }
    var expected = stored.components(separatedBy: "\n")
    if expected.last == "" { expected.removeLast() }
    let diff = snapshotDiff(expected: expected, actual: actual)
    if !diff.isEmpty {
        Issue.record("snapshot \(name) differs (RECORD_SNAPSHOTS=1 re-records):\n\(diff)", sourceLocation: sourceLocation)
    }
}

/// Each differing line with its number, expected above actual, between bars so spaces show.
func snapshotDiff(expected: [String], actual: [String]) -> String {
    var out: [String] = []
    if expected.count != actual.count { out.append("line count: expected \(expected.count), got \(actual.count)") }
    for index in 0..<max(expected.count, actual.count) {
        let want = index < expected.count ? expected[index] : "<none>"
        let got = index < actual.count ? actual[index] : "<none>"
        if want != got {
            out.append(String(format: "%3d - |%@|", index + 1, want))
            out.append(String(format: "%3d + |%@|", index + 1, got))
        }
    }
    return out.joined(separator: "\n")
}

extension Frame {
    /// The whole screen as one string, for failure messages.
    var screen: String { lines.joined(separator: "\n") }
}
