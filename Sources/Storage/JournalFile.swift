import Foundation
import RunbookEngine

extension JournalReader {
    /// Reads a journal file whole and parses it (`JournalReader.parse`).
    public static func read(path: String) throws(JournalError) -> JournalContents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .cannotOpen(path: path, reason: FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file")
        }
        return try parse(data, path: path, final: true)
    }

    /// Reads a journal file a chunk at a time, handing each chunk's records to `body` in order: the whole
    /// file and all its records are never in memory at once. Returns where a tail reader goes on
    /// (`records` empty).
    public static func read(path: String, chunkBytes: Int = 4 << 20,
                            _ body: ([JournalRecord]) throws(JournalError) -> Void) throws(JournalError) -> JournalContents {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: errno == ENOENT ? "no such file" : "not readable") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var pending = Data()
        var total = JournalContents(records: [], consumedBytes: 0)
        var lastSeq: Int?
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: chunkBytes) ?? Data() } catch {
                throw .cannotOpen(path: path, reason: (error as NSError).localizedDescription)
            }
            let atEnd = chunk.isEmpty
            pending.append(chunk)
            let contents: JournalContents
            do throws(JournalError) {
                contents = try parse(pending, path: path, final: atEnd, firstLine: total.consumedLines + 1, previousSeq: lastSeq)
            } catch {
                // A line a failed write cut off is judged by the record after it: when it is the last whole
                // line read so far, that record is in the chunks still to come.
                let lastLine = total.consumedLines + pending.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                guard !atEnd, case .corrupt(_, lastLine, _) = error else { throw error }
                continue
            }
            try body(contents.records)
            total.consumedBytes += contents.consumedBytes
            total.consumedLines += contents.consumedLines
            total.repairNote = contents.repairNote ?? total.repairNote
            lastSeq = contents.records.last?.seq ?? lastSeq
            if atEnd { return total }
            pending = pending.subdata(in: pending.startIndex + contents.consumedBytes..<pending.endIndex)
        }
    }
}

extension ReplayedJournal {
    /// Reads the journal at `path` once, through `read` (`JournalReader.read(path:_:)`, or a caller's
    /// checking or counting stand-in), and replays it as it reads: what `resume` and `follow` start from.
    /// A journal whose withdrawn decision is not right before its marker (hand-edited) is replayed whole.
    public init(path: String, read: (String, ([JournalRecord]) throws(JournalError) -> Void) throws(JournalError) -> JournalContents)
        throws(JournalError) {
        var journal = ReplayedJournal()
        let end = try read(path) { records throws(JournalError) in journal.add(records) }
        journal.finish()
        guard !journal.needsWholeReplay else {
            self.init(try JournalReader.read(path: path))
            return
        }
        journal.consumedBytes = end.consumedBytes
        journal.consumedLines = end.consumedLines
        journal.repairNote = end.repairNote
        self = journal
    }
}
