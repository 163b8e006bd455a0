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
}
