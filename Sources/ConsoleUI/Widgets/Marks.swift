import RunbookEngine
import MigrationSafety

/// Every state that colour distinguishes also gets a symbol and a word (meaning never by colour alone).
struct Mark {
    var symbol: String
    var role: StyleRole

    static func health(_ health: HealthStatus, _ glyphs: Glyphs) -> Mark {
        switch health {
        case .healthy: Mark(symbol: String(glyphs.check), role: .ok)
        case .progressing: Mark(symbol: String(glyphs.pointer), role: .info)
        case .degraded, .missing: Mark(symbol: String(glyphs.cross), role: .danger)
        case .suspended, .unknown: Mark(symbol: String(glyphs.warn), role: .warn)
        }
    }

    static func sync(_ sync: SyncStatus, _ glyphs: Glyphs) -> Mark {
        switch sync {
        case .synced: Mark(symbol: String(glyphs.check), role: .ok)
        case .outOfSync, .unknown: Mark(symbol: String(glyphs.warn), role: .warn)
        }
    }

    static func verdict(_ verdict: Verdict, _ glyphs: Glyphs) -> Mark {
        switch verdict {
        case .safe: Mark(symbol: String(glyphs.check), role: .ok)
        case .review: Mark(symbol: String(glyphs.warn), role: .warn)
        case .unsafe: Mark(symbol: String(glyphs.cross), role: .danger)
        }
    }

    static func step(_ status: StepStatus, _ glyphs: Glyphs) -> Mark {
        switch status {
        case .locked: Mark(symbol: " ", role: .muted)
        case .ready: Mark(symbol: String(glyphs.pointer), role: .info)
        case .awaitingConfirmation: Mark(symbol: String(glyphs.pointer), role: .accent)
        case .running: Mark(symbol: String(glyphs.pointer), role: .info)
        case .waiting: Mark(symbol: String(glyphs.warn), role: .warn)
        case .done: Mark(symbol: String(glyphs.check), role: .ok)
        case .skipped: Mark(symbol: "-", role: .muted)
        case .failed: Mark(symbol: String(glyphs.cross), role: .danger)
        case .outcomeUnknown: Mark(symbol: String(glyphs.warn), role: .warn)
        }
    }

    static func operation(_ phase: OperationPhase, _ glyphs: Glyphs) -> Mark {
        switch phase {
        case .succeeded: Mark(symbol: String(glyphs.check), role: .ok)
        case .failed, .error: Mark(symbol: String(glyphs.cross), role: .danger)
        case .running, .terminating: Mark(symbol: String(glyphs.pointer), role: .info)
        }
    }

    static func note(_ level: Note.Level, _ glyphs: Glyphs) -> Mark {
        switch level {
        case .info: Mark(symbol: String(glyphs.pointer), role: .info)
        case .warn: Mark(symbol: String(glyphs.warn), role: .warn)
        case .danger: Mark(symbol: String(glyphs.cross), role: .danger)
        }
    }
}
