import Testing
import RunbookEngine
@testable import ConsoleUI

/// A pane the layout forgets must not silently vanish: every pane gets a box with its title at every
/// supported size, and no two boxes overlap.
@Suite struct LayoutTests {
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48), Size(width: 240, height: 60)])
    func everyPaneHasABoxAndItsTitle(_ size: Size) {
        let layout = ScreenLayout(size: size)
        for pane in Pane.allCases {
            let rect = layout.rect(pane)
            #expect(rect.height >= 3 && rect.width >= 20, "\(pane) gets \(rect) at \(size.width)x\(size.height)")
        }
        for (index, a) in Pane.allCases.enumerated() {
            for b in Pane.allCases.dropFirst(index + 1) {
                let r = layout.rect(a), s = layout.rect(b)
                let overlap = r.x < s.maxX && s.x < r.maxX && r.y < s.maxY && s.y < r.maxY
                #expect(!overlap, "\(a) and \(b) overlap at \(size.width)x\(size.height)")
            }
        }
        let text = render(Incident.evidenceIn().console(), size: size, glyphs: .unicode).lines.joined(separator: "\n")
        for pane in Pane.allCases { #expect(text.contains(pane.title), "\(pane.title) is drawn at \(size.width)x\(size.height)") }
    }
}
