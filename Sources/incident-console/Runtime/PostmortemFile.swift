import Foundation
import Postmortem
import Storage
import RunbookEngine

/// Step 5's gate writes what `incident-console postmortem JOURNAL` prints: the journal read back as it
/// stands (the confirmation is journaled before the effect runs) and rendered with the built-in layout.
enum PostmortemFile {
    /// nil when the journal cannot be read: the reducer's own draft is written instead.
    static func render(journal: String) -> String? {
        guard let contents = try? JournalReader.read(path: journal) else { return nil }
        return try? PostmortemDocument.render(PostmortemFacts(events: contents.events))
    }
}
