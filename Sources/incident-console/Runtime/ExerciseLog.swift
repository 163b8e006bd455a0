import Foundation
import Postmortem
import RunbookEngine
import Storage

/// `exercises.jsonl` beside the journals: a row (`Exercise`) for each live incident or drill that reached an
/// ending and finished Step 5, one JSON line each, 0600 like the journals. `exercises` prints it as the
/// runbook's table; `run` and `demo` warn on their first screen when its newest row is past 90 days.
enum ExerciseLog {
    static let fileName = "exercises.jsonl"

    /// The log in the directory that holds `journal`.
    static func path(beside journal: String) -> String {
        path(in: (journal as NSString).deletingLastPathComponent)
    }

    static func path(in directory: String) -> String {
        (directory.isEmpty ? "." : directory) + "/" + fileName
    }

    /// The rows, oldest first, and how many lines could not be read (kept in the file, never rewritten).
    static func read(_ path: String) -> (rows: [Exercise], unreadable: Int) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([], 0) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var rows: [Exercise] = []
        var unreadable = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            if let row = try? decoder.decode(Exercise.self, from: Data(line)) { rows.append(row) } else { unreadable += 1 }
        }
        return (rows, unreadable)
    }

    /// Adds the incident's row when its journal shows it complete and the log has no row for it yet.
    /// Returns what went wrong, if anything: the console says it on the way out, the journal is untouched.
    @discardableResult
    static func record(journal: String, kind: Exercise.Kind) -> String? {
        guard let contents = try? JournalReader.read(path: journal),
              let row = Exercise(facts: PostmortemFacts(events: contents.events),
                                 journal: (journal as NSString).lastPathComponent, kind: kind, recorded: Date()) else { return nil }
        let log = path(beside: journal)
        guard !read(log).rows.contains(where: { $0.journal == row.journal }) else { return nil }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        do {
            var line = try encoder.encode(row)
            line.append(UInt8(ascii: "\n"))
            try PrivateFile.append(line, to: log)
            return nil
        } catch {
            return "could not add this incident to the exercise log \(log): \(error)"
        }
    }

    /// The first screen's warning for a console about to drive `journal`.
    static func warning(beside journal: String, now: Date = Date()) -> String? {
        ExerciseTable.staleness(read(path(beside: journal)).rows, now: now)
    }
}
