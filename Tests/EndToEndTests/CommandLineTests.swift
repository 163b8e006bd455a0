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
