import Foundation
import Testing
import TestHarness

/// Issue 19 §7: the command line a new user reaches for first.
@Suite struct CommandLineTests {
    @Test func versionPrintsTheVersionAndExitsZero() throws {
        let run = try Spawn.outcome([Binary.path, "--version"])
        #expect(run.exitCode == 0)
        #expect(run.stdout.hasPrefix("incident-console 0."), "\(run.stdout)")
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
                     "feature-flag-config", "false-alarm"] {
            let line = try #require(lines.first { $0.hasPrefix(name + " ") }, "\(name) is listed\n\(run.stdout)")
            #expect(line.count > name.count + 20, "\(name) has its symptoms: \(line)")
            for answer in Self.answers {
                #expect(!line.lowercased().contains(answer), "\(name) gives the answer away ('\(answer)'): \(line)")
            }
        }
    }
}
