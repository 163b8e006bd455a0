import Foundation
import Postmortem
import Testing
@testable import RunbookEngine

/// Step 5's postmortem from journals made by driving `reduce` (each ending), compared with golden
/// Markdown in `Golden/` (`UPDATE_GOLDEN=1` rewrites them; review the diff), and the rules that make
/// it: evidence-filled action items, figures, hostile journal strings, a team's template.
@Suite("Step 5: the postmortem from the journal")
struct PostmortemTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The journal of a walk to `ending` that goes on to write Step 4's message (when there is one to write).
    static func journal(_ ending: Ending) -> [Event] {
        var walk = StatusMessageTests.walk(to: ending)
        if walk.state.gateStep == .communicate { walk.confirm(.communicate) }
        return walk.journal
    }

    @Test(arguments: Ending.allCases)
    func theBuiltInLayoutMatchesItsGolden(ending: Ending) throws {
        let markdown = try PostmortemDocument.render(PostmortemFacts(events: Self.journal(ending)))
        let file = Self.golden.appendingPathComponent("\(ending.rawValue).md")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try markdown.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(markdown == expected, "\(ending): the postmortem changed; UPDATE_GOLDEN=1 rewrites Golden/\(ending.rawValue).md")
    }

    @Test func theTimelineHasTheAlertTheDeployTheDecisionsWithWhoAndTheCommandsWithTheirExits() throws {
        let facts = PostmortemFacts(events: Self.journal(.rolledBack))
        let texts = facts.timeline.map(\.text)
        #expect(texts.contains("Alert BookstoreCatalogP99Latency started"))
        #expect(texts.contains("Bad deploy: history 42 (d8f3c2a) synced"))
        #expect(texts.contains { $0.hasPrefix("Console started on \(Incident.app) by \(Incident.driver)") })
        #expect(texts.contains("\(Incident.driver) confirmed Step 3b Roll back"))
        #expect(texts.contains { $0.hasPrefix("Step 3b: $ argocd app rollback \(Incident.app) 41 → exit 0 in ") })
        #expect(texts.contains { $0.hasPrefix("p99 over the threshold") } && texts.contains { $0.hasPrefix("p99 back under the threshold") })
        #expect(texts.contains { $0.hasPrefix("Pods moved to \(Incident.goodImage)") })
        #expect(facts.timeline.map(\.at) == facts.timeline.map(\.at).sorted(), "in time order")
        // The figures follow from the same journal.
        let ttm = try #require(facts.timeToMitigate)
        #expect(ttm == facts.recoveredAt!.timeIntervalSince(Incident.h42.deployedAt.addingTimeInterval(207)))
        #expect(facts.dueDate == Incident.h42.deployedAt.addingTimeInterval(207 + 48 * 3600))
    }

    @Test func theAutoSyncFootgunIsMarkedMetOnlyWhenItBit() throws {
        let calm = try PostmortemDocument.render(PostmortemFacts(events: Self.journal(.rolledBack)))
        #expect(calm.contains("- [x] Auto-sync footgun: not met"), "auto-sync was on before 3a, yet it never bit")
        var walk = Walk.at(.rollback)
        walk.world.app.autoSync = Incident.autoSyncOn  // a parent app turned it back on
        walk.poll(for: 10)
        let bitten = try PostmortemDocument.render(PostmortemFacts(events: walk.journal))
        #expect(bitten.contains("- [ ] Auto-sync footgun met in this incident"))
        #expect(bitten.contains("Argo CD reports auto-sync ON"))
    }

    @Test func aRolloutWithAnAnalysisRunIsNamedAndADeploymentIsSaidPlainly() throws {
        let events = Self.journal(.rolledBack)
        #expect(try PostmortemDocument.render(PostmortemFacts(events: events)).contains("A plain Deployment: no Rollout"))
        let rollout = try PostmortemDocument.render(PostmortemFacts(events: events, workload: .init(kind: "Rollout", analysisRun: "catalog-42-p99")))
        #expect(rollout.contains("A Rollout whose AnalysisRun catalog-42-p99 passed the bad revision"))
    }

    /// The Rollouts path's evidence answers the item in `postmortem JOURNAL`, not only in the console's draft.
    @Test func aRolloutIncidentsJournalAnswersFromTheRolloutItRead() throws {
        var walk = Walk.at(.abortRollout, RolloutsPathTests.world(Incident.rolloutInFlight()))
        walk.confirm(.abortRollout)
        let answer = walk.state.whyNoAutoRollback
        let markdown = try PostmortemDocument.render(PostmortemFacts(events: walk.journal))
        #expect(markdown.contains("Why did Argo Rollouts not roll back on its own?"))
        #expect(!markdown.contains("A plain Deployment"), "\(markdown)")
        #expect(markdown.contains(MarkdownText.inline(answer.actionItem)), "\(answer) in\n\(markdown)")
    }

    /// Journal strings cannot inject Markdown (a heading, a link, HTML, a table) nor reach a terminal raw.
    @Test(arguments: ["\n# Owned", "[click](https://evil.example)", "<script>alert(1)</script>", "a|b|c", "\u{1B}]52;c;aGk=\u{7}", "`rm -rf`", "**bold**"])
    func hostileJournalStringsAreNeutralised(hostile: String) throws {
        var walk = Walk.at(.communicate)
        walk.send(.severityChosen(.p0, by: "mallory\(hostile)@laptop"))
        walk.send(.deferred(step: .enableAutoSync, reason: "because \(hostile)", by: Incident.driver))
        let markdown = try PostmortemDocument.render(PostmortemFacts(events: walk.journal))
        #expect(markdown.contains("because"))
        #expect(!markdown.unicodeScalars.contains { TerminalSafe.isControl($0) && $0 != "\n" }, "no control reaches the file")
        for line in markdown.split(separator: "\n") where line.contains("because") || line.contains("mallory") {
            // What Markdown would act on is there only backslash-escaped: drop the escaped pairs, none is left.
            let unescaped = String(line).replacingOccurrences(of: #"\\."#, with: "", options: .regularExpression)
            #expect(!line.hasPrefix("#") && !"[]<>|`*".contains { unescaped.contains($0) }, "\(line)")
        }
        #expect(!markdown.split(separator: "\n").contains { $0.hasPrefix("# Owned") })
    }

    @Test func aTeamsTemplateGetsThePlaceholdersFilled() throws {
        let facts = PostmortemFacts(events: Self.journal(.rolledBack))
        let template = "## {{app}} ({{severity}}, {{region}})\nTTM {{ttm}}; first message {{firstMessage}}; due {{due}}\n{{timeline}}\n{{actionItems}}\n"
        let rendered = try PostmortemDocument.render(facts, template: template)
        let values = PostmortemDocument.values(facts)
        #expect(rendered.hasPrefix("## \(values["app"]!) (P1, us-east)\nTTM \(values["ttm"]!); first message \(values["firstMessage"]!); due \(values["due"]!)\n"))
        #expect(rendered.contains(values["timeline"]!) && rendered.contains(values["actionItems"]!))
        #expect(values["ttm"] != "not mitigated" && values["firstMessage"] != "no message written")
        #expect(throws: PostmortemDocument.TemplateError.self) { try PostmortemDocument.render(facts, template: "{{#timeline}} never closed") }
    }
}
