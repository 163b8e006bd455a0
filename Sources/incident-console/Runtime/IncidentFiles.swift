/// What an incident writes beside its journal, named after the journal (`APP-TIME-postmortem.md` for
/// `APP-TIME.jsonl`), so the next incident's files never overwrite this one's.
enum IncidentFiles {
    static func statusMessage(_ journal: String) -> String { path(beside: journal, suffix: "-status-update.txt") }
    static func postmortem(_ journal: String) -> String { path(beside: journal, suffix: "-postmortem.md") }
    static func debrief(_ journal: String) -> String { path(beside: journal, suffix: "-debrief.md") }

    private static func path(beside journal: String, suffix: String) -> String {
        (journal.hasSuffix(".jsonl") ? String(journal.dropLast(6)) : journal) + suffix
    }
}
