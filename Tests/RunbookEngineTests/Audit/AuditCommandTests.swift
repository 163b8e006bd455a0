import Foundation
@testable import Storage
import Testing
@testable import RunbookEngine

/// `incident-console audit` as an auditor runs it: the real binary on a journal written by JournalWriter.
/// (`scripts/test` builds the binary first.)
@Suite("Audit: the audit command on real journal files", .serialized)
struct AuditCommandTests {
    @Test func aWalkedJournalPassesWithItsThreeCommands() throws {
        let journal = try TemporaryJournal(AuditJournal.fullWalk)
        let run = try AuditBinary.run(["audit", journal.path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try run.json()
        #expect(report["ok"] as? Bool == true)
        let commands = report["commands"] as? [[String: Any]] ?? []
        #expect(commands.map { $0["step"] as? String } == ["disableAutoSync", "rollback", "enableAutoSync"])
        #expect(commands[safe: 1]?["argv"] as? [String] == AuditJournal.rollbackArgv)
        for command in commands {
            #expect(Set(command.keys) == ["step", "argv", "confirmedBy", "confirmedAt", "override"])
            #expect(command["confirmedBy"] as? String == Incident.driver)
            #expect((command["confirmedAt"] as? String)?.hasSuffix("Z") == true)
            #expect(command["override"] is NSNull)
        }
        #expect((report["violations"] as? [Any])?.isEmpty == true)
    }

    @Test func deletingTheLineThatConfirmedTheRollbackExitsOneNamingIt() throws {
        let journal = try TemporaryJournal(AuditJournal.fullWalk)
        try journal.editLines { lines in lines.removeAll { $0.contains(#""confirmed":{"#) && $0.contains(#""step":"rollback""#) } }
        let run = try AuditBinary.run(["audit", journal.path, "--format", "json"])
        #expect(run.status == 1)
        let report = try run.json()
        #expect(report["ok"] as? Bool == false)
        let violations = report["violations"] as? [[String: Any]] ?? []
        let missing = violations.first { $0["rule"] as? String == "no-confirmation" }
        #expect((missing?["message"] as? String)?.hasPrefix("rollback `argocd app rollback bookstore-catalog-us-east 41` ran at ") == true)
        let rollback = (report["commands"] as? [[String: Any]])?.first { $0["step"] as? String == "rollback" }
        #expect(rollback?["confirmedBy"] is NSNull)

        let text = try AuditBinary.run(["audit", journal.path])
        #expect(text.status == 1)
        #expect(text.stdout.contains("with no earlier confirmation of Step 3b"))
        #expect(text.stdout.contains("NOT OK"))
    }

    @Test func aJournalThatCannotBeReadExitsThree() throws {
        let missing = try AuditBinary.run(["audit", "/nonexistent/journal.jsonl"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("no such file"))

        let journal = try TemporaryJournal(AuditJournal.fullWalk)
        try journal.editLines { lines in lines[4] = String(lines[4].prefix(30)) }
        let corrupt = try AuditBinary.run(["audit", journal.path, "--format", "json"])
        #expect(corrupt.status == 3)
        #expect(corrupt.stderr.contains("line 5 is not a journal record"))
        #expect(corrupt.stdout.isEmpty)
    }

    /// A second incident appended to a journal (what `demo --journal` did to an existing one) broke the
    /// seq rule once per record: the text groups them, the JSON keeps each.
    @Test func repeatedViolationsAreGroupedAndASecondIncidentIsNamed() throws {
        let journal = try TemporaryJournal(AuditJournal.fullWalk)
        try journal.editLines { lines in lines += lines }
        let count = AuditJournal.fullWalk.count
        let text = try AuditBinary.run(["audit", journal.path])
        #expect(text.status == 1)
        let listed = text.stdout.split(separator: "\n").filter { $0.hasPrefix("  - ") }
        #expect(listed.filter { $0.contains("seq goes backwards") }.count == 2, "\(text.stdout)")
        #expect(listed.count < 10, "\(text.stdout)")
        #expect(text.stdout.contains("… and \(count - 2) more seq-out-of-order violations like these, at seq 3 to \(count)"), "\(text.stdout)")
        #expect(text.stdout.contains("This journal holds 2 incidents (`started` at seq 1, 1)"), "\(text.stdout)")
        let json = try AuditBinary.run(["audit", journal.path, "--format", "json"]).json()
        let rules = (json["violations"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
        #expect(rules.filter { $0 == "seq-out-of-order" }.count == count)
    }

    @Test func aTornLastLineIsDroppedWithANote() throws {
        let journal = try TemporaryJournal(AuditJournal.fullWalk)
        let handle = try #require(FileHandle(forWritingAtPath: journal.path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"event":{"at":801000000,"kind":{"confirm"#.utf8))
        try handle.close()
        let run = try AuditBinary.run(["audit", journal.path, "--format", "json"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("was cut off mid-write; it was dropped"))
        #expect(try run.json()["ok"] as? Bool == true)
    }
}

/// A journal file written by the real JournalWriter, removed afterwards.
final class TemporaryJournal {
    let directory: String
    let path: String

    init(_ records: [JournalRecord]) throws {
        directory = NSTemporaryDirectory() + "audit-\(UUID().uuidString.prefix(8))"
        path = directory + "/journal.jsonl"
        let writer = try JournalWriter(path: path)
        for record in records { try writer.append(record.event, durable: true) }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// A person with a text editor.
    func editLines(_ edit: (inout [String]) -> Void) throws {
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        edit(&lines)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }
}

enum AuditBinary {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        func json() throws -> [String: Any] {
            try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], "not JSON: \(stdout)")
        }
    }

    /// The binary built beside this test bundle (any --scratch-path), else `.build/debug/incident-console`.
    static var path: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("incident-console").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/incident-console").path
    }

    static func run(_ arguments: [String]) throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: path), "build the binary first: swift build --product incident-console")
        try #require(try launch(["audit", "--help"]).stdout.contains("USAGE: incident-console audit"),
                     "\(path) has no audit subcommand: add Audit.self to IncidentConsole's subcommands")
        return try launch(arguments)
    }

    private static func launch(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both to the end before waiting, so a full pipe cannot stall the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
