import Foundation
import Postmortem
import Storage
import RunbookEngine

/// Step 5's gate writes what `incident-console postmortem JOURNAL` prints: the journal read back as it
/// stands (the confirmation is journaled before the effect runs) and rendered with the team's template
/// (the config's `postmortemTemplate`, checked before the console started) or the built-in layout.
enum PostmortemFile {
    /// nil when the journal cannot be read: the reducer's own draft is written instead.
    static func render(journal: String, template: String? = nil) -> String? {
        guard let contents = try? JournalReader.read(path: journal) else { return nil }
        let facts = PostmortemFacts(events: contents.events)
        // A template that renders nothing usable is never worth losing the postmortem over: the built-in layout then.
        return (try? PostmortemDocument.render(facts, template: template)) ?? (try? PostmortemDocument.render(facts))
    }

    /// Reads and parses a team's template before the terminal is taken: its text, or exit 2 saying what is wrong.
    static func loadTemplate(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure.exit("postmortemTemplate: cannot read \(path)", status: 2)
        }
        let text = String(decoding: data, as: UTF8.self)
        do { try PostmortemDocument.check(template: text) } catch {
            throw Failure.exit("postmortemTemplate: \(path): \(error)", status: 2)
        }
        return text
    }
}
