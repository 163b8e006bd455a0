import Foundation

/// The keys an object may have, as an enum whose raw values are the keys (like `CodingKeys`).
/// Declared in sorted order, as the encoder writes them, each key is found at the first try.
protocol JSONField: RawRepresentable<String>, CaseIterable where AllCases == [Self] {}

/// Reads one JSON value in place, building no tree: the journal's fast path for the lines every
/// poll writes. It accepts only what it expects (known keys, each once; the right types) and throws
/// `Unexpected` at anything else, so the line goes to JSONDecoder, which stays the authority.
struct JSONCursor {
    /// Not a verdict on the line: only "let JSONDecoder read this one".
    struct Unexpected: Error {}

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Only whitespace may follow the value.
    func end() throws {
        guard bytes[index...].allSatisfy(Self.isWhitespace) else { throw Unexpected() }
    }

    // MARK: Containers

    /// `{…}` whose keys are all `Field`s, none twice; `read` consumes each value.
    mutating func object<Field: JSONField>(_: Field.Type, _ read: (Field, inout JSONCursor) throws -> Void) throws {
        try take(.openBrace)
        if try peek() == .closeBrace { index += 1; return }
        let fields = Field.allCases
        var seen: UInt64 = 0, expected = 0
        while true {
            let name = try key()
            guard let offset = Self.offset(of: name, in: fields, from: expected) else { throw Unexpected() }
            guard seen & 1 << offset == 0 else { throw Unexpected() } // JSONDecoder keeps the first of two; never written
            seen |= 1 << offset
            expected = (offset + 1) % fields.count
            try take(.colon)
            try read(fields[offset], &self)
            guard try next() == .comma else { break }
        }
        guard bytes[index - 1] == .closeBrace else { throw Unexpected() }
    }

    /// `[…]`, each element read by `element`.
    mutating func array<Element>(_ element: (inout JSONCursor) throws -> Element) throws -> [Element] {
        try take(.openBracket)
        var elements: [Element] = []
        if try peek() == .closeBracket { index += 1; return elements }
        while true {
            elements.append(try element(&self))
            guard try next() == .comma else { break }
        }
        guard bytes[index - 1] == .closeBracket else { throw Unexpected() }
        return elements
    }

    /// A synthesized enum case's payload with one unlabelled value: `{"_0":…}`.
    mutating func unlabelled<Value>(_ value: (inout JSONCursor) throws -> Value) throws -> Value {
        var result: Value?
        try object(Unlabelled.self) { _, json in result = try value(&json) }
        return try result.required()
    }

    /// `null` is nil, anything else is read by `value`.
    mutating func nullable<Value>(_ value: (inout JSONCursor) throws -> Value) throws -> Value? {
        if try peek() == UInt8(ascii: "n") {
            try literal("null")
            return nil
        }
        return try value(&self)
    }

    // MARK: Scalars

    mutating func bool() throws -> Bool {
        if try peek() == UInt8(ascii: "t") { try literal("true"); return true }
        try literal("false")
        return false
    }

    /// A plain integer literal (JSONDecoder also takes `1.0`; the encoder never writes one).
    mutating func int() throws -> Int {
        guard let value = try numberLiteral().int else { throw Unexpected() }
        return value
    }

    /// A number, or the strings the codec writes for non-numbers: "NaN", "+Inf", "-Inf".
    mutating func double() throws -> Double {
        guard try peek() != .quote else {
            switch try string() {
            case "NaN": return .nan
            case "+Inf": return .infinity
            case "-Inf": return -.infinity
            default: throw Unexpected()
            }
        }
        let start = index
        if let value = try numberLiteral().double { return value }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else { throw Unexpected() }
        return value
    }

    mutating func date() throws -> Date { Date(timeIntervalSinceReferenceDate: try double()) }

    mutating func string() throws -> String {
        try take(.quote)
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case .quote:
                defer { index += 1 }
                return try Self.validated(bytes[start..<index])
            case .backslash:
                return try escapedString(from: start)
            case ..<0x20:
                throw Unexpected()
            default:
                index += 1
            }
        }
        throw Unexpected()
    }

    mutating func string<Value: RawRepresentable<String>>(_: Value.Type) throws -> Value {
        guard let value = Value(rawValue: try string()) else { throw Unexpected() }
        return value
    }

    // MARK: Pieces

    private enum Unlabelled: String, JSONField { case value = "_0" }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func validated(_ utf8: Slice<UnsafeRawBufferPointer>) throws -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else { throw Unexpected() }
        return string
    }

    /// The next byte that is not whitespace, left unread.
    private mutating func peek() throws -> UInt8 {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        guard index < bytes.count else { throw Unexpected() }
        return bytes[index]
    }

    /// The next byte that is not whitespace, read.
    private mutating func next() throws -> UInt8 {
        defer { index += 1 }
        return try peek()
    }

    private mutating func take(_ byte: UInt8) throws {
        guard try next() == byte else { throw Unexpected() }
    }

    private mutating func literal(_ word: StaticString) throws {
        _ = try peek()
        let word = UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes[index...].starts(with: word) else { throw Unexpected() }
        index += word.count
    }

    /// A key's bytes. Keys never hold escapes: one that does is unexpected.
    private mutating func key() throws -> UnsafeRawBufferPointer {
        try take(.quote)
        let start = index
        while index < bytes.count, bytes[index] != .quote, bytes[index] != .backslash { index += 1 }
        guard index < bytes.count, bytes[index] == .quote else { throw Unexpected() }
        defer { index += 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<index])
    }

    /// Where `name` is among `fields`, looking from `expected` on, then from the top.
    private static func offset<Field: JSONField>(of name: UnsafeRawBufferPointer, in fields: [Field], from expected: Int) -> Int? {
        for step in 0..<fields.count {
            let offset = expected + step < fields.count ? expected + step : expected + step - fields.count
            if spells(name, fields[offset].rawValue) { return offset }
        }
        return nil
    }

    private static func spells(_ name: UnsafeRawBufferPointer, _ key: String) -> Bool {
        key.utf8.count == name.count
            && (key.utf8.withContiguousStorageIfAvailable { UnsafeRawBufferPointer($0).elementsEqual(name) } ?? key.utf8.elementsEqual(name))
    }

    /// The rest of a string that has escapes, from its first byte.
    private mutating func escapedString(from start: Int) throws -> String {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case .quote:
                return try utf8.withUnsafeBytes { try Self.validated($0[...]) }
            case ..<0x20:
                throw Unexpected()
            case .backslash:
                guard index < bytes.count else { throw Unexpected() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): UTF8.encode(try unicodeEscape()) { utf8.append($0) }
                default: throw Unexpected()
                }
            default:
                utf8.append(byte)
            }
        }
        throw Unexpected()
    }

    /// The scalar of `\uXXXX` (after the `u`), with its low surrogate when it is a high one.
    private mutating func unicodeEscape() throws -> Unicode.Scalar {
        let unit = try hexQuad()
        guard (0xD800..<0xDC00).contains(unit) else {
            guard let scalar = Unicode.Scalar(unit) else { throw Unexpected() } // a lone low surrogate
            return scalar
        }
        guard bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else { throw Unexpected() }
        index += 2
        let low = try hexQuad()
        guard (0xDC00..<0xE000).contains(low),
              let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) else { throw Unexpected() }
        return scalar
    }

    private mutating func hexQuad() throws -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = Character(UnicodeScalar(bytes[index])).hexDigitValue else { throw Unexpected() }
            unit = unit << 4 | UInt32(digit)
            index += 1
        }
        return unit
    }

    /// A JSON number literal, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func numberLiteral() throws -> JSONNumber {
        var number = JSONNumber()
        number.negative = try peek() == UInt8(ascii: "-")
        if number.negative { index += 1 }
        guard let first = digit() else { throw Unexpected() }
        number.append(first)
        if first != 0 {
            while let next = digit() { number.append(next) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            number.isInteger = false
            guard let next = digit() else { throw Unexpected() }
            number.append(next, fraction: true)
            while let next = digit() { number.append(next, fraction: true) }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            number.isInteger = false
            let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
            if negative || (index < bytes.count && bytes[index] == UInt8(ascii: "+")) { index += 1 }
            guard var written = digit().map(Int.init) else { throw Unexpected() }
            while let next = digit() { written = min(written * 10 + Int(next), 100_000) }
            number.exponent += negative ? -written : written
        }
        return number
    }

    /// The value of the next byte when it is a digit, read.
    private mutating func digit() -> UInt8? {
        guard index < bytes.count else { return nil }
        let value = bytes[index] &- UInt8(ascii: "0")
        guard value < 10 else { return nil }
        index += 1
        return value
    }
}

private extension UInt8 {
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), colon = UInt8(ascii: ":"), comma = UInt8(ascii: ",")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
}

extension Optional {
    /// The value, or `Unexpected` when a required key was missing.
    func required() throws -> Wrapped {
        guard let self else { throw JSONCursor.Unexpected() }
        return self
    }
}
