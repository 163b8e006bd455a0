import Foundation
@testable import Integrations
@testable import RunbookEngine
import Testing

/// Sync windows and the sync permission, read as the argocd CLI prints them: `argocd app get APP`'s
/// `SyncWindow:` line (`printAppSummaryTable`, `%-20s%s`), `argocd proj windows list PROJECT`'s tabwriter
/// table (`printSyncWindows`: padding 2, columns varying by version) and `argocd account can-i`'s yes/no.
@Suite struct SyncWindowTests {
    /// Argo CD 2.x–3.x with TIMEZONE: an inactive allow window, the freeze over every bookstore app, a
    /// cluster-wide deny with a */30 schedule, a deny on payments that lets manual syncs through.
    static let windowsWithTimezone = "ID  STATUS    KIND   SCHEDULE      DURATION  APPLICATIONS  NAMESPACES   CLUSTERS                         MANUALSYNC  TIMEZONE       \n0   Inactive  allow  0 6 * * 1-5   12h       -             analytics-*  -                                Enabled     UTC            \n1   Active    deny   0 0 27 11 *   96h       bookstore-*   -            -                                Disabled    UTC            \n2   Active    deny   */30 * * * *  10m       -             -            https://prod-eu.k8s.example.com  Disabled    Europe/Berlin  \n3   Active    deny   0 22 * * *    8h        -             payments     -                                Enabled                    \n"
    /// Before TIMEZONE (Argo CD 1.x–2.1).
    static let windowsWithoutTimezone = "ID  STATUS  KIND  SCHEDULE     DURATION  APPLICATIONS         NAMESPACES  CLUSTERS  MANUALSYNC  \n0   Active  deny  0 0 27 11 *  96h       bookstore-*,reviews  -           -         Disabled    \n"
    /// The rules-based table of a later CLI: no APPLICATIONS/NAMESPACES/CLUSTERS to match with.
    static let windowsWithRules = "ID  STATUS  KIND  SCHEDULE     DURATION  RULES  MANUALSYNC  \n0   Active  deny  0 0 27 11 *  96h       1      Disabled    \n"

    @Test func theWindowsTableIsReadByItsHeaderWithSchedulesWhole() throws {
        let windows = try SyncWindowText.windows(Self.windowsWithTimezone, command: "argocd proj windows list p")
        #expect(windows.count == 4)
        #expect(windows[0] == SyncWindow(id: 0, active: false, kind: "allow", schedule: "0 6 * * 1-5", duration: "12h",
                                         applications: [], namespaces: ["analytics-*"], clusters: [], manualSync: true))
        #expect(windows[1] == SyncWindow(id: 1, active: true, kind: "deny", schedule: "0 0 27 11 *", duration: "96h",
                                         applications: ["bookstore-*"], namespaces: [], clusters: [], manualSync: false))
        #expect(windows[2].schedule == "*/30 * * * *")
        #expect(windows[2].clusters == ["https://prod-eu.k8s.example.com"])
        #expect(windows[3].manualSync && windows[3].namespaces == ["payments"])
    }

    @Test func anOlderTableWithoutTimezoneAndListsWithCommas() throws {
        let windows = try SyncWindowText.windows(Self.windowsWithoutTimezone, command: "argocd proj windows list p")
        #expect(windows == [SyncWindow(id: 0, active: true, kind: "deny", schedule: "0 0 27 11 *", duration: "96h",
                                       applications: ["bookstore-*", "reviews"], namespaces: [], clusters: [], manualSync: false)])
    }

    @Test func aTableWithoutTheMatchColumnsIsReadButCannotBeMatched() throws {
        let windows = try SyncWindowText.windows(Self.windowsWithRules, command: "argocd proj windows list p")
        #expect(windows.count == 1 && windows[0].applications == nil)
        let denying = SyncWindowReading.denying(windows, for: SyncWindowTarget(app: "bookstore-catalog-us-east", namespace: "bookstore", server: nil))
        #expect(denying.matched == false && denying.windows.map(\.id) == [0])
    }

    @Test(arguments: [
        ("", "printed nothing"),
        ("NAME  SCHEDULE\nx     0 * * * *\n", "header"),
        ("ID  STATUS  KIND  SCHEDULE     DURATION  MANUALSYNC\nx   Active  deny  0 0 * * *    1h        Disabled\n", "row 1"),
        ("ID  STATUS  KIND  SCHEDULE     DURATION  MANUALSYNC\n0   Maybe   deny  0 0 * * *    1h        Disabled\n", "row 1"),
        ("ID  STATUS  KIND  SCHEDULE     DURATION  MANUALSYNC\n99999999999999999999  Active  deny  0 0 * * *  1h  Disabled\n", "row 1"),
        ("ID  STATUS  KIND  SCHEDULE     DURATION  MANUALSYNC\n0   Active  deny  0 0 * * *    1h        Disabled  extra  more\n", "row 1"),
    ])
    func aTableTheConsoleCannotReadIsAnErrorNotAnAnswer(text: String, said: String) {
        #expect(throws: PortError.self) { try SyncWindowText.windows(text, command: "argocd proj windows list p") }
        do { _ = try SyncWindowText.windows(text, command: "argocd proj windows list p") } catch let error as PortError {
            #expect(error.kind == .malformed && error.message.contains(said))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test(arguments: [("Sync Allowed", SyncWindowState.syncAllowed), ("Manual Allowed", .manualAllowed), ("Sync Denied", .syncDenied)])
    func theSyncWindowLineOfAppGet(said: String, state: SyncWindowState) throws {
        let summary = try SyncWindowText.summary(StandIns.appSummary(window: said), command: "argocd app get x")
        #expect(summary == .init(state: state, namespace: "bookstore", server: "https://kubernetes.default.svc"))
    }

    @Test(arguments: ["Name:               x\nProject:            default\n", "SyncWindow:         Sync Maybe\n"])
    func anAppGetWithoutAKnownSyncWindowIsMalformed(text: String) {
        #expect(throws: PortError.self) { try SyncWindowText.summary(text, command: "argocd app get x") }
    }

    /// Argo CD's `SyncWindows.Matches`: by app name, destination namespace or destination server, globs allowed.
    @Test(arguments: [
        (SyncWindowTarget(app: "bookstore-catalog-us-east", namespace: "bookstore", server: "https://kubernetes.default.svc"), [1], true),
        (SyncWindowTarget(app: "orders", namespace: "bookstore", server: "https://prod-eu.k8s.example.com"), [2], true),
        (SyncWindowTarget(app: "ledger", namespace: "payments", server: "https://kubernetes.default.svc"), [3], true),
        (SyncWindowTarget(app: "ledger", namespace: "ledger", server: "https://kubernetes.default.svc"), [], true),
        // The namespace is not known: the payments window might apply, so every active deny window is listed.
        (SyncWindowTarget(app: "ledger", namespace: nil, server: "https://kubernetes.default.svc"), [1, 2, 3], false),
    ])
    func activeDenyWindowsAreMatchedToTheApp(target: SyncWindowTarget, ids: [Int], matched: Bool) throws {
        let windows = try SyncWindowText.windows(Self.windowsWithTimezone, command: "argocd proj windows list p")
        let denying = SyncWindowReading.denying(windows, for: target)
        #expect(denying.windows.map(\.id) == ids)
        #expect(denying.matched == matched)
    }

    @Test(arguments: [("bookstore-*", "bookstore-catalog", true), ("*-us-east", "bookstore-catalog-us-east", true),
                      ("book?tore", "bookstore", true), ("bookstore", "bookstore-catalog", false), ("*a*b*", "xaxxbx", true),
                      ("*a*b", "xaxxbx", false), ("*", "", true)])
    func globs(pattern: String, value: String, matches: Bool) {
        #expect(GlobPattern.matches(pattern, value) == matches)
    }

    @Test func aPatternTheConsoleDoesNotReadListsEveryActiveDenyWindow() {
        let window = SyncWindow(id: 4, active: true, kind: "deny", schedule: "0 0 * * *", duration: "1h",
                                applications: ["bookstore-[a-c]*"], namespaces: [], clusters: [], manualSync: false)
        let other = SyncWindow(id: 5, active: true, kind: "deny", schedule: "0 1 * * *", duration: "1h",
                               applications: ["orders"], namespaces: [], clusters: [], manualSync: false)
        let denying = SyncWindowReading.denying([window, other], for: SyncWindowTarget(app: "bookstore-catalog", namespace: "b", server: "s"))
        #expect(denying.matched == false && denying.windows.map(\.id) == [4, 5])
    }

    // MARK: - The live adapter against the stand-in

    func cli(_ standIns: StandIns, context: String? = nil) -> ArgoCDCLI {
        ArgoCDCLI(executable: standIns.argocd, runner: ProcessRunner(killGrace: .milliseconds(200)), timeout: .seconds(10), context: context)
    }

    @Test(arguments: [("yes\n", true), ("no\n", false)])
    func canIIsReadFromStdout(said: String, allowed: Bool) async throws {
        let standIns = try StandIns()
        try standIns.write("can-i", said)
        let permission = try await cli(standIns, context: "prod").canSync("bookstore-catalog-us-east", project: "bookstore-platform")
        #expect(permission == SyncPermission(project: "bookstore-platform", app: "bookstore-catalog-us-east", allowed: allowed))
        #expect(standIns.log("argocd") == ["--argocd-context prod account can-i sync applications bookstore-platform/bookstore-catalog-us-east"])
    }

    @Test func canIThatSaysNeitherIsNotAnAnswer() async throws {
        let standIns = try StandIns()
        try standIns.write("can-i", "\u{1b}[31mmaybe\n")
        await #expect(throws: PortError.self) { try await cli(standIns).canSync("bookstore-catalog-us-east", project: "default") }
    }

    @Test(arguments: ["-x", "Default", ""])
    func aProjectThatIsNoNameNeverReachesTheCommandLine(project: String) async throws {
        let standIns = try StandIns()
        await #expect(throws: PortError.self) { try await cli(standIns).canSync("bookstore-catalog-us-east", project: project) }
        await #expect(throws: PortError.self) { try await cli(standIns).syncWindows("bookstore-catalog-us-east", project: project) }
        #expect(standIns.log("argocd").isEmpty)
    }

    @Test func allowedReadsOnlyTheSummary() async throws {
        let standIns = try StandIns()
        let reading = try await cli(standIns, context: "prod").syncWindows("bookstore-catalog-us-east", project: "bookstore-platform")
        #expect(reading == SyncWindowReading(project: "bookstore-platform", state: .syncAllowed))
        #expect(standIns.log("argocd") == ["--argocd-context prod app get bookstore-catalog-us-east"])
    }

    @Test func deniedListsTheWindowsThatDenyTheApp() async throws {
        let standIns = try StandIns()
        try standIns.write("app-summary.txt", StandIns.appSummary(window: "Sync Denied"))
        try standIns.write("windows.txt", Self.windowsWithTimezone)
        let reading = try await cli(standIns, context: "prod").syncWindows("bookstore-catalog-us-east", project: "bookstore-platform")
        #expect(reading.state == .syncDenied && reading.matched)
        #expect(reading.denying.map(\.id) == [1])
        #expect(reading.blocking.map(\.id) == [1])
        #expect(standIns.log("argocd") == ["--argocd-context prod app get bookstore-catalog-us-east",
                                           "--argocd-context prod proj windows list bookstore-platform"])
    }

    @Test func theOverrideRunsExactlyAsTheGateShowsItWithThePinnedContext() async throws {
        let standIns = try StandIns()
        let argv = ["argocd", "--argocd-context", "prod", "proj", "windows", "enable-manual-sync", "bookstore-platform", "1"]
        let result = await cli(standIns, context: "prod").run(GateCommand(step: .syncWindowOverride, argv: argv))
        #expect(result.succeeded && result.argv == argv)
        #expect(standIns.log("argocd") == ["--argocd-context prod proj windows enable-manual-sync bookstore-platform 1"])
        // Another context than the pinned one never runs.
        let other = await cli(standIns, context: "staging").run(GateCommand(step: .syncWindowOverride, argv: argv))
        #expect(!other.succeeded && standIns.log("argocd").count == 1)
    }
}
