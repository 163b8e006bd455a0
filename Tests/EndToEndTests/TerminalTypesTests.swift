import Foundation
import Testing

/// The first screen under the terminals people attach with, in a UTF-8 locale and in plain C.
@Suite(.serialized)
struct TerminalTypesTests {
    static let terms = ["tmux-256color", "screen-256color", "screen", "xterm-256color"]
    static let locales = ["C.UTF-8", "C"]

    @Test(arguments: terms, locales)
    func demoDrawsAWholeFirstScreen(term: String, locale: String) throws {
        let journal = NSTemporaryDirectory() + "ic-term-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let environment = ["TERM": term, "LANG": locale, "LC_ALL": locale]
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 120, height: 40, environment: environment)
        let screen = try tmux.wait(timeout: 20) { $0.contains("Pre-flight") && $0.contains("bookstore-catalog-us-east") && $0.contains("SIMULATION") }
        #expect(screen.contains("Pre-flight") && screen.contains("bookstore-catalog-us-east"), "the first screen under TERM=\(term) LANG=\(locale)\n\(screen)")
        if locale == "C" {
            let foreign = screen.unicodeScalars.filter { !$0.isASCII }
            #expect(foreign.isEmpty, "LANG=C draws ASCII only (found \(String(String.UnicodeScalarView(foreign.prefix(10)))))\n\(screen)")
            #expect(screen.contains("+-"), "ASCII box corners\n\(screen)")
        } else {
            #expect(screen.contains("┌"), "box drawing in UTF-8\n\(screen)")
            #expect(ConsoleScreen.brokenBorders(screen, width: 120, height: 40).isEmpty,
                    "\(ConsoleScreen.brokenBorders(screen, width: 120, height: 40))\n\(screen)")
        }
        try tmux.send("q")
        Thread.sleep(forTimeInterval: 0.3)
        try tmux.send("y")
        let deadline = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try tmux.paneDead(), "q, y exits")
        #expect(try !tmux.alternateScreenOn(), "and gives the terminal back")
    }
}
