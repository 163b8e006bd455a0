import ArgumentParser
import Foundation
import Integrations
import RunbookEngine

/// `incident-console run --app NAME`: drive a real incident through argocd, kubectl, git and Prometheus.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drive a live incident: real argocd, kubectl, git and Prometheus.",
        discussion: """
        Uses the argocd login, kubeconfig and config-repo checkout you already have (ARGOCD_SERVER, \
        ARGOCD_AUTH_TOKEN and ARGOCD_OPTS are left to the CLI). --argocd-context and --kube-context pin \
        which Argo CD and which cluster: every argocd and kubectl command then names them; the status line \
        shows both, pinned or read at the start. Apps come from \
        $XDG_CONFIG_HOME/incident-console/config.yaml or --config; every key has a flag that overrides \
        it, so a one-off incident needs no file. Each mutating step shows its exact command and runs it \
        only after you press y; with --dry-run it is journaled as not run and never executed. \
        argocd, kubectl and git on PATH (or --argocd/--kubectl) and the config repo are checked before \
        the terminal is taken: what is missing goes to standard error, exit 2.
        """
    )

    @Option(help: ArgumentHelp("The Argo CD application. Without it: the only app in the config file, or a choice among them.", valueName: "name"))
    var app: String?

    @OptionGroup var live: LiveOptions
    @OptionGroup var session: SessionOptions

    func run() async throws {
        let file = try live.loadFile()
        let theme = try session.display.resolvedTheme(file: file)
        let name = try app ?? Self.pickApp(from: file)
        let settings = try live.resolve(app: name, file: file)
        try live.check(settings)
        let template = try settings.postmortemTemplate.map(PostmortemFile.loadTemplate)
        let config = LivePorts.incident(settings, dryRun: live.dryRun, clusters: await LivePorts.contexts(settings))
        let path = try session.journal ?? JournalFiles.defaultPath(app: config.app)
        let journal = try JournalFiles.startNew(path)
        var launcher = ConsoleLauncher(journalPath: path, theme: theme)
        launcher.exercise = .live
        launcher.firstScreenMessage = ExerciseLog.warning(beside: path)
        launcher.postmortemTemplate = template
        try await launcher.run(.drive(config, LivePorts.make(settings, dryRun: live.dryRun), journal))
    }

    /// No `--app`: the one configured app, or a numbered choice on the terminal before the screen starts.
    static func pickApp(from file: ConfigFile?) throws -> String {
        let apps = file?.apps.map(\.name) ?? []
        switch apps.count {
        case 0:
            throw LiveOptions.fail("no --app given and no apps configured in \(file?.path ?? ConfigFile.defaultPath()) — pass --app NAME")
        case 1:
            return apps[0]
        default:
            print("Which app?")
            for (index, name) in apps.enumerated() { print("  \(index + 1)) \(name)") }
            while true {
                print("Number (1-\(apps.count)), or q to quit: ", terminator: "")
                guard let line = readLine()?.trimmingCharacters(in: .whitespaces), line != "q" else { throw ExitCode(1) }
                if let number = Int(line), apps.indices.contains(number - 1) { return apps[number - 1] }
                if apps.contains(line) { return line }
            }
        }
    }
}
