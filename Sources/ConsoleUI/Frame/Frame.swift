import RunbookEngine

/// A terminal size in cells.
public struct Size: Sendable, Equatable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
}

/// A rectangle of cells; origin at the top left.
public struct Rect: Sendable, Equatable, Hashable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    /// The area inside a one-cell border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
}

/// One screen cell: a single-width character and its style.
public struct Cell: Sendable, Equatable, Hashable {
    public var character: Character
    public var style: Style
    public init(_ character: Character = " ", style: Style = .text) { self.character = character; self.style = style }
    public static let blank = Cell()
}

/// A grid of cells: what render produces and the terminal backend draws. No colours, only roles.
public struct Frame: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// The gate whose whole command (or meaning) and evidence row this frame shows, with nothing over
    /// them: the only gate a key may confirm once the frame has been on the terminal (see `update`).
    public var shownGate: ShownGate?

    public init(size: Size) {
        self.size = size
        self.cells = Array(repeating: .blank, count: max(0, size.width) * max(0, size.height))
    }

    public var area: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Writes `text` from (x, y), clipped to `clip` (the whole frame by default). Returns the x after the last cell written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .text, clip: Rect? = nil) -> Int {
        let bounds = clip ?? area
        guard y >= bounds.y, y < bounds.maxY, y >= 0, y < size.height else { return x }
        var column = x
        // Printable ASCII (most of the screen): a byte is a cell, so no grapheme breaking is needed.
        var printable = true
        for byte in text.utf8 where byte < 0x20 || byte > 0x7E {
            printable = false
            break
        }
        if printable {
            let right = min(bounds.maxX, size.width), left = max(bounds.x, 0)
            for byte in text.utf8 {
                if column >= right { break }
                if column >= left { self[column, y] = Cell(Character(Unicode.Scalar(byte)), style: style) }
                column += 1
            }
            return column
        }
        for character in text {
            if column >= bounds.maxX || column >= size.width { break }
            if column >= bounds.x && column >= 0 {
                self[column, y] = Cell(character.isASCII || !character.isNewline ? character : " ", style: style)
            }
            column += 1
        }
        return column
    }

    /// Fills a rectangle with one character and style.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y] = cell }
        }
    }

    /// The screen as text lines, trailing spaces kept: what snapshot tests compare.
    public var lines: [String] {
        (0..<size.height).map { y in String((0..<size.width).map { self[$0, y].character }) }
    }
}
