import Storage

/// What a drill writes beside its journal, named after it (`APP-TIME-debrief.md` for `APP-TIME.jsonl`);
/// Step 4's and 5's texts are `Storage.IncidentTexts`'.
enum IncidentFiles {
    static func debrief(_ journal: String) -> String { IncidentTexts.path(beside: journal, suffix: "-debrief.md") }
}
