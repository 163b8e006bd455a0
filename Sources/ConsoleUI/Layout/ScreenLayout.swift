/// Where everything goes for one terminal size: a pure function of the size and of the heights of
/// the parts that grow with the state (the top banners and the confirmation bar).
struct ScreenLayout: Equatable {
    static let minimum = Size(width: 80, height: 24)

    let size: Size
    let banner: Rect
    let panes: [Pane: Rect]
    let bar: Rect
    let status: Rect

    static func fits(_ size: Size) -> Bool {
        size.width >= minimum.width && size.height >= minimum.height
    }

    /// - Parameters:
    ///   - bannerHeight: rows for the follow banner and the hard stop, at the top.
    ///   - barHeight: rows for the confirmation bar, above the status line.
    ///   - historyRows: history entries to show without scrolling.
    ///   - runbookRows: lines the Runbook pane wants (its steps, and the closing line when complete).
    ///   - migrationsFirst: Migrations gets its rows before History (at a hard stop it holds the reason).
    ///   - leftWidth: the left column's width as the content asks (`ScreenPlan`); nil: the base split.
    ///   - outputMinimum: the Output pane's least height (three lines of log once it has any).
    init(size: Size, bannerHeight: Int = 0, barHeight: Int = 2, historyRows: Int = 5, runbookRows: Int = 10,
         migrationsFirst: Bool = false, leftWidth: Int? = nil, outputMinimum: Int = 5) {
        self.size = size
        let width = max(0, size.width), height = max(0, size.height)
        status = Rect(x: 0, y: max(0, height - 1), width: width, height: min(1, height))
        let barRows = min(barHeight, max(0, height - 1))
        bar = Rect(x: 0, y: max(0, height - 1 - barRows), width: width, height: barRows)
        let bannerRows = min(bannerHeight, max(0, bar.y))
        banner = Rect(x: 0, y: 0, width: width, height: bannerRows)
        let main = Rect(x: 0, y: bannerRows, width: width, height: max(0, bar.y - bannerRows))

        // The left column's width: ScreenPlan shares it by content; alone, the base split.
        let leftWidth = min(max(leftWidth ?? Self.baseLeftWidth(width), 0), width)
        let history = Slot(min: 4, ideal: historyRows + 3, max: historyRows + 3)
        let migrations = Slot(min: 3, ideal: 8, weight: 3)
        var left = Stack.split(main.height, [Slot(min: 4, ideal: 6, max: 9, weight: 1)]
                               + (migrationsFirst ? [migrations, history] : [history, migrations]))
        if migrationsFirst { left.swapAt(1, 2) }
        let right = Stack.split(main.height, [
            Slot(min: 4, ideal: runbookRows + 2, max: runbookRows + 6, weight: 1),
            Slot(min: 4, ideal: 5, max: 20, weight: 1),
            // The Output log: at least three lines of it once it has any, the newest at the bottom.
            Slot(min: outputMinimum, ideal: max(outputMinimum, 4), weight: 1),
        ])
        var panes: [Pane: Rect] = [:]
        var y = main.y
        for (pane, rows) in zip(Pane.column(.left), left) {
            panes[pane] = Rect(x: 0, y: y, width: leftWidth, height: rows); y += rows
        }
        y = main.y
        for (pane, rows) in zip(Pane.column(.right), right) {
            panes[pane] = Rect(x: leftWidth, y: y, width: width - leftWidth, height: rows); y += rows
        }
        self.panes = panes
    }

    func rect(_ pane: Pane) -> Rect { panes[pane] ?? Rect(x: 0, y: 0, width: 0, height: 0) }

    /// The left column's panes as one rectangle (Step 4's message box covers them).
    var leftColumn: Rect {
        let rects = Pane.column(.left).map(rect)
        guard let top = rects.first else { return Rect(x: 0, y: 0, width: 0, height: 0) }
        return Rect(x: top.x, y: top.y, width: top.width, height: rects.reduce(0) { $0 + $1.height })
    }

    /// Narrow screens split evenly; wide ones give the runbook, chart and output the extra width.
    static func baseLeftWidth(_ width: Int) -> Int { width < 120 ? width / 2 - 1 : min(width * 2 / 5, 90) }

    /// Where a pane's lines go inside its border: one column of air on each side, when there is room.
    static func textArea(_ inside: Rect) -> Rect {
        inside.width >= 60 ? Rect(x: inside.x + 1, y: inside.y, width: inside.width - 2, height: inside.height) : inside
    }
}

extension Pane {
    enum Column { case left, right }

    /// Where the layout stacks the pane, top to bottom: a switch, so a new pane does not compile until it
    /// has a place (and `LayoutTests` fails if a column gets more panes than it has slots).
    var place: (column: Column, row: Int) {
        switch self {
        case .application: (.left, 0)
        case .history: (.left, 1)
        case .migrations: (.left, 2)
        case .runbook: (.right, 0)
        case .latency: (.right, 1)
        case .output: (.right, 2)
        }
    }

    static func column(_ column: Column) -> [Pane] {
        allCases.filter { $0.place.column == column }.sorted { $0.place.row < $1.place.row }
    }
}
