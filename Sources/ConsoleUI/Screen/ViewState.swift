import Foundation
import RunbookEngine

/// What only the screen cares about: focus, selection, scrolling, dialogs. Never journaled:
/// a replay or a follower rebuilds the runbook, not where someone's cursor was.
public struct ViewState: Sendable, Equatable {
    public var focus: Pane
    /// The history entry under the cursor; nil follows the proposed last-known-good.
    public var selectedHistoryID: HistoryID?
    /// Scroll offsets (first line shown) of the panes that scroll (the Output log has `outputAnchor`).
    public var scroll: [Pane: Int]
    /// Where the Output log is scrolled to; nil: pinned to its newest line, following new output.
    public var outputAnchor: OutputAnchor?
    public var showHelp: Bool
    /// `q` was pressed while the incident is in progress: only `y`/`n` answer now.
    public var quitPending: Bool
    public var overrideDialog: OverrideDialog?
    /// One transient line for the person at the keys ("read-only: following alice@host").
    public var message: String?
    /// `c` copied Step 4's message: the hour for the first message no longer counts down.
    public var statusMessageCopied = false
    /// Follow mode: the driver being followed (user@host). Set means no gate, no decision, no refresh.
    public var readOnly: String?
    /// The clock shown in the status line (the incident's clock: wall or virtual).
    public var now: Date
    /// A mode marker that must not be missed, e.g. "SIMULATION" in demo and train.
    /// nil: derived from the incident's config (SIMULATION for a simulated source).
    public var modeBanner: String?
    /// `train`'s trainee layer (hints, debrief); nil in every other mode.
    public var training: TrainingView?
    /// The gate the frames on the terminal show whole, and since when (wall clock): `update` arms it.
    public var gateOnScreen: GateOnScreen?
    /// Enter on a History row asked "make this the rollback target?": y or n answers.
    public var targetQuestion: HistoryID?
    /// The answer the last key left on the status line: cleared once another gate is in play.
    public var keyAnswer: String?
    /// Where Step 4's message box is scrolled to (first line shown), when it is taller than the box.
    public var messageScroll = 0
    /// `D` after an ending: the reason being typed for leaving 3d (auto-sync off) for later.
    public var deferReason: String?
    /// The last frame drawn was the "terminal too small" screen: only q and ? answer.
    public var tooSmall = false
    /// The size of the last frame drawn: the Output pane scrolls by what it showed.
    public var screenSize: Size?
    /// Follow mode: why the driver's journal cannot be read now (what is shown is as of the last read).
    public var journalProblem: String?
    /// Replay mode: the playback's span, progress and pause (`readOnly` is set too).
    public var replay: ReplayView?

    public init(focus: Pane = .runbook, selectedHistoryID: HistoryID? = nil, scroll: [Pane: Int] = [:],
                showHelp: Bool = false, quitPending: Bool = false, overrideDialog: OverrideDialog? = nil,
                message: String? = nil, readOnly: String? = nil, now: Date = .distantPast,
                modeBanner: String? = nil) {
        self.focus = focus; self.selectedHistoryID = selectedHistoryID; self.scroll = scroll
        self.showHelp = showHelp; self.quitPending = quitPending; self.overrideDialog = overrideDialog
        self.message = message; self.readOnly = readOnly; self.now = now; self.modeBanner = modeBanner
    }

    public func scrollOffset(_ pane: Pane) -> Int { max(0, scroll[pane] ?? 0) }
}

/// The Output log's first line shown: an entry (numbered from the incident's start, so the place holds
/// as entries come and old ones are dropped) and a line inside it.
public struct OutputAnchor: Sendable, Equatable {
    public var entry: Int
    public var line: Int
    public init(entry: Int, line: Int) { self.entry = entry; self.line = line }
}
