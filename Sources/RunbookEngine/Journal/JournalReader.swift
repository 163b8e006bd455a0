import Foundation

/// What was read from a journal, and what had to be repaired.
public struct JournalContents: Sendable, Equatable {
    public var records: [JournalRecord]
    /// Set when the last line was cut off mid-write and dropped.
    public var repairNote: String?
    /// Bytes consumed (complete lines), where a tail reader continues.
    public var consumedBytes: Int
    /// Lines consumed, blank ones too: a tail reader numbers its next line from here.
    public var consumedLines = 0
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
        // Lines are cut from the bytes in place: going through Data byte by byte cost a third of the read.
        let parsed = data.withUnsafeBytes { parse(lines: $0, path: path, final: final, firstLine: firstLine) }
        return try parsed.get()
    }

    private static func parse(lines file: UnsafeRawBufferPointer, path: String, final: Bool,
                              firstLine: Int) -> Result<JournalContents, JournalError> {
        var records: [JournalRecord] = []
        var note: String?
        var start = 0
        var lineNumber = firstLine
        var consumed = 0
        while start < file.count {
            guard let end = newline(in: file, from: start) else {
                guard final else { break }
                if let record = try? JournalCodec.decode(line: UnsafeRawBufferPointer(rebasing: file[start...])) {
                    records.append(record)
                    consumed = file.count
                    lineNumber += 1
                } else {
                    note = "The journal's last line (line \(lineNumber)) was cut off mid-write; it was dropped."
                }
                break
            }
            let line = file[start..<end]
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                do { records.append(try JournalCodec.decode(line: UnsafeRawBufferPointer(rebasing: line))) } catch {
                    return .failure(.corrupt(path: path, line: lineNumber, reason: "\(error)"))
                }
            }
            start = end + 1
            consumed = start
            lineNumber += 1
        }
        return .success(JournalContents(records: records, repairNote: note, consumedBytes: consumed,
                                        consumedLines: lineNumber - firstLine))
    }

    private static func newline(in file: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = file.baseAddress, let found = memchr(base + start, 0x0A, file.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
