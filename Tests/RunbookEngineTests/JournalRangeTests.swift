import Foundation
import Testing
@testable import RunbookEngine

/// A journal's durations and counts are checked as they are read: a crafted value is a corrupt line
/// naming the key and its range, never a trap in the reducer, the audit or a resume.
@Suite("Journal values out of range")
struct JournalRangeTests {
    static let started = JournalV1Sample.documented[0]
    static let poll = ##"{"event":{"at":800980475.123,"kind":{"timerFired":{"_0":"poll"}}},"seq":2,"time":"2026-05-20T14:34:35.123Z","v":1}"##
    static let confirmed = ##"{"event":{"at":800980468,"kind":{"confirmed":{"argv":["argocd"],"by":"oncall@laptop","step":"rollback"}}},"seq":3,"time":"2026-05-20T14:34:28.000Z","v":1}"##

    /// The JSON a crafted journal may hold where a number belongs (the codec writes non-finite numbers as strings).
    static let craftedNumbers = [#""NaN""#, #""+Inf""#, #""-Inf""#, "1e17", "0", "-5", "-1e300"]
    static let configKeys = ["pollSeconds", "sustainSeconds", "verifyTimeoutSeconds", "p99Threshold", "recentDeployWindowSeconds"]

    static func replacing(_ key: String, in line: String, with value: String) -> String {
        let pattern = try! NSRegularExpression(pattern: "\"\(key)\":[^,}]+")
        let range = NSRange(line.startIndex..., in: line)
        #expect(pattern.firstMatch(in: line, range: range) != nil, "the sample line has \(key)")
        return pattern.stringByReplacingMatches(in: line, range: range, withTemplate: "\"\(key)\":\(value)")
    }

    static func readError(_ lines: [String]) -> JournalError? {
        do {
            _ = try JournalReader.parse(Data(lines.map { $0 + "\n" }.joined().utf8), path: "j.jsonl", final: true)
            return nil
        } catch { return error }
    }

    @Test func theSampleReadsAsIs() throws {
        #expect(Self.readError([Self.started, Self.poll, Self.confirmed]) == nil, "the control: the untouched lines are fine")
    }

    @Test(arguments: configKeys, craftedNumbers)
    func anIncidentDurationOutOfRangeIsACorruptLineNamingTheKey(key: String, value: String) {
        let error = Self.readError([Self.replacing(key, in: Self.started, with: value)])
        guard case .corrupt(_, let line, let reason)? = error else {
            Issue.record("\(key)=\(value) was read: \(String(describing: error))")
            return
        }
        #expect(line == 1)
        #expect(reason.hasPrefix("\(key): expected seconds from "), "\(reason)")
        #expect(error?.description.contains(" to ") == true, "the range is named: \(error!)")
    }

    @Test func pollSecondsNaNSaysWhatIsWrong() {
        let error = Self.readError([Self.replacing("pollSeconds", in: Self.started, with: #""NaN""#)])
        #expect(error?.description == "journal j.jsonl line 1 is not a journal record: pollSeconds: expected seconds from 1 to 3600, got NaN")
    }

    /// seq on a poll line (the fast path) and on a decision (JSONDecoder): both refuse the same values.
    @Test(arguments: ["9223372036854775807", "1000000000001", "0", "-1", "-9223372036854775808"], [poll, confirmed])
    func aSeqOutOfRangeIsRefusedByBothDecoders(seq: String, line: String) {
        let crafted = Self.replacing("seq", in: line, with: seq)
        guard case .corrupt(_, _, let reason)? = Self.readError([Self.started, crafted]) else {
            Issue.record("seq \(seq) was read")
            return
        }
        #expect(reason.contains("seq"), "\(reason)")
        var bytes = crafted
        #expect(throws: (any Error).self) { try bytes.withUTF8 { try JournalRecord(pollLine: UnsafeRawBufferPointer($0)) } }
    }

    @Test(arguments: ["1e300", "-1e300", "1e11", "-1e10"])
    func anEventTimeOutOfRangeIsRefused(at: String) {
        let crafted = Self.poll.replacingOccurrences(of: #""at":800980475.123"#, with: #""at":\#(at)"#)
        guard case .corrupt(_, _, let reason)? = Self.readError([Self.started, crafted]) else {
            Issue.record("at \(at) was read")
            return
        }
        #expect(reason.hasPrefix("event.at: expected seconds since 2001-01-01 from "), "\(reason)")
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300, -1e300, 0, 59.6])
    func durationsNeverTrapWhenShown(seconds: Double) {
        let text = Format.duration(seconds)
        #expect(!text.isEmpty)
        #expect(Int(saturating: seconds) == (seconds.isNaN ? 0 : Int(max(-1e15, min(1e15, seconds.rounded())))))
        #expect(Duration.seconds(saturating: seconds) >= .zero)
    }
}
