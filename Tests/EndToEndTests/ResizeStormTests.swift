import Foundation
import Testing

/// Two people on one tmux session: the window changes size whenever the other one types.
@Suite(.serialized)
struct ResizeStormTests {
    static let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]

    /// The frame a console freshly started at this size draws: the skeleton a stormed one must match.
    static func freshSkeleton(width: Int, height: Int) throws -> [String] {
        let journal = NSTemporaryDirectory() + "ic-fresh-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: width, height: height, environment: environment)
        try tmux.wait(timeout: 20) { $0.contains("┘") }
        Thread.sleep(forTimeInterval: 1)
        return ConsoleScreen.skeleton(try tmux.screen())
    }

    /// Waits for the window to settle at `size` and the console to redraw, then checks the frame.
    static func expectWholeFrame(_ tmux: Tmux, width: Int, height: Int, _ comment: String) throws {
        let deadline = Date().addingTimeInterval(5)
        while try tmux.windowSize() != "\(width)x\(height)", Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try tmux.windowSize() == "\(width)x\(height)", "\(comment): the window is \(width)x\(height)")
        Thread.sleep(forTimeInterval: 0.7)
        let screen = try tmux.screen()
        #expect(screen.filter { $0 == "┌" }.count >= 2, "\(comment): the console's panes are on screen\n\(screen)")
        let broken = ConsoleScreen.brokenBorders(screen, width: width, height: height)
        #expect(broken.isEmpty, "\(comment): borders whole — \(broken.prefix(5))\n\(screen)")
        let fresh = try freshSkeleton(width: width, height: height)
        #expect(ConsoleScreen.skeleton(screen) == fresh, "\(comment): the same layout a fresh console draws at \(width)x\(height)\n\(screen)")
        #expect(try !tmux.paneDead(), "\(comment): the console survived")
    }

    @Test func twoClientsOfDifferentSizesAndResizeStormsEndInACorrectFrame() throws {
        let journal = NSTemporaryDirectory() + "ic-storm-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 120, height: 40, environment: Self.environment)
        try tmux.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        try tmux.setWindowOption("window-size", "latest")
        let wide = try TmuxClient(tmux, width: 110, height: 36)
        let small = try TmuxClient(tmux, width: 84, height: 26)
        let deadline = Date().addingTimeInterval(5)
        while try tmux.clients().count < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let clients = try tmux.clients()
        #expect(clients.count == 2, "two clients attached: \(clients)")

        // The two people take turns typing (a key the console ignores): 50 size changes in about a second.
        let stormStart = Date()
        for turn in 0..<50 {
            (turn.isMultiple(of: 2) ? wide : small).type("x")
            usleep(20_000)
        }
        let stormTook = Date().timeIntervalSince(stormStart)
        #expect(stormTook < 1.5, "the storm took \(stormTook) s")
        small.type("x")
        try Self.expectWholeFrame(tmux, width: 84, height: 26, "after the typing storm, the small client's size")

        // 50 resizes straight through tmux, ending at an odd size.
        let sizes = (0..<50).map { i in (40 + (i * 37) % 130, 12 + (i * 13) % 45) }  // some below the 80x24 minimum
        let resizeStart = Date()
        for (width, height) in sizes { try tmux.resize(width: width, height: height) }
        print("50 resize-window calls took \(Date().timeIntervalSince(resizeStart)) s")
        try tmux.resize(width: 97, height: 31)
        try Self.expectWholeFrame(tmux, width: 97, height: 31, "after 50 resize-window calls")

        // Back to following the clients: the wide one types last.
        try tmux.setWindowOption("window-size", "latest")
        wide.type("x")
        try Self.expectWholeFrame(tmux, width: 110, height: 36, "the wide client typed last")
        _ = small
    }
}
