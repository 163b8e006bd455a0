import Foundation
import Testing
@testable import RunbookEngine

/// Step 4b through `reduce`: offered only with a status webhook configured, the gate's body is exactly
/// what is posted, and whatever the webhook answers, Step 5 follows.
@Suite("Step 4b: posting the status message")
struct StatusPostTests {
    static var posting: IncidentConfig {
        var config = Incident.config
        config.region = "us-east"
        config.statusPost = true
        return config
    }

    /// Step 4 written, 4b's gate open.
    static func atThePost(_ world: World = World()) -> Walk {
        var walk = Walk.at(.enableAutoSync, world, config: posting)
        walk.confirm(.enableAutoSync)
        return walk
    }

    @Test func withoutAWebhookThereIsNoStep4bAndStep5FollowsStep4() {
        var walk = Walk.at(.communicate)
        walk.confirmEverything(before: .postmortem)
        #expect(!walk.state.isShown(.postStatus))
        #expect(walk.state.gateStep == .postmortem)
        #expect(!walk.emitted.contains { if case .postStatus = $0 { true } else { false } })
    }

    @Test func theBodyIsSlacksTextFieldWithEverythingEscaped() {
        #expect(StatusPost.body("plain") == #"{"text":"plain"}"#)
        #expect(StatusPost.body("say \"hi\"\nnext / line\\") == #"{"text":"say \"hi\"\nnext / line\\"}"#)
        #expect(StatusPost.body("\u{1b}[2J") == #"{"text":"\u001b[2J"}"#)
    }

    @Test func the4bGateOpensAfterStep4WithTheChannelMessageStep4WroteAndYPostsExactlyThat() throws {
        var walk = Walk.at(.communicate, config: Self.posting)
        let written = StatusMessage(walk.state).channelText
        walk.confirm(.communicate)
        #expect(walk.state.isShown(.postStatus))
        let body = try #require(walk.state.statusPostBody)
        #expect(body == StatusPost.body(written))
        #expect(written.contains("after deploy \(Incident.bad.short) in us-east"))
        walk.confirmEverything(before: .postStatus)
        #expect(walk.state.gateStep == .postStatus)
        #expect(walk.state.status(.postmortem) == .locked, "Step 5 waits for 4b")
        let effects = walk.confirm(.postStatus)
        #expect(effects == [.postStatus(body: body)])
        #expect(walk.world.postedBodies == [body])
        #expect(walk.state.status(.postStatus) == .done("posted: the webhook answered HTTP 200"))
        #expect(walk.state.gateStep == .postmortem)
    }

    @Test(arguments: [
        (Outcome<Int>.ok(500), "answered HTTP 500"),
        (.ok(404), "answered HTTP 404"),
        (.failed(PortError(.failed, "could not connect to the status webhook's server (URLError -1004)")), "could not connect"),
        (.failed(PortError(.timeout, "the status webhook did not answer within 10 s")), "did not answer within 10 s"),
    ])
    func aRefusedOrFailedPostIsAClearNoteAndStep5StillFollows(answer: Outcome<Int>, said: String) throws {
        var world = World()
        world.webhookAnswer = answer
        var walk = Self.atThePost(world)
        #expect(walk.state.gateStep == .postStatus)
        walk.confirm(.postStatus)
        guard case .skipped(let why) = walk.state.status(.postStatus) else {
            Issue.record("4b should be settled as not posted: \(walk.state.status(.postStatus))")
            return
        }
        #expect(why.contains("not posted") && why.contains(said), "\(why)")
        let note = try #require(walk.state.notes.last)
        #expect(note.level == .danger && note.text.contains("NOT posted") && note.text.contains(said), "\(note.text)")
        #expect(walk.state.gateStep == .postmortem, "the runbook goes on")
        walk.confirm(.postmortem)
        #expect(walk.state.isComplete)
    }

    @Test func nLeavesItUnpostedAndGoesOn() {
        var walk = Self.atThePost()
        walk.send(.declined(step: .postStatus, by: Incident.driver))
        #expect(walk.state.status(.postStatus).isFinished)
        #expect(walk.world.postedBodies.isEmpty)
        #expect(walk.state.gateStep == .postmortem)
    }

    /// The console stopped mid-post: resume cannot know whether the channel has it, so it says so and
    /// waits for a new y (or n) — it never posts again on its own.
    @Test func aPostCutOffByACrashIsNotRepostedOnResumeAndTheDriverIsToldToLookFirst() {
        var walk = Self.atThePost()
        let effects = walk.press(.postStatus)
        #expect(effects.contains { if case .postStatus = $0 { true } else { false } })
        var resumed = Runbook.replay(walk.journal)
        let after = Runbook.reduce(&resumed, Event(at: walk.clock + 60, .resumed(by: Incident.driver)))
        #expect(!after.contains { if case .postStatus = $0 { true } else { false } }, "resume posts nothing by itself")
        #expect(resumed.status(.postStatus) == .awaitingConfirmation)
        #expect(resumed.notes.contains { $0.text.contains("may already be in the channel") }, "\(resumed.notes.map(\.text))")
    }

    @Test func aReplayRebuildsThePostedStepAndItsBody() {
        var walk = Self.atThePost()
        walk.confirm(.postStatus)
        let replayed = Runbook.replay(walk.journal)
        #expect(replayed.status(.postStatus) == walk.state.status(.postStatus))
        #expect(replayed.statusPostBody == walk.state.statusPostBody)
    }
}
