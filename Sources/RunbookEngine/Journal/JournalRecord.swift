import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One journal line: `{"v":1,"seq":N,"time":"…Z","event":{"at":…,"kind":{…}}}`.
/// `time` is for people and other tools; `event.at` (seconds since 2001-01-01 UTC, exact) is what replay uses.
public struct JournalRecord: Sendable, Equatable, Codable {
    public static let formatVersion = 1
    public var v: Int
    public var seq: Int
    public var time: String
    public var event: Event

    public init(seq: Int, event: Event) {
        self.v = Self.formatVersion
        self.seq = seq
        self.time = JournalCodec.iso8601(event.at)
        self.event = event
    }

    /// seq and the event's time are checked as they are read (here and in the fast path), so a crafted
    /// seq of 2^63-1 or a time of 1e300 is a corrupt line, not an overflow in the audit or a resume.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        v = try c.decode(Int.self, forKey: .v)
        seq = try c.decode(Int.self, forKey: .seq)
        time = try c.decode(String.self, forKey: .time)
        event = try c.decode(Event.self, forKey: .event)
        try checkRanges()
    }

    func checkRanges() throws(OutOfRange) {
        _ = try SaneRanges.seq.checked(seq, key: "seq")
        _ = try SaneRanges.eventTime.checked(event.at.timeIntervalSinceReferenceDate, key: "event.at")
    }
}

/// Encodes and decodes journal lines. Dates stay exact (replay must rebuild the same state);
/// NaN latency (no traffic) is written as the string "NaN".
public enum JournalCodec {
    public static func encode(_ record: JournalRecord) throws -> Data {
        var data = try encoder.encode(record)
        data.append(0x0A)
        return data
    }

    public static func decode(_ line: Data) throws -> JournalRecord {
        try line.withUnsafeBytes { try decode(line: $0) }
    }

    /// A poll's line is read straight from its bytes (PollRecordDecoding.swift): JSONDecoder took about
    /// 35 µs a line, the fast path takes about 4 (release). Other lines, and anything odd, go to JSONDecoder.
    static func decode(line: UnsafeRawBufferPointer) throws -> JournalRecord {
        if let record = try? JournalRecord(pollLine: line) { return record }
        return try decoder.decode(JournalRecord.self, from: Data(line))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .deferredToDate
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .deferredToDate
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return decoder
    }()

    /// "2026-05-20T14:22:13.123Z", without a formatter per line (creating one costs more than the whole line).
    public static func iso8601(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        let millis = min(999, Int(((seconds - Double(whole)) * 1000).rounded(.down)))
        var parts = tm()
        gmtime_r(&whole, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }
}
