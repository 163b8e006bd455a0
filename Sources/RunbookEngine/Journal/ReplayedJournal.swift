import Foundation

/// A journal replayed once: the state it leaves and what a console needs to go on from it (where a tail
/// continues, the gate commands a resumed simulated world re-applies), without keeping its records.
/// Records are folded in as they are read (`add`), so a journal of any length is replayed in bounded memory.
public struct ReplayedJournal: Sendable {
    public private(set) var state = RunbookState()
    /// The events the console acted on (`JournalContents.events`).
    public private(set) var eventCount = 0
    /// Where a tail reader continues (`JournalTail`).
    public var consumedBytes = 0
    public var consumedLines = 0
    public private(set) var lastSeq: Int?
    /// Set when a torn line was dropped (`JournalContents.repairNote`).
    public var repairNote: String?
    /// Each gate command a confirmation sent, with its event's time: fsync'd before it ran, so it ran
    /// (or was running when the console died).
    public private(set) var gateRuns: [(at: Date, command: GateCommand)] = []
    /// The first record is an incident's start; the newest format version seen: what a reader checks.
    public private(set) var startsWithAnIncident = false
    public private(set) var newestFormat = 0
    /// A `decisionNotDurable` naming a record other than the one just before it (the writer always
    /// writes it right after): only a hand-edited journal; replay it whole (`init(_:)`) instead.
    public private(set) var needsWholeReplay = false

    /// The record not yet applied: a `decisionNotDurable` right after it withdraws it.
    private var held: JournalRecord?

    public init() {}

    /// Replays `contents` (already read whole) through `reduce`, once.
    public init(_ contents: JournalContents) {
        startsWithAnIncident = contents.records.first?.isStart ?? false
        newestFormat = contents.records.map(\.v).max() ?? 0
        for event in contents.events { apply(event) }
        lastSeq = contents.records.last?.seq
        consumedBytes = contents.consumedBytes
        consumedLines = contents.consumedLines
        repairNote = contents.repairNote
    }

    /// Replays events the console acted on (already without withdrawn decisions), once.
    public init(events: [Event]) {
        for event in events { apply(event) }
        startsWithAnIncident = events.first.map { if case .started = $0.kind { true } else { false } } ?? false
    }

    /// Folds the next records in, in order; `finish()` after the last.
    public mutating func add(_ records: [JournalRecord]) {
        for record in records {
            if held == nil, lastSeq == nil { startsWithAnIncident = record.isStart }
            newestFormat = max(newestFormat, record.v)
            if case .decisionNotDurable(let seq, _) = record.event.kind {
                if held?.seq == seq {
                    held = nil
                } else if let last = lastSeq, seq <= last {
                    needsWholeReplay = true
                }
            }
            if let held { apply(held.event) }
            held = record
            lastSeq = record.seq
        }
    }

    /// Applies the last record held back.
    public mutating func finish() {
        if let held { apply(held.event) }
        held = nil
    }

    private mutating func apply(_ event: Event) {
        eventCount += 1
        for case .runGate(let command) in Runbook.reduce(&state, event) { gateRuns.append((event.at, command)) }
    }
}

extension JournalRecord {
    var isStart: Bool { if case .started = event.kind { true } else { false } }
}
