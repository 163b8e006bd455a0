import Foundation

/// libpg_query's JSON parse tree, read once into a flat array in document order: each value is one
/// entry, a container's members follow it, and `end` says where its subtree stops, so a lookup skips
/// whole subtrees instead of building dictionaries. Keys are numbers: libpg_query's vocabulary
/// (`ParseKeys`) is hashed once per process, and a key outside it is interned by the tape. A string is
/// kept as its place in the JSON text and made a `String` only when a rule asks for it. Reading fails
/// (nil) on anything that is not well-formed JSON, or nests deeper than `maximumDepth` — the rules walk
/// trees recursively, and a hostile statement must not run them out of stack; a statement the tape
/// refuses is one the classifier cannot judge (REVIEW).
final class ParseTape: Sendable {
    enum Kind: UInt8 { case object, array, string, integer, otherNumber, bool, null }

    struct Entry {
        var kind: Kind
        /// A string with escapes: `payload` indexes `decoded` instead of the text.
        var escaped: Bool
        /// The key naming this value in its object, or -1 (an array element, or the root).
        var key: Int32
        /// One past the last entry of this value's subtree.
        var end: Int32
        /// string: offset << 32 | byte count in `text` (or an index into `decoded`); integer: the value;
        /// bool: 0 or 1; containers: member count.
        var payload: Int64
    }

    static let maximumDepth = 512

    let entries: [Entry]
    /// The JSON text the entries were read from.
    private let text: [UInt8]
    /// Strings that held escapes, decoded.
    private let decoded: [String]
    private let vocabulary: KeyTable
    /// Keys not in `ParseKeys.vocabulary`; their ids follow the vocabulary's.
    private let ownKeys: KeyTable

    /// Reads `bytes` as JSON; nil when they are not one well-formed JSON value.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        var builder = Builder(bytes: bytes, vocabulary: ParseKeys.vocabulary)
        guard builder.readValue(key: -1, depth: 0) else { return nil }
        builder.skipSpace()
        guard builder.atEnd, builder.entries.count <= Int(Int32.max) else { return nil }
        entries = builder.entries
        text = Array(bytes)
        decoded = builder.decoded
        vocabulary = builder.vocabulary
        ownKeys = builder.ownKeys
    }

    func keyID(_ key: String) -> Int32? {
        if let id = vocabulary.id(of: key) { return id }
        return ownKeys.id(of: key).map { $0 + Int32(vocabulary.names.count) }
    }

    func key(_ id: Int32) -> String {
        let index = Int(id)
        return index < vocabulary.names.count ? vocabulary.names[index] : ownKeys.names[index - vocabulary.names.count]
    }

    /// Whether the key starts with an upper-case letter, as node types do (`SelectStmt`) and fields do not.
    func keyIsNodeType(_ id: Int32) -> Bool {
        let index = Int(id)
        return index < vocabulary.names.count ? vocabulary.nodeTypes[index] : ownKeys.nodeTypes[index - vocabulary.names.count]
    }

    /// The string value of entry `index` (whose kind is `.string`).
    func string(at index: Int) -> String {
        let entry = entries[index]
        if entry.escaped { return decoded[Int(entry.payload)] }
        let start = Int(entry.payload >> 32), count = Int(entry.payload & 0xFFFF_FFFF)
        return text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + count]), as: UTF8.self) }
    }
}

extension ParseTape {
    /// The distinct keys of one tree, found by their bytes: libpg_query repeats a small vocabulary
    /// (`location`, `relation`, `ColumnDef`) thousands of times, and each is hashed here, not as a String.
    struct KeyTable: Sendable {
        private(set) var names: [String] = []
        /// Per key: does it start with an upper-case letter (a node type, not a field)?
        private(set) var nodeTypes: [Bool] = []
        private var bytes: [UInt8] = []
        private var stored: [(start: Int32, count: Int32, hash: UInt32)] = []
        /// Open addressing: id + 1, or 0 for an empty slot; allocated with the first key.
        private var slots: [Int32] = []

        static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
            var hash: UInt32 = 2_166_136_261
            for byte in key { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            return hash
        }

        /// The slot holding `key`, or the empty slot where it would go.
        private func slot(of key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int {
            if slots.isEmpty { return -1 }
            let mask = slots.count - 1
            var slot = Int(hash) & mask
            bytes.withUnsafeBufferPointer { known in
                while slots[slot] != 0 {
                    let candidate = stored[Int(slots[slot] - 1)]
                    if candidate.hash == hash, Int(candidate.count) == key.count,
                       key.isEmpty || memcmp(known.baseAddress! + Int(candidate.start), key.baseAddress!, key.count) == 0 {
                        return
                    }
                    slot = (slot + 1) & mask
                }
            }
            return slot
        }

        func id(of key: String) -> Int32? {
            var key = key
            return key.withUTF8 { id(of: $0, hash: Self.hash($0)) }
        }

        /// The id of `key`, whose `hash` the caller computed; nil when it is not in the table.
        func id(of key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? {
            let place = slot(of: key, hash: hash)
            guard place >= 0, slots[place] != 0 else { return nil }
            return slots[place] - 1
        }

        /// The id of `key`, whose `hash` the caller computed while reading it.
        mutating func intern(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
            if slots.isEmpty { slots = [Int32](repeating: 0, count: 64) }
            let place = slot(of: key, hash: hash)
            if slots[place] != 0 { return slots[place] - 1 }
            let id = Int32(names.count)
            let name = String(decoding: key, as: UTF8.self)
            names.append(name)
            nodeTypes.append(name.first?.isUppercase == true)
            stored.append((Int32(bytes.count), Int32(key.count), hash))
            bytes.append(contentsOf: key)
            slots[place] = id + 1
            if names.count * 2 > slots.count { grow() }
            return id
        }

        private mutating func grow() {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            let mask = slots.count - 1
            for (id, key) in stored.enumerated() {
                var slot = Int(key.hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(id) + 1
            }
        }
    }
}

extension ParseTape {
    /// One pass over the bytes, appending to plain arrays (a struct: no class-property access checks
    /// on the hot path).
    fileprivate struct Builder {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var entries: [Entry] = []
        var decoded: [String] = []
        let vocabulary: KeyTable
        var ownKeys = KeyTable()

        init(bytes: UnsafeBufferPointer<UInt8>, vocabulary: KeyTable) {
            self.bytes = bytes
            self.vocabulary = vocabulary
            entries.reserveCapacity(bytes.count / 16)
        }
        var atEnd: Bool { position >= bytes.count }
        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            skipSpace()
            guard current == byte else { return false }
            position += 1
            return true
        }

        mutating func consume(literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] { return false }
            position += count
            return true
        }

        mutating func readValue(key: Int32, depth: Int) -> Bool {
            skipSpace()
            guard let first = current else { return false }
            let index = entries.count
            entries.append(Entry(kind: .null, escaped: false, key: key, end: 0, payload: 0))
            switch first {
            case UInt8(ascii: "{"):
                guard depth < ParseTape.maximumDepth else { return false }
                position += 1
                entries[index].kind = .object
                var count: Int64 = 0
                if !consume(UInt8(ascii: "}")) {
                    repeat {
                        skipSpace()
                        guard let key = readKey() else { return false }
                        guard consume(UInt8(ascii: ":")) else { return false }
                        guard readValue(key: key, depth: depth + 1) else { return false }
                        count += 1
                    } while consume(UInt8(ascii: ","))
                    guard consume(UInt8(ascii: "}")) else { return false }
                }
                entries[index].payload = count
            case UInt8(ascii: "["):
                guard depth < ParseTape.maximumDepth else { return false }
                position += 1
                entries[index].kind = .array
                var count: Int64 = 0
                if !consume(UInt8(ascii: "]")) {
                    repeat {
                        guard readValue(key: -1, depth: depth + 1) else { return false }
                        count += 1
                    } while consume(UInt8(ascii: ","))
                    guard consume(UInt8(ascii: "]")) else { return false }
                }
                entries[index].payload = count
            case UInt8(ascii: "\""):
                guard readString(into: index) else { return false }
            case UInt8(ascii: "t"):
                guard consume(literal: "true") else { return false }
                entries[index].kind = .bool
                entries[index].payload = 1
            case UInt8(ascii: "f"):
                guard consume(literal: "false") else { return false }
                entries[index].kind = .bool
            case UInt8(ascii: "n"):
                guard consume(literal: "null") else { return false }
            default:
                guard let (kind, value) = readNumber() else { return false }
                entries[index].kind = kind
                entries[index].payload = value
            }
            entries[index].end = Int32(truncatingIfNeeded: entries.count)
            return entries.count <= Int(Int32.max)
        }

        /// An object's key: interned from its bytes when it has no escapes (libpg_query's never do).
        mutating func readKey() -> Int32? {
            guard current == UInt8(ascii: "\"") else { return nil }
            let start = position + 1
            var end = start
            var hash: UInt32 = 2_166_136_261
            var ascii = true
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                hash = (hash ^ UInt32(byte)) &* 16_777_619
                ascii = ascii && byte < 0x80
                end += 1
            }
            if end < bytes.count, bytes[end] == UInt8(ascii: "\""), ascii {
                position = end + 1
                return intern(UnsafeBufferPointer(rebasing: bytes[start..<end]), hash: hash)
            }
            guard current == UInt8(ascii: "\""), let name = readQuotedString() else { return nil }
            var utf8 = Array(name.utf8)
            return utf8.withUnsafeMutableBufferPointer {
                let key = UnsafeBufferPointer($0)
                return intern(key, hash: KeyTable.hash(key))
            }
        }

        /// A key's id: the vocabulary's, or one of this tape's own after it.
        mutating func intern(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
            if let id = vocabulary.id(of: key, hash: hash) { return id }
            return ownKeys.intern(key, hash: hash) + Int32(vocabulary.names.count)
        }

        /// A string value at the reader (its opening quote) into entry `index`: its place in the text,
        /// or, when it holds escapes, decoded. False when malformed.
        mutating func readString(into index: Int) -> Bool {
            let start = position + 1
            var end = start
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "\"") {
                    guard start <= Int(Int32.max), end - start <= Int(Int32.max) else { return false }
                    entries[index].kind = .string
                    entries[index].payload = Int64(start) << 32 | Int64(end - start)
                    position = end + 1
                    return true
                }
                if byte == UInt8(ascii: "\\") {
                    guard let text = readQuotedString() else { return false }
                    entries[index].kind = .string
                    entries[index].escaped = true
                    entries[index].payload = Int64(decoded.count)
                    decoded.append(text)
                    return true
                }
                if byte < 0x20 { return false }
                end += 1
            }
            return false
        }

        /// A string at the reader (its opening quote), escapes decoded; nil when malformed.
        mutating func readQuotedString() -> String? {
            guard current == UInt8(ascii: "\"") else { return nil }
            position += 1
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { return readEscapedString(from: start) }
                if byte < 0x20 { return nil }
                position += 1
            }
            return nil
        }

        /// The slow path, once a backslash is seen: decode into bytes, then validate as UTF-8.
        mutating func readEscapedString(from start: Int) -> String? {
            var decoded = Array(bytes[start..<position])
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(validating: decoded, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escape = current else { return nil }
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                    case UInt8(ascii: "b"): decoded.append(0x08)
                    case UInt8(ascii: "f"): decoded.append(0x0C)
                    case UInt8(ascii: "n"): decoded.append(0x0A)
                    case UInt8(ascii: "r"): decoded.append(0x0D)
                    case UInt8(ascii: "t"): decoded.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = readHex4() else { return nil }
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard consume(literal: "\\u"), let low = readHex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { return nil }
                        decoded.append(contentsOf: String(Character(unicode)).utf8)
                    default:
                        return nil
                    }
                default:
                    if byte < 0x20 { return nil }
                    decoded.append(byte)
                }
            }
            return nil
        }

        mutating func readHex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }

        /// An integer that fits in 64 bits is kept; any other well-formed number (a fraction, an exponent,
        /// one too large) reads as `otherNumber`, which no rule takes for an integer.
        mutating func readNumber() -> (Kind, Int64)? {
            let start = position
            var negative = false
            if current == UInt8(ascii: "-") { negative = true; position += 1 }
            var value: Int64 = 0
            var fits = true
            var digits = 0
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                let digit = Int64(byte - UInt8(ascii: "0"))
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                if overflow1 || overflow2 { fits = false } else { value = sum }
                digits += 1
                position += 1
            }
            guard digits > 0 else { return nil }
            if digits > 1, bytes[start + (negative ? 1 : 0)] == UInt8(ascii: "0") { return nil }
            var integral = true
            if current == UInt8(ascii: ".") {
                integral = false
                position += 1
                guard skipDigits() else { return nil }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                integral = false
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard skipDigits() else { return nil }
            }
            return integral && fits ? (.integer, value) : (.otherNumber, 0)
        }

        mutating func skipDigits() -> Bool {
            var any = false
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                position += 1
                any = true
            }
            return any
        }
    }
}
