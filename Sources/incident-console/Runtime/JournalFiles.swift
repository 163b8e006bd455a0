import ArgumentParser
import Foundation
import Storage
import RunbookEngine

/// A journal this console drives: the lock that makes it the only driver (held for the console's
/// whole life) and the writer.
struct DrivenJournal {
    let lock: JournalLock
    let writer: JournalWriter
}

/// Finding, reading and claiming journals; every refusal is a message on stderr: exit status 3 for a
/// journal that cannot be read or used, 1 for one another console drives.
enum JournalFiles {
    /// `$XDG_STATE_HOME/incident-console/APP-TIME.jsonl`; HOME and XDG_STATE_HOME both unset stop here.
    static func defaultPath(app: String) throws -> String {
        do { return try JournalWriter.defaultPath(app: app, at: Date()) } catch { throw Failure.exit("\(error)") }
    }

    static func newest() throws -> String {
        let directory: String
        do { directory = try JournalWriter.directory() } catch { throw Failure.exit("\(error)") }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let journals = names.filter { $0.hasSuffix(".jsonl") }.map { "\(directory)/\($0)" }
        let dated = journals.compactMap { path -> (String, Date)? in
            guard let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
            return (path, date)
        }
        guard let newest = dated.max(by: { $0.1 < $1.1 }) else {
            throw Failure.exit("no journal in \(directory) — pass its path", status: Failure.unreadableJournal)
        }
        return newest.0
    }

    /// Read once, a chunk at a time, and replayed as it is read: where `resume` and `follow` start,
    /// in memory that does not grow with the journal (its records are not kept).
    static func replayed(_ path: String) throws -> ReplayedJournal {
        let journal: ReplayedJournal
        do {
            journal = try ReplayedJournal(path: path) { path, each throws(JournalError) in try JournalReader.read(path: path, each) }
        } catch {
            throw Failure.exit("\(error)", status: Failure.unreadableJournal)
        }
        try check(path, startsWithAnIncident: journal.startsWithAnIncident, format: journal.newestFormat)
        // The replay's decoding is done; its freed heap is not the console's to keep.
        FreedMemory.giveBack()
        return journal
    }

    /// Read whole (`replay` plays every event back).
    static func read(_ path: String) throws -> JournalContents {
        let contents: JournalContents
        do { contents = try JournalReader.read(path: path) } catch {
            throw Failure.exit("\(error)", status: Failure.unreadableJournal)
        }
        try check(path, startsWithAnIncident: contents.records.first.map { if case .started = $0.event.kind { true } else { false } } == true,
                  format: contents.records.map(\.v).max() ?? 0)
        return contents
    }

    private static func check(_ path: String, startsWithAnIncident: Bool, format: Int) throws {
        guard startsWithAnIncident else {
            throw Failure.exit("\(path) does not start with an incident's first event", status: Failure.unreadableJournal)
        }
        if format > JournalRecord.formatVersion {
            throw Failure.exit("\(path) is journal format v\(format); this console reads v\(JournalRecord.formatVersion)", status: Failure.unreadableJournal)
        }
    }

    /// One driver per journal: refused, naming the holder, while another console drives it.
    /// The log is checked first, so a console that cannot start leaves no file behind.
    static func lock(_ path: String) throws -> JournalLock {
        try ConsoleLog.check()
        do { return try JournalLock(journal: path, driver: ConsoleLauncher.driverName()) } catch {
            throw Failure.exit("\(error)")
        }
    }

    /// A new incident's journal: locked, then created; an existing journal is refused (resume continues it).
    static func startNew(_ path: String) throws -> DrivenJournal {
        let lock = try lock(path)
        do { return DrivenJournal(lock: lock, writer: try JournalWriter(path: path)) } catch {
            throw Failure.exit("\(error)")
        }
    }

    /// An existing journal, read under `lock`: its torn last line is cut off, and records go on from its last seq.
    static func continuing(_ path: String, lock: JournalLock, journal: ReplayedJournal) throws -> DrivenJournal {
        let next = (journal.lastSeq ?? 0) + 1
        do {
            return DrivenJournal(lock: lock, writer: try JournalWriter(continuing: path, validBytes: journal.consumedBytes, nextSeq: next))
        } catch {
            throw Failure.exit("\(error)")
        }
    }
}
