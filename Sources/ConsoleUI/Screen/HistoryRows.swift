import RunbookEngine

/// The History pane's rows, newest first, and which one the cursor is on. Shared by the key map
/// and the pane so that Enter chooses exactly the row that is highlighted.
struct HistoryRows {
    let entries: [HistoryEntry]
    let selectedIndex: Int?

    init(_ state: ConsoleState) {
        entries = Array((state.runbook.app.value?.history ?? []).reversed())
        let wanted = state.view.selectedHistoryID ?? state.runbook.lastKnownGood?.id
        if entries.isEmpty {
            selectedIndex = nil
        } else if let wanted, let index = entries.firstIndex(where: { $0.id == wanted }) {
            selectedIndex = index
        } else {
            selectedIndex = 0
        }
    }

    var selected: HistoryEntry? { selectedIndex.map { entries[$0] } }

    /// The pane's lines: each entry's, then one per source of a multi-source entry (`source` its index).
    var lines: [(entry: Int, source: Int?)] {
        entries.indices.flatMap { index in
            [(index, nil)] + (entries[index].sources ?? []).indices.map { (index, Optional($0)) }
        }
    }

    /// The entry `delta` rows away from the selection, clamped to the list.
    func moved(by delta: Int) -> HistoryEntry? {
        guard let index = selectedIndex else { return nil }
        return entries[min(max(0, index + delta), entries.count - 1)]
    }
}
