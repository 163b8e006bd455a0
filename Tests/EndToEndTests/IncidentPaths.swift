/// The files an incident writes beside its journal, as the README names them (`APP-TIME.jsonl` →
/// `APP-TIME-status-update.txt`, `APP-TIME-postmortem.md`).
enum IncidentPaths {
    static func statusMessage(_ journal: String) -> String { beside(journal, "-status-update.txt") }
    static func postmortem(_ journal: String) -> String { beside(journal, "-postmortem.md") }

    private static func beside(_ journal: String, _ suffix: String) -> String {
        (journal.hasSuffix(".jsonl") ? String(journal.dropLast(6)) : journal) + suffix
    }
}
