import Foundation
import Mustache
import RunbookEngine

/// Step 5's Markdown: the facts as Mustache values, rendered through the team's template or the
/// built-in one (the same placeholders). Every value is Markdown already neutralised (`MarkdownText`),
/// so templates render them as they are (`{{timeline}}` needs no triple braces).
public enum PostmortemDocument {
    public struct TemplateError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The built-in layout: also the example of every placeholder a team's template may use.
    public static let builtInTemplate = """
    # Postmortem — {{app}}

    - Severity: {{severity}}; ending: {{ending}}
    - Region: {{region}}
    - Driver: {{driver}}; console started {{started}}
    - Alert: {{alert}}
    - Bad deploy: {{badDeploy}}
    - Mitigation: {{mitigation}}
    - Due: {{due}} (within 48 h; template: {{templateReference}})

    ## Timeline (UTC, from the journal)

    {{timeline}}

    ## Figures

    {{figures}}

    ## Mandatory action items

    {{actionItems}}

    """

    /// Renders `facts` with `template` (nil: the built-in layout).
    public static func render(_ facts: PostmortemFacts, template: String? = nil) throws(TemplateError) -> String {
        try parse(template ?? builtInTemplate).render(values(facts))
    }

    /// Throws what is wrong with a team's template, so a console can refuse it before an incident, not at Step 5.
    public static func check(template: String) throws(TemplateError) {
        _ = try parse(template)
    }

    private static func parse(_ template: String) throws(TemplateError) -> MustacheTemplate {
        MarkdownContent.register()
        do {
            // Values are Markdown-safe already: no HTML escaping on top (`MarkdownContent`).
            return try MustacheTemplate(string: "{{% CONTENT_TYPE: \(MarkdownContent.name) }}" + template)
        } catch {
            throw TemplateError(description: "the template is not valid Mustache: \(error)")
        }
    }

    /// The placeholders, each a Markdown string.
    public static func values(_ facts: PostmortemFacts) -> [String: String] {
        let state = facts.state
        let md = MarkdownText.inline
        let none = "none"
        let bad = state.badEntry.map { "history \($0.id) (\(md($0.revision.short))) at \(Format.timestamp($0.deployedAt))" } ?? none
        let rolledBack = state.commands.contains(where: \.isRollback)
        let mitigation: String = {
            switch state.ending {
            case .rolledBack?: return "rolled back to " + (state.lastKnownGood.map { "history \($0.id) (\(md($0.revision.short)))" } ?? "?")
                + (state.finishedAt[.rollback].map { " at \(Format.clock($0))" } ?? "")
            case .killSwitch?: return "feature flag turned off" + (state.finishedAt[.killSwitch].map { "; p99 held from \(Format.clock($0))" } ?? "")
            case .handOff?: return "none: handed off to \(md(Ending.dataRollbackRunbook))"
            case .noRollback?: return "none needed: the deploy did not cause the alert"
            case .escalate?: return "escalated after " + (rolledBack ? "a rollback that did not bring p99 back" : "the rollback failed")
            case .abandoned?: return "none yet: left at \(md(state.stoppedAt?.label ?? "an open step"))"
            case nil: return "none yet"
            }
        }()
        return [
            "app": md(state.config?.app ?? "?"),
            "region": md(state.config?.region ?? "not configured"),
            "severity": state.severity.rawValue,
            "ending": md(state.ending?.title ?? "none yet"),
            "driver": md(state.driver),
            "started": state.startedAt.map(Format.timestamp) ?? none,
            "alert": (state.alertStart.value ?? nil).map { "\(md(state.config?.alertName ?? "")) at \(Format.timestamp($0))" } ?? "start not read",
            "badDeploy": bad,
            "mitigation": mitigation,
            "due": facts.dueDate.map(Format.timestamp) ?? "unknown (no start read)",
            "templateReference": md(PostmortemFacts.templateReference),
            "timeline": facts.timeline.map { "- \(Format.clock($0.at)) \(md($0.text))" }.joined(separator: "\n"),
            "ttm": facts.timeToMitigate.map(Format.duration) ?? "not mitigated",
            "firstMessage": facts.alertToFirstMessage.map(Format.duration) ?? "no message written",
            "figures": figures(facts),
            "actionItems": actionItems(facts),
        ]
    }

    static func figures(_ facts: PostmortemFacts) -> String {
        func against(_ seconds: Double?, _ range: ClosedRange<Double>, _ what: String) -> String {
            guard let seconds else { return "n/a" }
            let verdict = seconds < range.lowerBound ? "faster than" : seconds <= range.upperBound ? "within" : "slower than"
            return "\(Format.duration(seconds)) (\(verdict) the runbook's \(what))"
        }
        // The metric 3c watches first: the p99 unless the alert picked another.
        let metric = facts.state.config?.watchedFirst.name ?? "p99"
        let back = facts.state.config?.watchedFirst.direction == .above ? "back over" : "back under"
        return [
            "- Time to mitigate (alert → \(metric) \(back) the threshold): " + against(facts.timeToMitigate, PostmortemFacts.total, "5–10 min"),
            "- Mitigation → \(metric) recovered: " + against(facts.mitigationToRecovery, PostmortemFacts.propagation, "30 s – 2 min to propagate"),
            "- Alert → first status message: " + (facts.alertToFirstMessage.map(Format.duration) ?? "no message written")
                + (facts.alertToFirstMessage.map { $0 > 3600 ? " (later than the runbook's 1 h for P1)" : " (within the runbook's 1 h for P1)" } ?? ""),
        ].joined(separator: "\n")
    }

    static func actionItems(_ facts: PostmortemFacts) -> String {
        let state = facts.state
        let md = MarkdownText.inline
        let bad = md(state.badEntry?.revision.short ?? "the bad revision")
        let deployCaused = state.ending != .noRollback
        let ci = deployCaused
            ? "- [ ] Why did CI pass while production failed? Revision \(bad) passed CI and regressed \(md(state.config?.alertName.isEmpty == false ? state.config!.alertName : "p99")) in production: find the missing test and add it."
            : "- [x] Why did CI pass while production failed? Not applicable: the deploy (\(bad)) did not cause the alert."
        let workload = facts.workload
        // A Rollout the console read answers from its own evidence (the Rollout, its AnalysisRun, who aborted).
        let rolloutAnswer: AutoRollbackAnswer? = { if case .rollout? = state.workload { state.whyNoAutoRollback } else { nil } }()
        let rollouts = rolloutAnswer.map { "- [ ] Why did Argo Rollouts not roll back on its own? \(md($0.text)) Action: \(md($0.actionItem))." }
            ?? (workload.kind == "Deployment"
            ? "- [ ] Why did Argo Rollouts not roll back on its own? A plain Deployment: no Rollout, so nothing could. Convert it to a Rollout with an AnalysisTemplate on p99."
            : "- [ ] Why did Argo Rollouts not roll back on its own? A \(md(workload.kind))" + (workload.analysisRun.map { " whose AnalysisRun \(md($0)) passed the bad revision" } ?? " with no AnalysisRun for the bad revision") + ": tighten the AnalysisTemplate's threshold.")
        let footgun = facts.autoSyncFootgunMet
            ? "- [ ] Auto-sync footgun met in this incident (see the timeline): document \"disable auto-sync first\" in the team runbook."
            : "- [x] Auto-sync footgun: not met (auto-sync never fought the rollback)."
        var items = [ci, rollouts, footgun]
        let deferred = { if case .skipped(let why) = state.status(.enableAutoSync) { why.hasPrefix("deferred") } else { false } }()
        if let pin = state.pin, state.pinStillOn || deferred {
            items.append("- [ ] \(md(state.config?.app ?? "the app")) was left pinned to \(md(pin.revision.short)) (targetRevision; 3d not run): set it back to \(md(pin.restore)) once the revert is merged.")
        } else if state.autoSyncStillOff || deferred {
            items.append("- [ ] Auto-sync on \(md(state.config?.app ?? "the app")) was left OFF (3d not run): re-enable it once the revert is merged.")
        }
        return items.joined(separator: "\n")
    }
}

/// Markdown output: values arrive neutralised, so nothing more is escaped.
struct MarkdownContent: MustacheContentType {
    static let name = "INCIDENT_MARKDOWN"
    func escapeText(_ text: String) -> String { text }
    static func register() { MustacheContentTypes.register(MarkdownContent(), named: name) }
}
