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
    static func iso8601(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        let millis = min(999, Int(((seconds - Double(whole)) * 1000).rounded(.down)))
        var parts = tm()
        gmtime_r(&whole, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }
}
