import Testing
import RunbookEngine
@testable import ConsoleUI

/// The screen as the on-call engineer reads it, at the smallest supported size and at 200×60.
@Suite struct RenderSnapshotTests {
    @Test func gateForDisableAutoSyncAt80x24() {
        let frame = render(Incident.atDisableAutoSync().console(), size: Size(width: 80, height: 24), glyphs: .unicode)
        expectSnapshot(frame, named: "gate-3a-80x24")
    }

    @Test func verifyingAfterTheRollbackAt200x60() {
        let frame = render(Incident.verifying().console(), size: Size(width: 200, height: 60), glyphs: .unicode)
        expectSnapshot(frame, named: "verifying-200x60")
    }

    @Test func hardStopInAsciiAt80x24() {
        let state = Incident.evidenceIn(report: Incident.unsafeReport).console()
        let frame = render(state, size: Size(width: 80, height: 24), glyphs: .ascii)
        expectSnapshot(frame, named: "hard-stop-ascii-80x24")
    }

    @Test func completeAt80x24() {
        let frame = render(Incident.complete().console(), size: Size(width: 80, height: 24), glyphs: .unicode)
        expectSnapshot(frame, named: "complete-80x24")
    }

    /// Issue 19 §3 and §4 at the three sizes: 3d's gate with 3a's and 3b's commands in the Output log,
    /// and the end with the files' paths; read the diff, nothing may end in "…".
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48), Size(width: 240, height: 60)])
    func reEnableGateWithTheLog(_ size: Size) {
        let frame = render(Incident.atReEnable().console(), size: size, glyphs: .unicode)
        expectSnapshot(frame, named: "gate-3d-\(size.width)x\(size.height)")
    }

    @Test(arguments: [Size(width: 160, height: 48), Size(width: 240, height: 60)])
    func completeWithThePaths(_ size: Size) {
        let state = Incident.complete(statusPath: NothingCutTests.statusPath, postmortemPath: NothingCutTests.postmortemPath).console()
        expectSnapshot(render(state, size: size, glyphs: .unicode), named: "complete-\(size.width)x\(size.height)")
    }
}
