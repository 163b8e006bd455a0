import Foundation

/// What was read from a journal, and what had to be repaired.
public struct JournalContents: Sendable, Equatable {
    public var records: [JournalRecord]
    /// Set when a line cut off mid-write (the last, or one a failed write left) was dropped.
    public var repairNote: String?
    /// Bytes consumed (complete lines), where a tail reader continues.
    public var consumedBytes: Int
    /// Lines consumed, blank ones too: a tail reader numbers its next line from here.
    public var consumedLines = 0
    public init(records: [JournalRecord], repairNote: String? = nil, consumedBytes: Int, consumedLines: Int = 0) {
        self.records = records
        self.repairNote = repairNote
        self.consumedBytes = consumedBytes
        self.consumedLines = consumedLines
    }

    /// The events the console acted on: a decision a later `decisionNotDurable` withdraws is left out.
    public var events: [Event] { records.actedOn.map(\.event) }
}

extension Array where Element == JournalRecord {
    /// Without the decisions whose fsync failed (the console did not act on them); the marker itself stays.
    public var actedOn: [JournalRecord] {
        let withdrawn = withdrawnDecisions
        return withdrawn.isEmpty ? self : enumerated().filter { !withdrawn.contains($0.offset) }.map(\.element)
    }

    /// Indices of the records withdrawn: for each marker, the nearest earlier record with its seq.
    public var withdrawnDecisions: Set<Int> {
        var withdrawn: Set<Int> = []
        for (index, record) in enumerated() {
            guard case .decisionNotDurable(let seq, _) = record.event.kind,
                  let decision = self[..<index].lastIndex(where: { $0.seq == seq }) else { continue }
            withdrawn.insert(decision)
        }
        return withdrawn
    }
}

/// Parses journals' bytes, whole (resume, audit, replay) or incrementally (follow); the files are `Storage`'s.
public enum JournalReader {
    /// Parses complete lines. With `final`, a torn last line (no newline, not valid) is dropped with a note;
    /// without it (tailing a live journal), an unterminated last line is simply left for the next read.
    /// `previousSeq` is the seq of the record before `data` (a tail's last one).
    public static func parse(_ data: Data, path: String, final: Bool, firstLine: Int = 1,
                             previousSeq: Int? = nil) throws(JournalError) -> JournalContents {
        // Lines are cut from the bytes in place: going through Data byte by byte cost a third of the read.
        let parsed = data.withUnsafeBytes { parse(lines: $0, path: path, final: final, firstLine: firstLine, previousSeq: previousSeq) }
        return try parsed.get()
    }

    private static func parse(lines file: UnsafeRawBufferPointer, path: String, final: Bool,
                              firstLine: Int, previousSeq: Int?) -> Result<JournalContents, JournalError> {
        var records: [JournalRecord] = []
        var note: String?
        var start = 0
        var lineNumber = firstLine
        var consumed = 0
        // Half a record on a line of its own, kept only if the next record takes the seq it would have had:
        // the writer's failed write that could not be cut back. Anything else is damage.
        var fragment: (line: Int, seq: Int, reason: String)?
        func accept(_ record: JournalRecord) -> JournalError? {
            if let cut = fragment {
                guard record.seq == cut.seq else { return .corrupt(path: path, line: cut.line, reason: cut.reason) }
                note = "The journal's line \(cut.line) was cut off by a failed write; it was dropped."
                fragment = nil
            }
            records.append(record)
            return nil
        }
        while start < file.count {
            guard let end = newline(in: file, from: start) else {
                guard final else { break }
                if let record = try? JournalCodec.decode(line: UnsafeRawBufferPointer(rebasing: file[start...])) {
                    if let damage = accept(record) { return .failure(damage) }
                    consumed = file.count
                    lineNumber += 1
                } else {
                    note = "The journal's last line (line \(lineNumber)) was cut off mid-write; it was dropped."
                }
                break
            }
            let line = file[start..<end]
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                do {
                    if let damage = accept(try JournalCodec.decode(line: UnsafeRawBufferPointer(rebasing: line))) { return .failure(damage) }
                } catch {
                    guard fragment == nil, isCutOff(line) else { return .failure(.corrupt(path: path, line: lineNumber, reason: "\(error)")) }
                    fragment = (lineNumber, (records.last?.seq ?? previousSeq ?? 0) + 1, "\(error)")
                }
            }
            start = end + 1
            consumed = start
            lineNumber += 1
        }
        if let cut = fragment { return .failure(.corrupt(path: path, line: cut.line, reason: cut.reason)) }
        return .success(JournalContents(records: records, repairNote: note, consumedBytes: consumed,
                                        consumedLines: lineNumber - firstLine))
    }

    /// Half a record: every whole record ends with `}`, whatever it holds.
    static func isCutOff(_ line: Slice<UnsafeRawBufferPointer>) -> Bool {
        line.first == UInt8(ascii: "{") && line.last(where: { $0 != 0x20 && $0 != 0x0D }) != UInt8(ascii: "}")
    }

    private static func newline(in file: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = file.baseAddress, let found = memchr(base + start, 0x0A, file.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
