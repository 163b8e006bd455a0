/// Whether the colour behind a foreground is dark or light: it decides which way a grey is pushed on 8-colour terminals.
public enum Appearance: String, Sendable, Equatable, CaseIterable {
    case dark, light
}

/// Mapping any theme colour onto a smaller palette: xterm's 256 colours, or the 8 ANSI colours.
public enum ColorMapping {
    /// The RGB value xterm shows for a palette index (0–15 use xterm's defaults; real terminals vary).
    public static func rgb(ofIndex index: UInt8) -> (r: UInt8, g: UInt8, b: UInt8) {
        switch index {
        case 0..<16:
            let ansi: [(UInt8, UInt8, UInt8)] = [
                (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
                (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
            ]
            return ansi[Int(index)]
        case 16..<232:
            let cube = Int(index) - 16
            return (cubeLevels[cube / 36], cubeLevels[cube / 6 % 6], cubeLevels[cube % 6])
        default:
            let grey = UInt8(8 + (Int(index) - 232) * 10)
            return (grey, grey, grey)
        }
    }

    /// The nearest of xterm's colours 16–255 (never 0–15, which terminals redefine).
    public static func nearest256(r: UInt8, g: UInt8, b: UInt8) -> UInt8 {
        let level = { (value: UInt8) -> Int in
            // Nearest cube level; the levels are 0, 95, 135, 175, 215, 255.
            cubeLevels.indices.min { abs(Int(cubeLevels[$0]) - Int(value)) < abs(Int(cubeLevels[$1]) - Int(value)) }!
        }
        let (ri, gi, bi) = (level(r), level(g), level(b))
        let cubeIndex = 16 + 36 * ri + 6 * gi + bi
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyStep = max(0, min(23, (average - 3) / 10))
        let greyIndex = 232 + greyStep
        let cube = rgb(ofIndex: UInt8(cubeIndex)), grey = rgb(ofIndex: UInt8(greyIndex))
        let target = (r, g, b)
        return distance(cube, target) <= distance(grey, target) ? UInt8(cubeIndex) : UInt8(greyIndex)
    }

    /// The nearest ANSI colour 0–7, tuned for reading rather than for RGB distance: a hue goes to
    /// its ANSI hue, and a grey goes to black or white by what it is drawn on, so a dim grey
    /// foreground on a dark terminal becomes white, not black on black.
    /// - Parameter backdrop: what a foreground is drawn on; nil for a background colour.
    public static func nearest8(r: UInt8, g: UInt8, b: UInt8, on backdrop: Appearance?) -> UInt8 {
        let (red, green, blue) = (Int(r), Int(g), Int(b))
        let high = max(red, green, blue), low = min(red, green, blue), chroma = high - low
        if chroma < 48 || high < 40 {
            let lightness = (high + low) / 2
            switch backdrop {
            case .dark: return lightness <= 0x26 ? 0 : 7
            case .light: return lightness >= 0xd8 ? 7 : 0
            case nil: return lightness < 0x80 ? 0 : 7
            }
        }
        var hue: Double
        let span = Double(chroma)
        if high == red { hue = 60 * Double(green - blue) / span }
        else if high == green { hue = 120 + 60 * Double(blue - red) / span }
        else { hue = 240 + 60 * Double(red - green) / span }
        if hue < 0 { hue += 360 }
        // Six 60° sectors centred on red 0°, yellow 60°, green 120°, cyan 180°, blue 240°, magenta 300°.
        let sectorToANSI: [UInt8] = [1, 3, 2, 6, 4, 5]
        return sectorToANSI[Int((hue + 30).truncatingRemainder(dividingBy: 360) / 60)]
    }

    /// Brightness of an index or RGB colour as a backdrop; nil for the terminal's default.
    public static func appearance(of color: ThemeColor) -> Appearance? {
        let value: (r: UInt8, g: UInt8, b: UInt8)
        switch color {
        case .default: return nil
        case .index(let index): value = rgb(ofIndex: index)
        case let .rgb(r, g, b): value = (r, g, b)
        }
        // Rec. 601 luma: green reads brightest, blue darkest.
        let luma = 299 * Int(value.r) + 587 * Int(value.g) + 114 * Int(value.b)
        return luma >= 128_000 ? .light : .dark
    }

    /// The colour number a direct-colour terminal (terminfo `RGB`: xterm-direct, tmux-direct) takes for a
    /// role's colour: -1 for the terminal's default, the index for ANSI 0–7 (the user's palette decides
    /// them, as every direct entry sends them as 30–37), else 0xRRGGBB — the theme's 24-bit value, or
    /// xterm's value for a palette index. Some entries (xterm-direct256) read numbers below 256 as palette
    /// indexes, so a 24-bit colour that small gets the least step of green, which no eye can see.
    public static func directColor(index: Int16, rgb: UInt32?) -> Int32 {
        let packed: UInt32
        if let rgb {
            packed = rgb & 0xff_ffff
        } else {
            guard index >= 8 else { return Int32(index) }
            let value = self.rgb(ofIndex: UInt8(clamping: index))
            packed = UInt32(value.r) << 16 | UInt32(value.g) << 8 | UInt32(value.b)
        }
        return Int32(packed < 0x100 ? packed | 0x100 : packed)
    }

    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// Squared distance weighted for the eye ("redmean"), good enough to choose between two candidates.
    static func distance(_ a: (r: UInt8, g: UInt8, b: UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let meanRed = (Int(a.r) + Int(b.0)) / 2
        let dr = Int(a.r) - Int(b.0), dg = Int(a.g) - Int(b.1), db = Int(a.b) - Int(b.2)
        return ((512 + meanRed) * dr * dr >> 8) + 4 * dg * dg + ((767 - meanRed) * db * db >> 8)
    }
}
