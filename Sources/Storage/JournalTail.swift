import Foundation
import RunbookEngine

/// Follows a journal another process is writing: returns the records added since the last call.
/// Survives the file growing, being rotated (a new file at the same path) or truncated: then it
/// starts again from the top and says so. A file it cannot read is an error each poll, until it can.
public final class JournalTail: @unchecked Sendable {
    public let path: String
    private var offset = 0
    private var identity: (device: UInt64, inode: UInt64)?
    private var nextLine = 1
    /// The seq of the last record read: a line a failed write left is recognised by the seq after it.
    private var lastSeq: Int?

    /// - Parameters:
    ///   - offset: bytes already read (e.g. `JournalContents.consumedBytes`), so nothing is read twice.
    ///   - lines: lines already read (`JournalContents.consumedLines`), so a damaged line is named by its line in the file.
    ///   - lastSeq: the seq of the last record already read.
    public init(path: String, offset: Int = 0, lines: Int = 0, lastSeq: Int? = nil) {
        self.path = path
        self.offset = offset
        self.nextLine = lines + 1
        self.lastSeq = lastSeq
    }

    public enum Change: Sendable, Equatable {
        /// New records appended to the same file.
        case appended([JournalRecord])
        /// The file was replaced or truncated: these are all its records, from the start.
        case restarted([JournalRecord])
    }

    public func poll() throws(JournalError) -> Change {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        let current = (UInt64(info.st_dev), UInt64(info.st_ino))
        var restarted = false
        // Shorter than what was read means truncated, also on the first poll after starting from an offset.
        if identity.map({ $0 != current }) ?? false || Int(info.st_size) < offset {
            offset = 0
            nextLine = 1
            lastSeq = nil
            restarted = true
        }
        identity = current
        guard Int(info.st_size) > offset || restarted else { return .appended([]) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let data: Data
        do {
            try handle.seek(toOffset: UInt64(offset))
            data = try handle.readToEnd() ?? Data()
        } catch { throw .cannotOpen(path: path, reason: (error as NSError).localizedDescription) }
        let contents = try JournalReader.parse(data, path: path, final: false, firstLine: nextLine, previousSeq: lastSeq)
        offset += contents.consumedBytes
        nextLine += contents.consumedLines
        lastSeq = contents.records.last?.seq ?? lastSeq
        return restarted ? .restarted(contents.records) : .appended(contents.records)
    }
}
