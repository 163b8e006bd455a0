import Foundation
import TestHarness
import Testing

/// What reaches a terminal from outside (journals, theme and drill files) is escaped; crafted numbers
/// end in a message and a non-zero exit, never a crash; every error goes to stderr with a non-zero exit.
@Suite(.serialized)
struct HostileInputTests {
    /// Clear screen, an OSC 52 clipboard write ending in BEL, a right-to-left override, a C1 CSI.
    static let hostile = "\u{1B}[2J\u{1B}]52;c;aGk=\u{07}\u{202E}\u{9B}31m"
    /// The same in JSON and YAML double-quoted string escapes.
    static let hostileJSON = #"\u001b[2J\u001b]52;c;aGk=\u0007\u202e\u009b31m"#
    static let hostileYAML = #"\e[2J\e]52;c;aGk=\a\u202E\x9B31m"#

    static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
                || [0x061C, 0x200E, 0x200F].contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
        }.map { String(format: "U+%04X", $0.value) }
    }

    static let started = ##"{"event":{"at":800980454,"kind":{"started":{"config":{"alertName":"BookstoreCatalogP99Latency","app":"APP","deployment":"catalog","migrationsGlob":"m/*.sql","mode":"simulation","namespace":"bookstore","p99Threshold":0.5,"pollSeconds":POLL,"recentDeployWindowSeconds":1800,"selector":"app=catalog","statusChannel":"#status","sustainSeconds":60,"verifyTimeoutSeconds":600},"driver":"DRIVER"}}},"seq":1,"time":"2026-05-20T14:34:14.000Z","v":1}"##
    static let unconfirmed = ##"{"event":{"at":800980466,"kind":{"gateFinished":{"result":{"argv":["argocd","app","rollback","ARG"],"exitCode":0,"seconds":2,"stderr":"","stdout":"","timedOut":false,"truncated":false},"step":"rollback"}}},"seq":SEQ,"time":"2026-05-20T14:34:26.000Z","v":1}"##

    static func journal(in directory: String, app: String = "catalog", driver: String = "oncall@laptop", poll: String = "10",
                        arg: String = "41", seq: String = "2") throws -> String {
        let path = directory + "/j.jsonl"
        let lines = [started.replacingOccurrences(of: "APP", with: app).replacingOccurrences(of: "DRIVER", with: driver)
                        .replacingOccurrences(of: "POLL", with: poll),
                     unconfirmed.replacingOccurrences(of: "ARG", with: arg).replacingOccurrences(of: "SEQ", with: seq)]
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func environment(_ home: TemporaryDirectory) -> [String: String] {
        ["XDG_CONFIG_HOME": home.path, "XDG_STATE_HOME": home.path, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
    }

    // MARK: - Nothing from outside reaches the terminal raw

    @Test func auditTextEscapesJournalFieldsAndJSONKeepsThemExactly() throws {
        let home = try TemporaryDirectory()
        let path = try Self.journal(in: home.path, app: "catalog" + Self.hostileJSON, driver: "oncall" + Self.hostileJSON,
                                    arg: "41" + Self.hostileJSON)
        let text = try Spawn.outcome([Binary.path, "audit", path], environment: Self.environment(home))
        #expect(text.exitCode == 1, "the unconfirmed rollback is a violation: \(text.stderr)")
        #expect(Self.rawControls(text.stdout).isEmpty, "raw controls in audit's text: \(Self.rawControls(text.stdout))")
        #expect(text.stdout.contains(#"41\x1B[2J\x1B]52;c;aGk=\x07\u{202E}\x9B31m"#), "shown, escaped:\n\(text.stdout)")

        let json = try Spawn.outcome([Binary.path, "audit", "--format", "json", path], environment: Self.environment(home))
        #expect(json.exitCode == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "valid JSON")
        let argv = (object["commands"] as? [[String: Any]])?.first?["argv"] as? [String]
        #expect(argv?.last == "41" + Self.hostile, "the exact string round-trips through JSON")
    }

    @Test func themesListsAHostileDescriptionEscaped() throws {
        let home = try TemporaryDirectory()
        let themes = home.path + "/incident-console/themes"
        try FileManager.default.createDirectory(atPath: themes, withIntermediateDirectories: true)
        try "name: hostile\ndescription: \"evil \(Self.hostileYAML)\"\nappearance: dark\n".write(toFile: themes + "/hostile.yaml", atomically: true, encoding: .utf8)
        let listed = try Spawn.outcome([Binary.path, "themes"], environment: Self.environment(home))
        #expect(listed.exitCode == 0, "\(listed.stderr)")
        let line = listed.stdout.split(separator: "\n").first { $0.hasPrefix("hostile ") } ?? ""
        #expect(line.contains(#"evil \x1B[2J\x1B]52;c;aGk=\x07\u{202E}\x9B31m"#), "the theme is listed, escaped:\n\(listed.stdout)")
        #expect(Self.rawControls(listed.stdout).isEmpty, "\(Self.rawControls(listed.stdout))")
    }

    @Test func trainListShowsAHostileDrillDescriptionEscaped() throws {
        let home = try TemporaryDirectory()
        let scenarios = home.path + "/incident-console/scenarios"
        try FileManager.default.createDirectory(atPath: scenarios, withIntermediateDirectories: true)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shipped = try String(contentsOf: root.appendingPathComponent("Scenarios/false-alarm.yaml"), encoding: .utf8)
        let crafted = shipped.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("name:") { return "name: hostile-drill" }
            if line.hasPrefix("description:") { return "description: \"evil \(Self.hostileYAML)\"" }
            return String(line)
        }.joined(separator: "\n")
        try crafted.write(toFile: scenarios + "/hostile.yaml", atomically: true, encoding: .utf8)
        let listed = try Spawn.outcome([Binary.path, "train", "--list"], environment: Self.environment(home))
        #expect(listed.exitCode == 0, "\(listed.stderr)")
        let line = listed.stdout.split(separator: "\n").first { $0.hasPrefix("hostile-drill ") } ?? ""
        #expect(line.contains(#"evil \x1B[2J\x1B]52;c;aGk=\x07\u{202E}\x9B31m"#), "the drill is listed, escaped:\n\(listed.stdout)")
        #expect(Self.rawControls(listed.stdout).isEmpty && Self.rawControls(listed.stderr).isEmpty)
    }

    // MARK: - Crafted numbers: a message and an exit status, never a crash

    @Test(arguments: [("poll", #""NaN""#, "pollSeconds: expected seconds from 1 to 3600, got NaN"),
                      ("poll", "1e17", "pollSeconds: expected seconds from 1 to 3600, got 100000000000000000"),
                      ("poll", "0", "pollSeconds: expected seconds from 1 to 3600, got 0"),
                      ("seq", "9223372036854775807", "seq"),
                      ("seq", "-1", "seq: expected a whole number from 1 to 1000000000000, got -1")])
    func auditOfACraftedJournalExits3WithTheReason(field: String, value: String, message: String) throws {
        let home = try TemporaryDirectory()
        let path = field == "poll" ? try Self.journal(in: home.path, poll: value) : try Self.journal(in: home.path, seq: value)
        let audit = try Spawn.outcome([Binary.path, "audit", path], environment: Self.environment(home))
        #expect(audit.signal == nil, "never a crash")
        #expect(audit.exitCode == 3, "\(audit.stderr)")
        #expect(audit.stderr.contains(message), "\(audit.stderr)")
        #expect(audit.stdout.isEmpty)
    }

    @Test(arguments: ["replay", "follow", "resume"])
    func aJournalWithPollSecondsNaNIsRefusedSayingWhy(command: String) throws {
        let home = try TemporaryDirectory()
        let path = try Self.journal(in: home.path, poll: #""NaN""#)
        let run = try Spawn.outcome([Binary.path, command, path], environment: Self.environment(home))
        #expect(run.exitCode == 3, "\(run)")
        #expect(run.stderr.contains("line 1") && run.stderr.contains("pollSeconds: expected seconds from 1 to 3600, got NaN"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    // MARK: - Every error goes to stderr with a non-zero exit

    @Test(arguments: [
        (["follow", "/nonexistent/j.jsonl"], Int32(3), "cannot open journal /nonexistent/j.jsonl: no such file"),
        (["replay", "/nonexistent/j.jsonl"], 3, "cannot open journal /nonexistent/j.jsonl: no such file"),
        (["resume", "/nonexistent/j.jsonl"], 3, "cannot open journal /nonexistent/j.jsonl: no such file"),
        (["follow"], 3, "no journal in"),
        (["train", "nosuch"], 1, "no drill named 'nosuch'"),
        (["demo"], 1, "the console needs a terminal"),
        (["run", "--app", "a", "--config", "/nonexistent/config.yaml"], 2, "/nonexistent/config.yaml: no such file"),
        (["run", "--app", "a", "--sustain", "nan"], 2, "--sustain: expected seconds from 1 to 86400, got NaN"),
    ] as [([String], Int32, String)])
    func anErrorGoesToStderrWithANonZeroExit(arguments: [String], status: Int32, message: String) throws {
        let home = try TemporaryDirectory()
        let run = try Spawn.outcome([Binary.path] + arguments, environment: Self.environment(home))
        #expect(run.exitCode == status, "\(arguments): \(run)")
        #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        #expect(run.stdout.isEmpty, "\(arguments) printed on stdout: \(run.stdout)")
    }
}

/// Standard input is check-migrations' default only for a pipe: at a terminal, with no file, it prints its usage.
@Suite struct CheckMigrationsAtATerminalTests {
    @Test func withNoFileAtATerminalItPrintsItsUsageInsteadOfWaiting() throws {
        let script = "\"$0\" check-migrations; echo \"exit=$?\"; sleep 600"
        let tmux = try Tmux(command: ["sh", "-c", script, Binary.path], width: 120, height: 40, environment: ["TERM": "tmux-256color"])
        let screen = try tmux.wait(timeout: 10) { $0.contains("exit=") }
        #expect(screen.contains("exit=64"), "a usage error, at once\n\(screen)")
        #expect(screen.contains("no migrations given") && screen.contains("Usage: incident-console check-migrations"), "\(screen)")
    }
}
