import Foundation

/// Follows a journal another process is writing: returns the records added since the last call.
/// Survives the file growing, being rotated (a new file at the same path) or truncated: then it
/// starts again from the top and says so.
public final class JournalTail: @unchecked Sendable {
    public let path: String
    private var offset = 0
    private var identity: (device: UInt64, inode: UInt64)?
    private var nextLine = 1

    /// - Parameters:
    ///   - offset: bytes already read (e.g. `JournalContents.consumedBytes`), so nothing is read twice.
    ///   - lines: lines already read (`JournalContents.consumedLines`), so a damaged line is named by its line in the file.
    public init(path: String, offset: Int = 0, lines: Int = 0) {
        self.path = path
        self.offset = offset
        self.nextLine = lines + 1
    }

    public enum Change: Sendable, Equatable {
        /// New records appended to the same file.
        case appended([JournalRecord])
        /// The file was replaced or truncated: these are all its records, from the start.
        case restarted([JournalRecord])
    }

    public func poll() throws(JournalError) -> Change {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .cannotOpen(path: path, reason: "no such file") }
        let current = (UInt64(info.st_dev), UInt64(info.st_ino))
        var restarted = false
        // Shorter than what was read means truncated, also on the first poll after starting from an offset.
        if identity.map({ $0 != current }) ?? false || Int(info.st_size) < offset {
            offset = 0
            nextLine = 1
            restarted = true
        }
        identity = current
        guard Int(info.st_size) > offset || restarted else { return .appended([]) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .cannotOpen(path: path, reason: "not readable") }
        defer { try? handle.close() }
        do { try handle.seek(toOffset: UInt64(offset)) } catch { throw .cannotOpen(path: path, reason: "\(error)") }
        let data = handle.readDataToEndOfFile()
        let contents = try JournalReader.parse(data, path: path, final: false, firstLine: nextLine)
        offset += contents.consumedBytes
        nextLine += contents.consumedLines
        return restarted ? .restarted(contents.records) : .appended(contents.records)
    }
}
