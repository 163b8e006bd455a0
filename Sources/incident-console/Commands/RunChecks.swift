import Foundation
import Integrations

/// What `run` (and a live `resume`) can check before it takes the terminal: the CLIs it will run and the
/// config repo it reads. A missing one stops here, on stderr with the flag that fixes it, instead of
/// opening a console whose every pane then says the same thing.
enum RunChecks {
    static func problems(_ settings: LiveSettings,
                         environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let search = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        var problems: [String] = []
        for (program, flag, install) in [(settings.argocd, "--argocd", "install the Argo CD CLI"),
                                         (settings.kubectl, "--kubectl", "install kubectl"),
                                         ("git", nil, "install git")] {
            if program.contains("/") {
                if !FileManager.default.isExecutableFile(atPath: program) {
                    problems.append("\(program) (\(flag ?? program)) is not an executable file — check the path")
                }
            } else if !search.contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }) {
                problems.append("\(program) not found on PATH — \(install)" + (flag.map { " or pass \($0) PATH" } ?? ""))
            }
        }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: settings.configRepo, isDirectory: &isDirectory) || !isDirectory.boolValue {
            problems.append("the config repo \(settings.configRepo) is not a directory — pass --config-repo PATH (the checkout the app tracks)")
        }
        return problems
    }
}

extension LiveOptions {
    /// Stops with every problem `RunChecks` finds (exit 2), before the journal or the terminal is touched.
    func check(_ settings: LiveSettings) throws {
        let problems = RunChecks.problems(settings)
        guard !problems.isEmpty else { return }
        throw LiveOptions.fail(problems.joined(separator: "\nincident-console: "))
    }
}
