/// Below 80×24: a clear message in the middle instead of a broken screen.
enum TooSmall {
    static func draw(_ size: Size, frame: inout Frame, glyphs: Glyphs) {
        guard size.width > 0, size.height > 0 else { return }
        let minimum = ScreenLayout.minimum
        let message = "terminal too small: need \(minimum.width)×\(minimum.height), have \(size.width)×\(size.height)"
        let lines = ScreenText.wrap(ScreenText.clean(message, glyphs), width: size.width)
        let top = max(0, (size.height - lines.count) / 2)
        for (index, line) in lines.enumerated() where top + index < size.height {
            frame.centre(line, y: top + index, in: frame.area, style: Style(.warn, bold: true), glyphs: glyphs)
        }
    }
}
