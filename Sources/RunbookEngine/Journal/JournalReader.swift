import Foundation

/// What was read from a journal, and what had to be repaired.
public struct JournalContents: Sendable, Equatable {
    public var records: [JournalRecord]
    /// Set when the last line was cut off mid-write and dropped.
    public var repairNote: String?
    /// Bytes consumed (complete lines), where a tail reader continues.
    public var consumedBytes: Int
    public var events: [Event] { records.map(\.event) }
}

/// Reads journals whole (resume, audit, replay) or incrementally (follow).
public enum JournalReader {
    public static func read(path: String) throws(JournalError) -> JournalContents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .cannotOpen(path: path, reason: FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file")
        }
        return try parse(data, path: path, final: true)
    }

    /// Parses complete lines. With `final`, a torn last line (no newline, not valid) is dropped with a note;
    /// without it (tailing a live journal), an unterminated last line is simply left for the next read.
    public static func parse(_ data: Data, path: String, final: Bool, firstLine: Int = 1) throws(JournalError) -> JournalContents {
        var records: [JournalRecord] = []
        var note: String?
        var start = data.startIndex
        var lineNumber = firstLine
        var consumed = 0
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A)
            let line = data[start..<(end ?? data.endIndex)]
            if end == nil {
                guard final else { break }
                if let record = try? JournalCodec.decode(Data(line)) {
                    records.append(record)
                    consumed = data.count
                } else {
                    note = "The journal's last line (line \(lineNumber)) was cut off mid-write; it was dropped."
                }
                break
            }
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                do { records.append(try JournalCodec.decode(Data(line))) } catch {
                    throw .corrupt(path: path, line: lineNumber, reason: "\(error)")
                }
            }
            start = data.index(after: end!)
            consumed = start - data.startIndex
            lineNumber += 1
        }
        return JournalContents(records: records, repairNote: note, consumedBytes: consumed)
    }
}
