/// What a drill writes beside its journal, named after it (`APP-TIME-debrief.md` for `APP-TIME.jsonl`);
/// Step 4's and 5's texts are `Storage.IncidentTexts`'.
enum IncidentFiles {
    static func debrief(_ journal: String) -> String { path(beside: journal, suffix: "-debrief.md") }

    private static func path(beside journal: String, suffix: String) -> String {
        (journal.hasSuffix(".jsonl") ? String(journal.dropLast(6)) : journal) + suffix
    }
}
