import Foundation
import Testing
import TestHarness

/// Issue 19 §7: the command line a new user reaches for first.
@Suite struct CommandLineTests {
    @Test func versionPrintsTheVersionAndExitsZero() throws {
        let run = try Spawn.outcome([Binary.path, "--version"])
        #expect(run.exitCode == 0)
        #expect(run.stdout.hasPrefix("incident-console 0."), "\(run.stdout)")
        // Only scripts/release stamps a revision (scripts/test-package checks that binary's).
        #expect(run.stdout.hasSuffix(" (built from source)\n"), "\(run.stdout)")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameTheCommands(shell: String) throws {
        let run = try Spawn.outcome([Binary.path, "--generate-completion-script", shell])
        #expect(run.exitCode == 0)
        for command in ["demo", "follow", "resume", "check-migrations"] {
            #expect(run.stdout.contains(command), "\(shell) completion names \(command)")
        }
    }
}

/// Issue 19 §6: `train --list` names each drill by its symptoms and keeps the lesson for the debrief.
@Suite struct TrainListTests {
    /// What each shipped drill is there to teach, in the words its old listing gave away.
    static let answers = ["roll back", "rollback", "kill switch", "not indicated", "do not", "stop at", "instead",
                          "last known good", "not 28", "disable it", "intended"]

    @Test func trainListGivesTheSymptomsNotTheAnswers() throws {
        let home = try TemporaryDirectory()
        // An empty config home: only the shipped drills.
        let run = try Spawn.outcome([Binary.path, "train", "--list"], environment: ["XDG_CONFIG_HOME": home.path])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        for name in ["catalog-bad-digest", "orders-hpa-values", "forward-only-migration", "auto-sync-footgun",
                     "parent-app-reenables", "feature-flag-config", "false-alarm"] {
            let line = try #require(lines.first { $0.hasPrefix(name + " ") }, "\(name) is listed\n\(run.stdout)")
            #expect(line.count > name.count + 20, "\(name) has its symptoms: \(line)")
            for answer in Self.answers {
                #expect(!line.lowercased().contains(answer), "\(name) gives the answer away ('\(answer)'): \(line)")
            }
        }
    }
}

/// Issue 19 §7: README's commands table and the binary's own `help COMMAND` name the same flags.
@Suite struct ReadmeCommandTableTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// Flags every console command takes, said once in README's Themes section rather than in each row.
    static let sharedFlags: Set<String> = ["--theme", "--config", "--help", "--version"]

    static func flags(in text: some StringProtocol) -> Set<String> {
        var flags = Set<String>()
        var rest = Substring(text)
        while let range = rest.range(of: #"--[a-z][a-z-]*[a-z]"#, options: .regularExpression) {
            flags.insert(String(rest[range]))
            rest = rest[range.upperBound...]
        }
        return flags
    }

    /// The table's rows by command (`train` has two), each row's flags, in both columns.
    static func rows() throws -> [String: Set<String>] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        var rows: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `incident-console ") {
            let command = String(line.dropFirst("| `incident-console ".count).prefix { $0 != " " && $0 != "`" })
            rows[command, default: []].formUnion(flags(in: line))
        }
        return rows
    }

    static func help(_ command: String) throws -> Set<String> {
        let run = try Spawn.outcome([Binary.path, "help", command])
        #expect(run.exitCode == 0, "help \(command): \(run.stderr)")
        return flags(in: run.stdout)
    }

    @Test(arguments: ["run", "demo", "follow", "resume", "train", "replay", "audit", "postmortem", "themes"])
    func theTableNamesExactlyTheFlagsTheCommandHas(command: String) throws {
        let rows = try Self.rows()
        let row = try #require(rows[command], "README's table has a row for \(command)")
        let help = try Self.help(command)
        for flag in row.subtracting(Self.sharedFlags) {
            #expect(help.contains(flag), "README gives `\(command)` \(flag), which its --help does not have")
        }
        // resume takes "run's flags": its row points at run's.
        let documented = command == "resume" ? row.union(rows["run"] ?? []) : row
        for flag in help.subtracting(Self.sharedFlags) {
            #expect(documented.contains(flag), "`\(command) --help` has \(flag), README's table does not")
        }
    }

    /// Issue 15: `postmortem` fails closed: an unreadable journal exits 3, a broken template 2, and -o
    /// writes a private file (0600) with the Markdown it would have printed.
    @Test func postmortemWritesAPrivateFileAndRefusesBadInputWithAClearMessage() throws {
        let dir = NSTemporaryDirectory() + "ic-pm-\(UUID().uuidString.prefix(8))"
        // -o writes as the console writes its own files: 0600, in a directory only its owner can write to.
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let started = ##"{"event":{"at":800980454,"kind":{"started":{"config":{"alertName":"BookstoreCatalogP99Latency","app":"bookstore-catalog-us-east","deployment":"catalog","migrationsGlob":"m/*.sql","mode":"simulation","namespace":"bookstore","p99Threshold":0.5,"pollSeconds":10,"recentDeployWindowSeconds":1800,"region":"us-east","selector":"app=catalog","statusChannel":"#status","sustainSeconds":60,"verifyTimeoutSeconds":600},"driver":"oncall@laptop"}}},"seq":1,"time":"2026-05-20T14:34:14.000Z","v":1}"##
        let journal = dir + "/j.jsonl"
        try (started + "\n").write(toFile: journal, atomically: true, encoding: .utf8)

        let printed = try Spawn.outcome([Binary.path, "postmortem", journal])
        #expect(printed.exitCode == 0 && printed.stdout.hasPrefix("# Postmortem — bookstore-catalog-us-east\n"), "\(printed.stderr)")
        let out = dir + "/pm.md"
        let written = try Spawn.outcome([Binary.path, "postmortem", journal, "-o", out])
        #expect(written.exitCode == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == printed.stdout)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int)
        #expect(mode == 0o600)

        let template = dir + "/t.md"
        try "Team: {{app}} in {{region}}\n".write(toFile: template, atomically: true, encoding: .utf8)
        let team = try Spawn.outcome([Binary.path, "postmortem", journal, "--template", template])
        #expect(team.exitCode == 0 && team.stdout == "Team: bookstore-catalog-us-east in us-east\n", "\(team.stdout)\(team.stderr)")

        try "{{#timeline}} never closed".write(toFile: template, atomically: true, encoding: .utf8)
        let broken = try Spawn.outcome([Binary.path, "postmortem", journal, "--template", template])
        #expect(broken.exitCode == 2 && broken.stderr.contains("not valid Mustache"), "\(broken.stderr)")
        let missing = try Spawn.outcome([Binary.path, "postmortem", dir + "/none.jsonl"])
        #expect(missing.exitCode == 3 && missing.stderr.contains("postmortem:"), "\(missing.stderr)")
    }
}
