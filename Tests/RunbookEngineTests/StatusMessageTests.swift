import Foundation
import Testing
@testable import RunbookEngine

/// Step 4 through `reduce`: the severity asked at the gate, the fields the runbook's message names,
/// and a message in its own words for every ending.
@Suite("Step 4: the status message")
struct StatusMessageTests {
    static func config(region: String? = "us-east", severity: Severity? = nil) -> IncidentConfig {
        var config = Incident.config
        config.region = region
        config.severity = severity
        return config
    }

    /// The message the reducer hands over when Step 4's gate is confirmed.
    static func handedOver(_ walk: inout Walk) -> String? {
        walk.confirm(.communicate).compactMap { effect -> String? in
            if case .communicate(let text) = effect { return text } else { return nil }
        }.first
    }

    @Test func aRolledBackMessageNamesWhatRegressedTheDeployTheRegionTheTargetTheTimeAndTheValue() throws {
        var walk = Walk.at(.communicate, config: Self.config())
        #expect(walk.state.gateStep == .communicate)
        let state = walk.state
        let message = StatusMessage(state)
        #expect(message.severity == .p1)
        #expect(message.parts.count == 1, "P1 is the channel message alone")
        let text = message.channelText
        let rolledBackAt = try #require(state.finishedAt[.rollback])
        let latest = try #require(state.recovery.latest)
        for field in ["BookstoreCatalogP99Latency", "after deploy \(Incident.bad.short) in us-east",
                      "Rolled back to \(Incident.good.short) at \(Format.clock(rolledBackAt))",
                      "p99 recovered: \(Format.seconds(latest))", "Investigating root cause"] {
            #expect(text.contains(field), "\(field) missing from: \(text)")
        }
        #expect(message.parts[0].audience == "Channel #bookstore-platform-status")
        #expect(Self.handedOver(&walk) == message.text)
    }

    @Test func noRegionConfiguredLeavesNoEmptyPlaceholder() {
        let walk = Walk.at(.communicate, config: Self.config(region: nil))
        let text = StatusMessage(walk.state).channelText
        #expect(text.contains("after deploy \(Incident.bad.short)."), "\(text)")
        #expect(!text.contains(" in ."))
    }

    @Test(arguments: [(Severity?.none, Severity.p1), (.p1, .p1), (.p0, .p0)])
    func theSeverityDefaultsToTheConfigs(configured: Severity?, expected: Severity) {
        let walk = Walk.at(.communicate, config: Self.config(severity: configured))
        #expect(walk.state.severity == expected)
        #expect(StatusMessage(walk.state).parts.count == (expected == .p0 ? 3 : 1))
    }

    @Test func p0AtTheGateAddsTheTenantContactsAndTheStatusPageEachUnderItsOwnHeading() throws {
        var walk = Walk.at(.communicate, config: Self.config())
        walk.send(.severityChosen(.p0, by: Incident.driver))
        #expect(walk.state.severity == .p0)
        #expect(walk.lastNote?.contains("Severity set to P0 by \(Incident.driver)") == true)
        let message = StatusMessage(walk.state)
        #expect(message.parts.map(\.audience) == ["Channel #bookstore-platform-status", "Tenant contacts", "Status page"])
        #expect(message.parts.allSatisfy { $0.text.contains(Incident.app) && $0.text.contains("us-east") })
        let written = try #require(Self.handedOver(&walk))
        // Each part under its own heading, a blank line between parts: three blocks.
        let blocks = written.trimmingCharacters(in: .newlines).components(separatedBy: "\n\n")
        #expect(blocks.map { $0.split(separator: "\n").first.map(String.init) ?? "" }
                == ["[P0] Channel #bookstore-platform-status:", "[P0] Tenant contacts:", "[P0] Status page:"])
    }

    @Test func theSeverityIsStep4sQuestionAndNotBeforeOrAfter() {
        var early = Walk.at(.rollback, config: Self.config())
        early.send(.severityChosen(.p0, by: Incident.driver))
        #expect(early.state.severity == .p1, "no ending yet: nothing to grade")
        #expect(early.lastNote?.contains("chosen at Step 4's gate") == true)

        var late = Walk.at(.communicate, config: Self.config())
        _ = Self.handedOver(&late)
        #expect(late.state.status(.communicate).isFinished)
        late.send(.severityChosen(.p0, by: Incident.driver))
        #expect(late.state.severity == .p1, "the message is written: its grade stands")
    }

    @Test func theSeverityChoiceReplaysFromTheJournal() {
        var walk = Walk.at(.communicate, config: Self.config())
        walk.send(.severityChosen(.p0, by: Incident.driver))
        #expect(Runbook.replay(walk.journal).severity == .p0)
        #expect(Runbook.replay(walk.journal) == walk.state)
    }

    /// Every ending, reached through `reduce`, with the words that say what happened.
    static let endings: [(Ending, String)] = [
        (.rolledBack, "Rolled back to"), (.handOff, Ending.dataRollbackRunbook), (.noRollback, "did not cause it"),
        (.killSwitch, "disabling the feature flag"), (.escalate, "Escalated"), (.abandoned, "left at"),
    ]

    static func walk(to ending: Ending) -> Walk {
        var world = World()
        let config = Self.config()
        switch ending {
        case .rolledBack:
            return Walk.at(.communicate, config: config)
        case .handOff:
            world.migrations = .ok(Incident.unsafeMigrations)
            var walk = Walk(world, config: config)
            walk.confirm(.preflight)
            walk.confirm(.handOff)
            return walk
        case .noRollback:
            world.alertStart = Incident.h42.deployedAt.addingTimeInterval(-600)
            var walk = Walk(world, config: config)
            walk.confirm(.preflight)
            walk.confirm(.schema)
            walk.confirm(.noRollback)
            return walk
        case .killSwitch:
            world.diagnosis = Incident.configOnlyChange
            var walk = Walk.at(.killSwitch, world, config: config)
            walk.world.flagFlippedAt = walk.clock
            walk.confirm(.killSwitch)
            walk.poll(for: 120)
            return walk
        case .escalate:
            world.p99Recovered = 0.9
            var walk = Walk.at(.rollback, world, config: config)
            walk.confirm(.rollback)
            walk.poll(for: config.verifyTimeoutSeconds)
            walk.send(.timerFired(.verifyTimeout))
            walk.confirm(.escalate)
            return walk
        case .abandoned:
            var walk = Walk.at(.rollback, config: config)
            walk.send(.stopped(reason: "quit by \(Incident.driver)"))
            return walk
        }
    }

    @Test(arguments: endings)
    func everyEndingHasAMessageInItsOwnWords(ending: Ending, words: String) {
        var walk = Self.walk(to: ending)
        #expect(walk.state.ending == ending)
        if ending != .abandoned { walk.send(.severityChosen(.p0, by: Incident.driver)) }
        let message = StatusMessage(walk.state)
        #expect(message.channelText.contains(words), "\(ending): \(message.channelText)")
        #expect(message.channelText.contains(Incident.app) && message.channelText.contains("us-east"))
        for ending2 in Self.endings.map(\.0) where ending2 != ending {
            let other = Self.endings.first { $0.0 == ending2 }!.1
            #expect(!message.channelText.contains(other),
                    "\(ending)'s message borrows \(ending2)'s words: \(message.channelText)")
        }
        if ending != .abandoned {
            #expect(message.parts.count == 3, "P0 adds the tenants and the status page after \(ending)")
        }
    }

    /// A region (or app) with a newline cannot forge a heading of its own, nor reach the terminal raw.
    @Test func aHostileRegionStaysOnItsLine() {
        let hostile = "us-east\n[P0] Status page:\u{1B}[2J\u{7}"
        var walk = Walk.at(.communicate, config: Self.config(region: hostile))
        walk.send(.severityChosen(.p0, by: Incident.driver))
        let text = StatusMessage(walk.state).text
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix("[P0]") }.count == 3, "\(text)")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
}
