/// A JSON number literal as mantissa × 10^exponent, exact up to 19 significant digits.
struct JSONNumber {
    var negative = false
    var mantissa: UInt64 = 0
    var exponent = 0
    var digits = 0
    /// A non-zero digit past the 19th was dropped: the mantissa is not exact.
    var truncated = false
    var isInteger = true

    mutating func append(_ digit: UInt8, fraction: Bool = false) {
        guard digits < 19 else {
            if !fraction { exponent += 1 }
            truncated = truncated || digit != 0
            return
        }
        mantissa = mantissa * 10 + UInt64(digit)
        if mantissa != 0 { digits += 1 }
        if fraction { exponent -= 1 }
    }

    var int: Int? {
        guard isInteger, digits <= 18 else { return nil }
        return negative ? -Int(mantissa) : Int(mantissa)
    }

    /// The nearest Double, rounded once (ties to even) like strtod; nil past 19 digits or 10^±19,
    /// where Double(String) takes over. Double(String) cost six times as much (a String, then strtod).
    var double: Double? {
        guard !truncated, abs(exponent) < Self.powersOfTen.count else { return nil }
        guard mantissa != 0 else { return negative ? -0.0 : 0 }
        let magnitude: Double
        if mantissa <= 1 << 53 {
            // Clinger's fast path: both exact as Doubles, so one multiplication or division rounds once.
            let power = Double(Self.powersOfTen[abs(exponent)])
            magnitude = exponent >= 0 ? Double(mantissa) * power : Double(mantissa) / power
        } else {
            magnitude = exponent >= 0 ? product(Self.powersOfTen[exponent]) : quotient(Self.powersOfTen[-exponent])
        }
        return negative ? -magnitude : magnitude
    }

    private static let powersOfTen: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
                                                1_000_000_000, 10_000_000_000, 100_000_000_000, 1_000_000_000_000,
                                                10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
                                                10_000_000_000_000_000, 100_000_000_000_000_000,
                                                1_000_000_000_000_000_000, 10_000_000_000_000_000_000]

    /// mantissa × power in 128 bits; its top 64 bits are rounded, the rest only says "not zero".
    private func product(_ power: UInt64) -> Double {
        let (high, low) = mantissa.multipliedFullWidth(by: power)
        guard high != 0 else { return Self.rounded(low, sticky: false, scale: 0) }
        let shift = high.leadingZeroBitCount
        let top = shift == 0 ? high : high << shift | low >> (64 - shift)
        return Self.rounded(top, sticky: low << shift != 0, scale: 64 - shift)
    }

    /// mantissa / power, scaled by 2^scale so the quotient has 63 or 64 bits; the remainder only says "not zero".
    private func quotient(_ power: UInt64) -> Double {
        let scale = 63 + Self.bits(power) - Self.bits(mantissa)
        let numerator: (high: UInt64, low: UInt64) = scale == 0 ? (0, mantissa)
            : scale < 64 ? (mantissa >> (64 - scale), mantissa << scale) : (mantissa << (scale - 64), 0)
        let (quotient, remainder) = power.dividingFullWidth(numerator)
        return Self.rounded(quotient, sticky: remainder != 0, scale: -scale)
    }

    /// value × 2^scale, value cut to 53 bits rounding to nearest, ties to even; `sticky`: bits below value were not all zero.
    private static func rounded(_ value: UInt64, sticky: Bool, scale: Int) -> Double {
        let extra = max(0, bits(value) - 53)
        guard extra > 0 else { return Double(sign: .plus, exponent: scale, significand: Double(value)) }
        var kept = value >> extra
        let dropped = value & (1 << extra - 1), half: UInt64 = 1 << (extra - 1)
        if dropped > half || (dropped == half && (sticky || kept & 1 == 1)) { kept += 1 }
        return Double(sign: .plus, exponent: scale + extra, significand: Double(kept))
    }

    private static func bits(_ value: UInt64) -> Int { value.bitWidth - value.leadingZeroBitCount }
}
