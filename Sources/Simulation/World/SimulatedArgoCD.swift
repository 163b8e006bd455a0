import Foundation
import RunbookEngine

/// The `argocd` CLI as the gates call it, answered the way the real server answers.
extension SimulatedWorld {
    static let usage = """
        Usage:
          argocd app set APPNAME --sync-policy none|automated [--auto-prune] [--self-heal] [--allow-empty]
          argocd app set APPNAME --revision REVISION
          argocd app sync APPNAME
          argocd app rollback APPNAME ID
          argocd app sync APPNAME --revision REVISION
          argocd app terminate-op APPNAME
          argocd app actions run APPNAME abort|promote-full --kind Rollout --resource-name NAME [--namespace NS]
          argocd proj windows enable-manual-sync PROJECT ID

        """

    func interpret(_ argv: [String], at now: Date) -> CommandResult {
        // `--flag=value` is the same as `--flag value` to the CLI.
        let words = argv.flatMap { word -> [String] in
            guard word.hasPrefix("--"), let eq = word.firstIndex(of: "=") else { return [word] }
            return [String(word[..<eq]), String(word[word.index(after: eq)...])]
        }
        if let answer = interpretRolloutCommand(argv, words: words, at: now) { return answer }
        guard let program = words.first, (program as NSString).lastPathComponent == "argocd" else {
            return result(argv, exit: 20, stderr: "simulated cluster: only argocd commands run here\n" + Self.usage)
        }
        switch Array(words.dropFirst()) {
        case let args where args.count >= 5 && args[0] == "app" && args[1] == "set" && args[3] == "--sync-policy":
            return setSyncPolicy(argv, app: args[2], policy: args[4], flags: Array(args.dropFirst(5)), at: now)
        case let args where args.count == 5 && args[0] == "app" && args[1] == "set" && args[3] == "--revision":
            return setRevision(argv, app: args[2], revision: args[4], at: now)
        case let args where args.count == 3 && args[0] == "app" && args[1] == "sync":
            return syncToTarget(argv, app: args[2], at: now)
        case let args where args.count == 5 && args[0] == "app" && args[1] == "sync" && args[3] == "--revision":
            return syncToRevision(argv, app: args[2], revision: Revision(args[4]), at: now)
        case let args where args.count == 3 && args[0] == "app" && args[1] == "terminate-op":
            guard args[2] == scenario.app else { return notFound(argv, args[2]) }
            guard var running = operation, running.phase == .running else {
                return result(argv, exit: 20, stderr: "FATA[0000] rpc error: code = InvalidArgument desc = Unable to terminate operation. No operation is in progress\n")
            }
            running.phase = .failed
            running.message = "Operation terminated"
            running.finishedAt = now
            operation = running
            return result(argv, exit: 0, stdout: "Application '\(args[2])' operation terminating\n")
        case let args where args.count == 4 && args[0] == "app" && args[1] == "rollback":
            guard let id = Int(args[3]) else {
                return result(argv, exit: 20, stderr: "Error: invalid history ID '\(args[3])'\n" + Self.usage)
            }
            return rollback(argv, app: args[2], to: HistoryID(id), at: now)
        case let args where args.count == 5 && args[0...2] == ["proj", "windows", "enable-manual-sync"]:
            return enableManualSync(argv, project: args[3], id: args[4], at: now)
        default:
            return result(argv, exit: 20, stderr: "Error: unknown command or flags: \(CommandResult.commandLine(argv))\n" + Self.usage)
        }
    }

    private func setSyncPolicy(_ argv: [String], app: String, policy: String, flags: [String], at now: Date) -> CommandResult {
        guard app == scenario.app else { return notFound(argv, app) }
        let automated = ["automated", "automatic", "auto"].contains(policy)
        let knownFlags = flags.allSatisfy { ["--auto-prune", "--self-heal", "--allow-empty"].contains($0) }
        if policy == "none", flags.isEmpty {
            autoSync = nil
            if anchors[.autoSyncDisabled] == nil { anchors[.autoSyncDisabled] = now }
        } else if automated, knownFlags {
            // `--sync-policy automated` alone turns prune and selfHeal off, as the real CLI does.
            autoSync = AutoSync(prune: flags.contains("--auto-prune"), selfHeal: flags.contains("--self-heal"),
                                allowEmpty: flags.contains("--allow-empty"))
        } else {
            return result(argv, exit: 20, stderr: "Error: invalid sync policy or flags: \(policy) \(flags.joined(separator: " "))\n" + Self.usage)
        }
        scheduleAutoSync(from: now)
        return result(argv, exit: 0, stdout: "Application '\(app)' updated\n")
    }

    /// `argocd app set APP --revision REV`: the app tracks REV from now on (HEAD, or a commit the repo has);
    /// auto-sync, when on, syncs to it.
    private func setRevision(_ argv: [String], app: String, revision: String, at now: Date) -> CommandResult {
        guard app == scenario.app else { return notFound(argv, app) }
        guard revision == "HEAD" || digestByRevision.keys.contains(where: { $0.sameCommit(as: Revision(revision)) }) else {
            return result(argv, exit: 20, stderr: "FATA[0000] rpc error: code = InvalidArgument desc = application spec for \(app) is invalid: InvalidSpecError: Unable to resolve '\(revision)' to a commit SHA\n")
        }
        targetRevision = revision
        if anchors[.autoSyncDisabled] == nil, revision != "HEAD" { anchors[.autoSyncDisabled] = now }
        scheduleAutoSync(from: now)
        return result(argv, exit: 0, stdout: "Application '\(app)' updated\n")
    }

    /// `argocd app sync APP`: sync to what the app tracks now (after a pin, the pinned commit).
    private func syncToTarget(_ argv: [String], app: String, at now: Date) -> CommandResult {
        guard app == scenario.app else { return notFound(argv, app) }
        let target = desired
        sync(to: target, at: now, note: nil)
        autoSyncDueAt = nil
        if anchors[.rollback] == nil { anchors[.rollback] = now }
        return result(argv, exit: 0, stdout: "Name: \(app)\nOperation:          Sync\nSync Revision:      \(target.rawValue)\nPhase:              Succeeded\n")
    }

    /// `argocd app sync APP --revision SHA`: 3b for a target the history no longer keeps.
    private func syncToRevision(_ argv: [String], app: String, revision: Revision, at now: Date) -> CommandResult {
        guard app == scenario.app else { return notFound(argv, app) }
        guard autoSync == nil else {
            return result(argv, exit: 1, stderr: "FATA[0000] rpc error: code = FailedPrecondition desc = Cannot sync to \(revision.rawValue): auto-sync currently set to \(head.rawValue)\n")
        }
        guard let known = digestByRevision.keys.first(where: { $0.sameCommit(as: revision) }) else {
            return result(argv, exit: 20, stderr: "FATA[0000] rpc error: code = Unknown desc = unable to resolve '\(revision.rawValue)' to a commit SHA\n")
        }
        sync(to: known, at: now, note: nil)
        if anchors[.rollback] == nil { anchors[.rollback] = now }
        return result(argv, exit: 0, stdout: "Name: \(app)\nOperation:          Sync\nSync Revision:      \(known.rawValue)\nPhase:              Succeeded\n")
    }

    private func rollback(_ argv: [String], app: String, to id: HistoryID, at now: Date) -> CommandResult {
        guard app == scenario.app else { return notFound(argv, app) }
        guard autoSync == nil else {
            return result(argv, exit: 1, stderr: "FATA[0000] rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled\n")
        }
        guard let target = history.first(where: { $0.id == id }) else {
            return result(argv, exit: 1, stderr: "FATA[0000] rpc error: code = InvalidArgument desc = application \(app) does not have deployment with id \(id)\n")
        }
        // A window that denies syncs parks the rollback, as Argo CD does (argo-cd#26215): it runs when the window lets it.
        if windowReading.state == .syncDenied {
            parkedRollback = id
            operation = OperationState(phase: .running, message: "Sync operation blocked by sync window", syncRevision: target.revision, startedAt: now)
            return result(argv, exit: 0, stdout: "Rolling back application '\(app)' to history \(id) (revision \(target.revision.short))\n")
        }
        sync(to: target.revision, at: now, note: nil)
        if anchors[.rollback] == nil { anchors[.rollback] = now }
        return result(argv, exit: 0, stdout: """
            Rolling back application '\(app)' to history \(id) (revision \(target.revision.short))
            Operation:          Rollback
            Phase:              Succeeded
            Message:            successfully synced (all tasks run)

            """)
    }

    /// `argocd proj windows enable-manual-sync PROJECT ID`: the window lets manual syncs through from now on.
    private func enableManualSync(_ argv: [String], project: String, id: String, at now: Date) -> CommandResult {
        guard project == scenario.project else {
            return result(argv, exit: 20, stderr: "FATA[0000] rpc error: code = NotFound desc = appprojects.argoproj.io \"\(project)\" not found\n")
        }
        guard let number = Int(id), let index = syncWindows.indices.first(where: { syncWindows[$0].id == number }) else {
            return result(argv, exit: 20, stderr: "FATA[0000] window with id '\(id)' not found\n")
        }
        syncWindows[index].manualSync = true
        notes.append(Note(at: now, text: "manual sync enabled on sync window \(number) of \(project)"))
        if let parked = parkedRollback, windowReading.state != .syncDenied, let target = history.first(where: { $0.id == parked }) {
            parkedRollback = nil
            sync(to: target.revision, at: now, note: "the parked rollback to \(parked) ran")
            if anchors[.rollback] == nil { anchors[.rollback] = now }
        }
        return result(argv, exit: 0)
    }

    /// The app's sync-window state as `argocd app get` would say it, with the windows that deny it.
    var windowReading: SyncWindowReading {
        SyncWindowReading.judged(syncWindows, project: scenario.project,
                                 for: SyncWindowTarget(app: scenario.app, namespace: scenario.namespace, server: "https://kubernetes.default.svc"))
    }

    /// `argocd app diff APP --revision REV` as the server would print it: the Deployment's pod template
    /// (its config checksum, and the image where the digests differ), `<` live and `>` REV.
    func diffText(app: String, revision: Revision) throws -> String {
        guard app == scenario.app else {
            throw PortError(.failed, "argocd app diff \(app) --revision \(revision.rawValue) failed: rpc error: code = NotFound desc = applications.argoproj.io \"\(app)\" not found")
        }
        let live = history[history.count - 1].revision
        guard let target = digestByRevision.keys.first(where: { $0.sameCommit(as: revision) }) else {
            throw PortError(.failed, "argocd app diff \(app) --revision \(revision.rawValue) failed: rpc error: code = Unknown desc = unable to resolve '\(revision.rawValue)' to a commit SHA")
        }
        if live.sameCommit(as: target) { return "" }
        let liveDigest = digestByRevision[live] ?? scenario.current.digest
        let targetDigest = digestByRevision[target] ?? scenario.current.digest
        let kind = scenario.canary == nil ? "apps/Deployment" : "argoproj.io/Rollout"
        var lines = ["", "===== \(kind) \(scenario.namespace)/\(scenario.deployment) ======", "18c18",
                     "<         checksum/config: \(live.rawValue)", "---", ">         checksum/config: \(target.rawValue)"]
        if liveDigest != targetDigest {
            lines += ["27c27", "<         image: \(scenario.image(liveDigest))", "---", ">         image: \(scenario.image(targetDigest))"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func notFound(_ argv: [String], _ app: String) -> CommandResult {
        result(argv, exit: 20, stderr: "FATA[0000] rpc error: code = NotFound desc = applications.argoproj.io \"\(app)\" not found\n")
    }

    private func result(_ argv: [String], exit: Int32, stdout: String = "", stderr: String = "") -> CommandResult {
        CommandResult(argv: argv, exitCode: exit, stdout: stdout, stderr: stderr, seconds: 0.3)
    }
}
