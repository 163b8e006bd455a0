import Foundation
import Integrations
import RunbookEngine
import Testing

@Suite struct ArgoCDCLITests {
    static let good = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
    static let bad = "d8f3c2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3"

    func cli(_ standIns: StandIns, timeout: Duration = .seconds(10), dryRun: Bool = false) -> ArgoCDCLI {
        ArgoCDCLI(executable: standIns.argocd, runner: ProcessRunner(killGrace: .milliseconds(200)),
                  timeout: timeout, waitSeconds: 5, dryRun: dryRun)
    }

    @Test func theFixtureApplicationReadsWithHistoryOldestFirst() async throws {
        let standIns = try StandIns()
        try standIns.write("app.json", try AppFixture.diffCache().json)
        let app = try await cli(standIns).application("velero-test")
        #expect(app.name == "velero-test")
        #expect(app.health == .healthy)
        #expect(app.sync == .synced)
        #expect(app.history.map(\.id.rawValue) == Array(14...23))
        #expect(app.current?.revision == Revision("ea8759964626a583667a2bfd08f334ec2070040a"))
        #expect(app.current?.deployedAt == ISO8601DateFormatter().date(from: "2024-03-05T07:33:04Z"))
        #expect(app.autoSync == nil, "the fixture's syncPolicy has no automated block")
        #expect(app.operation?.phase == .succeeded)
        #expect(app.operation?.message == "successfully synced (all tasks run)")
        #expect(app.images == ["nginx:latest"])
        #expect(standIns.log("argocd") == ["app get velero-test -o json"])
    }

    @Test(arguments: [
        (["prune": true, "selfHeal": true] as [String: Bool], AutoSync(prune: true, selfHeal: true)),
        (["selfHeal": true], AutoSync(prune: false, selfHeal: true)),
        ([:], AutoSync(prune: false, selfHeal: false)),
        (["enabled": true, "prune": true], AutoSync(prune: true, selfHeal: false)),
        (["enabled": false, "prune": true, "selfHeal": true], nil),
        (["prune": true, "selfHeal": true, "allowEmpty": true], AutoSync(prune: true, selfHeal: true, allowEmpty: true)),
        (["allowEmpty": false], AutoSync(prune: false, selfHeal: false, allowEmpty: false)),
    ] as [([String: Bool], AutoSync?)])
    func autoSyncIsOnWhenAutomatedExistsAndIsNotDisabled(automated: [String: Bool], expected: AutoSync?) async throws {
        let standIns = try StandIns()
        var fixture = try AppFixture.diffCache()
        fixture.setAutomated(automated)
        try standIns.write("app.json", fixture.json)
        #expect(try await cli(standIns).application("velero-test").autoSync == expected)
    }

    @Test func operationStateGivesPhaseMessageAndSyncedRevision() async throws {
        let standIns = try StandIns()
        var fixture = try AppFixture.diffCache()
        fixture.setOperation(phase: "Failed", message: "one or more objects failed to apply", revision: Self.good)
        try standIns.write("app.json", fixture.json)
        let operation = try await cli(standIns).application("velero-test").operation
        #expect(operation == OperationState(phase: .failed, message: "one or more objects failed to apply",
                                            syncRevision: Revision(Self.good),
                                            startedAt: ISO8601DateFormatter().date(from: "2024-03-05T07:33:03Z"),
                                            finishedAt: ISO8601DateFormatter().date(from: "2024-03-05T07:33:04Z")))
    }

    @Test func garbageOutputIsMalformedWithAClearMessage() async throws {
        let standIns = try StandIns(mode: .garbage)
        await #expect {
            try await cli(standIns).application("velero-test")
        } throws: { error in
            guard let error = error as? PortError else { return false }
            return error.kind == .malformed && error.message.contains("argocd app get velero-test -o json")
                && error.message.contains("not an Application's JSON") && error.message.contains("502 Bad Gateway")
        }
    }

    @Test func jsonOfTheWrongShapeIsMalformed() async throws {
        let standIns = try StandIns()
        try standIns.write("app.json", #"{"status":{"history":[{"id":"forty-two"}]}}"#)
        await #expect {
            try await cli(standIns).application("velero-test")
        } throws: { ($0 as? PortError)?.kind == .malformed && ($0 as? PortError)?.message.contains("status.history") == true }
    }

    @Test func aNonZeroExitShowsTheServersWords() async throws {
        let standIns = try StandIns(mode: .nonZero)
        await #expect {
            try await cli(standIns).application("velero-test")
        } throws: { error in
            (error as? PortError) == PortError(.failed, "argocd app get velero-test -o json: permission denied: applications, get, default/velero-test, sub: alice")
        }
    }

    @Test func aHangingCommandIsKilledAtItsTimeoutAndSaysWhich() async throws {
        let standIns = try StandIns(mode: .hang)
        let started = ContinuousClock.now
        await #expect {
            try await cli(standIns, timeout: .milliseconds(500)).application("velero-test")
        } throws: { error in
            (error as? PortError)?.kind == .timeout && (error as? PortError)?.message.contains("argocd app get velero-test -o json") == true
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aMissingBinaryIsSaidPlainly() async throws {
        let cli = ArgoCDCLI(executable: "/nonexistent/argocd")
        await #expect {
            try await cli.application("velero-test")
        } throws: { ($0 as? PortError)?.kind == .missingBinary && ($0 as? PortError)?.message.contains("/nonexistent/argocd") == true }
    }

    @Test(arguments: ["-o", "UPPER", "a b", "x;rm -rf /", ""])
    func anAppNameThatIsNotAKubernetesNameNeverReachesTheCLI(name: String) async throws {
        let standIns = try StandIns()
        await #expect(throws: PortError.self) { try await cli(standIns).application(name) }
        #expect(standIns.log("argocd").isEmpty)
    }

    @Test(arguments: [StandIns.Mode.refused, .refusedV2])
    func aRefusedRollbackShowsTheServersMessageFirstFromEitherFormat(mode: StandIns.Mode) async throws {
        let standIns = try StandIns(mode: mode)
        let command = GateCommand(step: .rollback, argv: ["argocd", "app", "rollback", "bookstore-catalog-us-east", "41"])
        let result = await cli(standIns).run(command)
        #expect(result.exitCode == 20)
        #expect(!result.succeeded)
        #expect(result.stderr.hasPrefix("rollback cannot be initiated when auto-sync is enabled\n"))
        #expect(result.argv == command.argv, "the result names the command the gate showed")
        #expect(standIns.log("argocd") == ["app rollback bookstore-catalog-us-east 41"], "no app wait after a refusal")
    }

    @Test func aRollbackIsFollowedByAppWaitOnHealthAndOperationNotSync() async throws {
        let standIns = try StandIns()
        try standIns.write("manual", "")
        let command = GateCommand(step: .rollback, argv: ["argocd", "app", "rollback", "bookstore-catalog-us-east", "41"])
        let result = await cli(standIns).run(command)
        #expect(result.succeeded)
        #expect(standIns.log("argocd") == ["app rollback bookstore-catalog-us-east 41",
                                            "app wait bookstore-catalog-us-east --health --operation --timeout 5"])
        #expect(result.stdout.contains("Rolling back application 'bookstore-catalog-us-east' to history 41"))
        #expect(result.stdout.contains("is Healthy"))
    }

    @Test func aRollbackThatExitsZeroIsStillJudgedByItsOperationPhase() async throws {
        // The CLI exits 0; the Application's operationState says Failed — the reducer reads that.
        let standIns = try StandIns()
        try standIns.write("manual", "")
        var failed = try AppFixture.diffCache()
        failed.setOperation(phase: "Failed", message: "one or more synchronization tasks are not valid", revision: Self.good)
        try standIns.write("app-rolled-back.json", failed.json)
        let cli = cli(standIns)
        let result = await cli.run(GateCommand(step: .rollback, argv: ["argocd", "app", "rollback", "velero-test", "22"]))
        #expect(result.exitCode == 0)
        let app = try await cli.application("velero-test")
        #expect(app.operation?.phase == .failed)
        #expect(app.operation?.message == "one or more synchronization tasks are not valid")
    }

    @Test(arguments: [
        GateCommand(step: .disableAutoSync, argv: ["argocd", "app", "set", "app-1", "--sync-policy", "none"]),
        GateCommand(step: .rollback, argv: ["argocd", "app", "rollback", "app-1", "41"]),
        GateCommand(step: .enableAutoSync, argv: ["argocd", "app", "set", "app-1", "--sync-policy", "automated", "--self-heal"]),
    ])
    func aDryRunExecutesNothingAndSaysSo(command: GateCommand) async throws {
        let standIns = try StandIns()
        let result = await cli(standIns, dryRun: true).run(command)
        #expect(standIns.log("argocd").isEmpty)
        #expect(result.exitCode == nil, "a command that did not run has no exit code")
        #expect(!result.succeeded, "the step must not look done")
        #expect(result.launchError == "dry run — not executed: \(command.commandLine)")
        #expect(result.argv == command.argv)
    }

    @Test func aDryRunStillReadsTheApplication() async throws {
        let standIns = try StandIns()
        try standIns.write("app.json", try AppFixture.diffCache().json)
        _ = try await cli(standIns, dryRun: true).application("velero-test")
        #expect(standIns.log("argocd") == ["app get velero-test -o json"])
    }

    @Test func gateCommandsRunTheirArgvExactly() async throws {
        let standIns = try StandIns()
        let argv = ["argocd", "app", "set", "bookstore-catalog-us-east", "--sync-policy", "automated", "--auto-prune", "--self-heal"]
        let result = await cli(standIns).run(GateCommand(step: .enableAutoSync, argv: argv))
        #expect(result.succeeded)
        #expect(standIns.log("argocd") == [argv.dropFirst().joined(separator: " ")])
    }
}

@Suite struct ArgoCDRefusalTests {
    @Test(arguments: [
        ("FATA[0000] rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled",
         "FailedPrecondition", "rollback cannot be initiated when auto-sync is enabled"),
        (#"{"level":"fatal","msg":"rpc error: code = FailedPrecondition desc = another operation is already in progress","time":"2025-07-10T07:10:32Z"}"#,
         "FailedPrecondition", "another operation is already in progress"),
        ("time=\"x\" level=info msg=hello\nFATA[0001] rpc error: code = PermissionDenied desc = permission denied: applications, sync, default/app, sub: bob",
         "PermissionDenied", "permission denied: applications, sync, default/app, sub: bob"),
        (#"{"level":"fatal","msg":"Argo CD server address unspecified","time":"2025-07-10T07:10:32Z"}"#,
         nil, "Argo CD server address unspecified"),
    ] as [(String, String?, String)])
    func refusalsAreReadFromV2TextAndV3JSON(stderr: String, code: String?, message: String) {
        #expect(ArgoCDRefusal.parse(stderr) == ArgoCDRefusal(code: code, message: message))
    }

    @Test func plainOutputIsNoRefusal() {
        #expect(ArgoCDRefusal.parse("Application 'x' updated\n") == nil)
        #expect(ArgoCDRefusal.parse(#"{"level":"info","msg":"fine"}"#) == nil)
    }
}
