import Foundation
import RunbookEngine

/// Step 4's status message and Step 5's draft, written beside the journal and named after it
/// (`APP-TIME-status-update.txt`, `APP-TIME-postmortem.md` for `APP-TIME.jsonl`), so the next
/// incident's never overwrite this one's. 0600 from the first byte, never through a symlink (`PrivateFile`).
public struct IncidentTexts: TextsPort {
    public let journal: String

    public init(journal: String) { self.journal = journal }

    public func write(_ text: String, as kind: WrittenText) async -> Outcome<String> {
        let path = path(kind)
        do {
            try PrivateFile.write(Data(text.utf8), to: path)
            return .ok(path)
        } catch {
            return .failed(PortError(.failed, "could not write \(error)"))
        }
    }

    public func path(_ kind: WrittenText) -> String {
        switch kind {
        case .statusUpdate: Self.path(beside: journal, suffix: "-status-update.txt")
        case .postmortem: Self.path(beside: journal, suffix: "-postmortem.md")
        }
    }

    /// `APP-TIME-SUFFIX` for `APP-TIME.jsonl`: a file named after its incident's journal.
    public static func path(beside journal: String, suffix: String) -> String {
        (journal.hasSuffix(".jsonl") ? String(journal.dropLast(6)) : journal) + suffix
    }
}
