import Foundation
import Integrations
import RunbookEngine
import Testing

/// Which cluster (issue 18): a pinned argocd / kubectl context is named by every command the adapters run,
/// the contexts are read (read-only) before an incident starts, and the names are checked like any flag.
@Suite struct ClusterContextTests {
    func argocd(_ standIns: StandIns, context: String? = "prod-argocd") -> ArgoCDCLI {
        ArgoCDCLI(executable: standIns.argocd, runner: ProcessRunner(killGrace: .milliseconds(200)), timeout: .seconds(10),
                  waitSeconds: 5, context: context)
    }

    @Test func everyArgocdCommandNamesThePinnedContextFirst() async throws {
        let standIns = try StandIns()
        try standIns.write("app.json", try AppFixture.diffCache().json)
        let cli = argocd(standIns)
        _ = try await cli.application("velero-test")
        _ = try await cli.diff("velero-test", revision: Revision(ArgoCDCLITests.good))
        let gates = [GateCommand(step: .disableAutoSync, argv: ["argocd", "--argocd-context", "prod-argocd", "app", "set", "velero-test", "--sync-policy", "none"]),
                     GateCommand(step: .rollback, argv: ["argocd", "--argocd-context", "prod-argocd", "app", "rollback", "velero-test", "22"])]
        for gate in gates { #expect(await cli.run(gate).succeeded) }
        let log = standIns.log("argocd")
        #expect(log == ["--argocd-context prod-argocd app get velero-test -o json",
                        "--argocd-context prod-argocd app diff velero-test --revision \(ArgoCDCLITests.good)",
                        "--argocd-context prod-argocd app set velero-test --sync-policy none",
                        "--argocd-context prod-argocd app rollback velero-test 22",
                        "--argocd-context prod-argocd app wait velero-test --health --operation --timeout 5"])
    }

    @Test(arguments: [
        ["argocd", "app", "set", "velero-test", "--sync-policy", "none"],
        ["argocd", "--argocd-context", "staging", "app", "set", "velero-test", "--sync-policy", "none"],
    ])
    func aGateCommandThatDoesNotNameThePinnedContextNeverRuns(argv: [String]) async throws {
        let standIns = try StandIns()
        let result = await argocd(standIns).run(GateCommand(step: .disableAutoSync, argv: argv))
        #expect(!result.succeeded)
        #expect(result.launchError?.contains("does not name this console's argocd context (prod-argocd)") == true, "\(result)")
        #expect(standIns.log("argocd").isEmpty)
    }

    @Test func withoutAPinnedContextNoCommandNamesOne() async throws {
        let standIns = try StandIns()
        try standIns.write("app.json", try AppFixture.diffCache().json)
        _ = try await argocd(standIns, context: nil).application("velero-test")
        let refused = await argocd(standIns, context: nil).run(GateCommand(step: .disableAutoSync, argv: ["argocd", "--argocd-context", "x", "app", "set", "velero-test", "--sync-policy", "none"]))
        #expect(refused.launchError != nil, "a gate naming a context this console did not pin is refused too")
        #expect(standIns.log("argocd") == ["app get velero-test -o json"])
    }

    @Test func everyKubectlCommandNamesThePinnedContextFirst() async throws {
        let standIns = try StandIns()
        try standIns.write("pods-bad.json", PodsFixture.json([("catalog-7d9f-abcde", KubectlClusterTests.badDigest, true)]))
        try standIns.write("deployment.json", DeploymentFixture.json(images: [("catalog", "registry.example.com/catalog:1.4.2")]))
        let cluster = KubectlCluster(executable: standIns.kubectl, context: "prod-us-east")
        _ = try await cluster.podImages(namespace: "bookstore", selector: "app=catalog")
        _ = try await cluster.deploymentImages(namespace: "bookstore", name: "catalog")
        #expect(standIns.log("kubectl") == ["--context prod-us-east -n bookstore get pods -l app=catalog -o json",
                                            "--context prod-us-east -n bookstore get deployment catalog -o json"])
    }

    @Test func theContextsAreReadFromArgocdsTableAndKubectlsMinifiedConfig() async throws {
        let standIns = try StandIns()
        let current = await ContextReader.read(argocd: standIns.argocd, kubectl: standIns.kubectl, argocdContext: nil, kubeContext: nil,
                                               runner: ProcessRunner(), timeout: .seconds(10))
        #expect(current == ClusterContexts(argocdContext: "argocd.example.com", argocdServer: "argocd.example.com",
                                           kubeContext: "prod-us-east", kubeCluster: "prod-us-east-cluster", kubeServer: "https://prod-us-east.k8s.example.com"))
        let pinned = await ContextReader.read(argocd: standIns.argocd, kubectl: standIns.kubectl, argocdContext: "staging", kubeContext: "staging-eu",
                                              runner: ProcessRunner(), timeout: .seconds(10))
        #expect(pinned.argocdContext == "staging" && pinned.argocdServer == "argocd-staging.example.com:443")
        #expect(pinned.kubeContext == "staging-eu" && pinned.kubeServer == "https://staging-eu.k8s.example.com")
        #expect(standIns.log("argocd") == ["context", "--argocd-context staging context"])
        #expect(standIns.log("kubectl") == ["config view --minify -o json", "--context staging-eu config view --minify -o json"])
    }

    @Test func whatCannotBeReadStaysUnknown() async throws {
        let standIns = try StandIns()
        try standIns.setMode(.nonZero)
        let contexts = await ContextReader.read(argocd: standIns.argocd, kubectl: "/nonexistent/kubectl", argocdContext: "prod", kubeContext: nil,
                                                runner: ProcessRunner(), timeout: .seconds(10))
        #expect(contexts == ClusterContexts(argocdContext: "prod"))
    }

    @Test func theContextsComeFromTheFileAndAFlagWins() throws {
        let file = try ConfigFile.parse(yaml: """
            defaults:
              argocdContext: argocd.example.com
            apps:
              - name: bookstore-catalog-us-east
                kubeContext: prod-us-east
            """, file: "config.yaml")
        let fromFile = try LiveSettings.resolve(app: "bookstore-catalog-us-east", file: file, flags: AppSettings())
        #expect(fromFile.argocdContext == "argocd.example.com" && fromFile.kubeContext == "prod-us-east")
        var flags = AppSettings()
        flags.kubeContext = "arn:aws:eks:us-east-1:123456789012:cluster/prod"
        let flagged = try LiveSettings.resolve(app: "bookstore-catalog-us-east", file: file, flags: flags)
        #expect(flagged.kubeContext == "arn:aws:eks:us-east-1:123456789012:cluster/prod")
        #expect(try LiveSettings.resolve(app: "a", file: nil, flags: AppSettings()).kubeContext == nil, "not pinned by default")
    }

    @Test(arguments: [
        ("argocdContext", "--server=evil.example.com", "command line: --argocd-context: '--server=evil.example.com' starts with '-': it would be read as a flag, not a context name"),
        ("kubeContext", "-n", "command line: --kube-context: '-n' starts with '-': it would be read as a flag, not a context name"),
        ("kubeContext", "", "command line: --kube-context: is empty"),
        ("argocdContext", "prod\u{1B}[2J", "command line: --argocd-context: 'prod\\x1B[2J' holds control characters"),
    ])
    func aContextThatIsNotANameIsRefusedByItsFlag(key: String, value: String, message: String) {
        var flags = AppSettings()
        if key == "argocdContext" { flags.argocdContext = value } else { flags.kubeContext = value }
        #expect {
            try LiveSettings.resolve(app: "a", file: nil, flags: flags)
        } throws: { ($0 as? ConfigError)?.description == message }
    }

    @Test func aContextInTheFileThatLooksLikeAFlagIsRefusedWithItsLine() {
        #expect {
            try ConfigFile.parse(yaml: "apps:\n  - name: a\n    kubeContext: --all\n", file: "config.yaml")
        } throws: { "\($0)".contains("config.yaml:3") && "\($0)".contains("kubeContext") }
    }
}
