import Foundation
import Storage
import TestHarness
import Testing
@testable import RunbookEngine

/// A poll's line is read straight from its bytes; it must give exactly what JSONDecoder gives,
/// and leave every other line, and anything odd, to JSONDecoder.
@Suite("Reading a poll's journal line without JSONDecoder")
struct JournalFastPathTests {
    static let pollKinds: Set = ["appRead", "podsRead", "deploymentRead", "latencyRead", "metricsRead", "alertRead", "revertRead", "timerFired"]

    static func fastPath(_ line: String) throws -> JournalRecord {
        var line = line
        return try line.withUTF8 { try JournalRecord(pollLine: UnsafeRawBufferPointer($0)) }
    }

    static func jsonDecoder(_ line: String) throws -> JournalRecord {
        try JournalCodec.decoder.decode(JournalRecord.self, from: Data(line.utf8))
    }

    static func line(_ seq: Int, _ event: Event) throws -> String {
        String(decoding: try JournalCodec.encode(JournalRecord(seq: seq, event: event)).dropLast(), as: UTF8.self)
    }

    /// A latency poll whose one sample has `number` (JSON text) as its time and its seconds (the event's
    /// own time stays 0: it is range-checked as it is read, JournalRangeTests).
    static func latencyLine(_ number: String) -> String {
        let at = number.hasPrefix("\"") ? "0" : number
        return #"{"event":{"at":0,"kind":{"latencyRead":{"_0":{"ok":{"_0":[{"at":\#(at),"seconds":\#(number)}]}}}}},"seq":1,"time":"","v":1}"#
    }

    /// Polls with the values a walk does not produce: fields that differ where a mix-up would not show.
    static var awkwardPolls: [Event] {
        let running = OperationState(phase: .running, message: "", syncRevision: nil, startedAt: Incident.start)
        let kinds: [Event.Kind] = [
            .appRead(.ok(Incident.application(autoSync: AutoSync(prune: false, selfHeal: true), history: [], sync: .outOfSync,
                                              operation: running))),
            .appRead(.ok(Application(name: "", health: .unknown, sync: .unknown, syncRevision: nil, autoSync: AutoSync(prune: true, selfHeal: false),
                                     history: [Incident.h41], operation: nil, images: []))),
            .podsRead(.ok([PodImage(pod: "a", image: "b", ready: false)])), .podsRead(.ok([])),
            .deploymentRead(.ok([])), .deploymentRead(.ok(["one", "two"])),
            .latencyRead(.ok([])), .latencyRead(.ok([LatencySample(at: Incident.start, seconds: .infinity),
                                                    LatencySample(at: Incident.start - 0.5, seconds: -.infinity)])),
            .latencyRead(.failed(PortError(.empty, "no series"))), .alertRead(.failed(PortError(.missingBinary, "no curl"))),
            .revertRead(.failed(PortError(.malformed, "git log said \"?\"")), of: Revision("")),
            .metricsRead([]), .metricsRead([MetricReading(name: "5xx ratio", samples: .ok([LatencySample(at: Incident.start, seconds: 0.08)])),
                                            MetricReading(name: "p\u{1B}99", samples: .failed(PortError(.failed, "bad_data")))]),
        ]
        return kinds.map { Event(at: Incident.start - 1e-6, $0) }
    }

    @Test func everyPollLineTakesTheFastPathToWhatJSONDecoderReads() throws {
        let events = ReplayTests.eventfulWalk.journal + Incident.everyKindOfEvent + Self.awkwardPolls
        let lines = try events.enumerated().map { try Self.line($0.offset + 1, $0.element) } + JournalV1Sample.documented + JournalV1Sample.polls
        var polls = 0
        for line in lines {
            let expected = try Self.jsonDecoder(line)
            if Self.pollKinds.contains(String(describing: expected.event.kind).prefix { $0 != "(" }.description) {
                #expect(try Self.fastPath(line) == expected, "\(line)")
                polls += 1
            } else {
                #expect(throws: JSONCursor.Unexpected.self, "\(line)") { try Self.fastPath(line) }
            }
        }
        #expect(polls > 50)
    }

    @Test func numbersReadToTheSameBitsAsJSONDecoderReadsThem() throws {
        var random = SeededRandom(seed: 2026_1127)
        var numbers = ["0", "-0", "1", "0.1", "-2.5", "1e-7", "1E+2", "2.5e3", "0.000123", "9007199254740993", "9007199254740995",
                       "1.2290484018724448", "800980706.8309932", "18446744073709551615", "9999999999999999999",
                       "123456789012345678901234", "0.1000000000000000055511151231257827", "1.7976931348623157e308",
                       "2.2250738585072014e-308", "\"NaN\"", "\"+Inf\"", "\"-Inf\""]
        for _ in 0..<3000 {
            numbers.append("\(Double.random(in: 0...3, using: &random))")
            numbers.append("\(Double.random(in: 7e8...9e8, using: &random))")
            numbers.append("\(Double(random.below(1_000_000)) / 1000)")
            let anything = Double(bitPattern: random.next())
            if anything.isFinite { numbers.append("\(anything)") }
        }
        for number in numbers {
            let expected = try Self.jsonDecoder(Self.latencyLine(number))
            guard case .latencyRead(.ok(let samples)) = try Self.fastPath(Self.latencyLine(number)).event.kind,
                  case .latencyRead(.ok(let expectedSamples)) = expected.event.kind else {
                Issue.record("\(number) did not read as a latency sample")
                continue
            }
            let (read, want) = (samples[0].seconds, expectedSamples[0].seconds)
            #expect(read.bitPattern == want.bitPattern || (read.isNaN && want.isNaN), "\(number): \(read) vs \(want)")
            #expect(samples[0].at == expectedSamples[0].at, "\(number)")
        }
    }

    @Test func escapedStringsReadAsJSONDecoderReadsThem() throws {
        let message = #"quote \" backslash \\ slash \/ tab \t newline \n caf\u00e9 \ud83d\ude80 raw é 🚀"#
        let line = #"{"event":{"at":1,"kind":{"appRead":{"_0":{"failed":{"_0":{"kind":"failed","message":"\#(message)"}}}}}},"seq":1,"time":"","v":1}"#
        let read = try Self.fastPath(line)
        #expect(read == (try Self.jsonDecoder(line)))
        #expect(read.event.kind == .appRead(.failed(PortError(.failed, "quote \" backslash \\ slash / tab \t newline \n café 🚀 raw é 🚀"))))
    }

    @Test func oddButValidLinesGoToJSONDecoderAndReadTheSame() throws {
        let poll = try Self.line(7, Event(at: Incident.start, .timerFired(.poll)))
        let odd = [
            // Spaces and a CR, as another tool might write them: the fast path reads these itself.
            " { \"event\" : { \"at\" : 1 , \"kind\" : { \"timerFired\" : { \"_0\" : \"poll\" } } } , \"seq\" : 1 , \"time\" : \"\" , \"v\" : 1 } \r",
            poll.replacingOccurrences(of: #""seq":7"#, with: #""seq":7.0"#),
            poll.replacingOccurrences(of: #""v":1"#, with: #""v":1,"writer":"another tool""#),
            poll.replacingOccurrences(of: #""seq":7"#, with: #""seq":7,"seq":8"#),
            poll.replacingOccurrences(of: #""_0":"poll""#, with: #""_0":"poll","later":true"#),
            Self.latencyLine("1").replacingOccurrences(of: #""seconds":1"#, with: #""seconds":1,"quantile":0.99"#),
        ]
        for line in odd {
            #expect(try JournalCodec.decode(Data(line.utf8)) == (try Self.jsonDecoder(line)), "\(line)")
        }
        #expect(try Self.fastPath(odd[0]).event.kind == .timerFired(.poll))
        #expect(try JournalCodec.decode(Data(odd[3].utf8)).seq == 7) // JSONDecoder keeps the first of two
    }

    @Test func aBrokenPollLineIsStillAnErrorNamingItsLine() throws {
        let path = try JournalTests.written(Array(Walk().journal.prefix(3)))
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = Self.latencyLine("1.")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        #expect {
            _ = try JournalReader.read(path: path)
        } throws: { error in
            if case JournalError.corrupt(_, let line, let reason) = error { return line == 2 && reason.contains("not valid JSON") }
            return false
        }
    }
}
