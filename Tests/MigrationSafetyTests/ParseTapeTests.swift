import Foundation
@testable import MigrationSafety
import Testing

/// The classifier reads libpg_query's JSON through `ParseTape`, not Foundation: it must read every
/// well-formed document the way Foundation does, and refuse (nil: the statement is REVIEW) anything else.
struct ParseTapeTests {
    /// A JSON value both sides can be compared as.
    indirect enum Value: Equatable {
        case object([(String, Value)]), array([Value]), string(String), integer(Int), otherNumber, bool(Bool), null

        static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case let (.object(a), .object(b)):
                a.count == b.count && a.sorted { $0.0 < $1.0 }.elementsEqual(b.sorted { $0.0 < $1.0 }) { $0.0 == $1.0 && $0.1 == $1.1 }
            case let (.array(a), .array(b)): a == b
            case let (.string(a), .string(b)): a == b
            case let (.integer(a), .integer(b)): a == b
            case (.otherNumber, .otherNumber), (.null, .null): true
            case let (.bool(a), .bool(b)): a == b
            default: false
            }
        }
    }

    static func read(_ json: String) -> ParseNode? {
        json.withCString { ParseNode(json: $0) }
    }

    static func value(_ node: ParseNode) -> Value {
        switch node.jsonKind {
        case .object: .object(node.members.map { ($0.key, value($0.value)) })
        case .array: .array(node.list.map(value))
        case .string: .string(node.string ?? "")
        case .integer: .integer(node.int ?? 0)
        case .otherNumber: .otherNumber
        case .bool: .bool(node.bool)
        case .null, nil: .null
        }
    }

    /// A document built of Swift values (what the random test hands Foundation to write).
    static func value(foundation object: Any) -> Value {
        switch object {
        case let dictionary as [String: Any]: .object(dictionary.map { ($0.key, value(foundation: $0.value)) })
        case let array as [Any]: .array(array.map { value(foundation: $0) })
        case let text as String: .string(text)
        case is NSNull: .null
        case let flag as Bool: .bool(flag)
        case let number as Int: .integer(number)
        default: .otherNumber
        }
    }

    @Test(arguments: [
        "", "{", "}", "[1,]", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "01", "-", "1.", "1e", "tru", "nul",
        "\"\\u12\"", "\"\\ud800\"", "\"\\ud800\\u0041\"", "\"\\x\"", "\"a\u{1}b\"", "\"open", "{\"a\":1}x", "[1] [2]",
    ])
    func malformedJSONIsRefused(_ json: String) {
        #expect(Self.read(json) == nil)
    }

    @Test func nestingPastTheLimitIsRefusedNotRecursedInto() {
        let limit = ParseTape.maximumDepth
        #expect(Self.read(String(repeating: "[", count: limit) + String(repeating: "]", count: limit)) != nil)
        #expect(Self.read(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)) == nil)
        #expect(Self.read(String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)) == nil)
    }

    @Test func eachKindOfValueReadsBack() throws {
        let json = #"{"a":{"b":[1,{"c":"x\"y\u00e9\ud83d\ude00\n"}]},"n":-9223372036854775808,"big":9223372036854775808,"#
            + #""f":1.5e3,"t":true,"no":false,"z":null,"é":"ü","":[]}"#
        let node = try #require(Self.read(json))
        #expect(node["a"]["b"].list.count == 2)
        #expect(node["a"]["b"].list[0].int == 1)
        #expect(node["a"]["b"].list[1]["c"].string == "x\"yé😀\n")
        #expect(node["n"].int == Int.min)
        #expect(node["big"].int == nil && node["big"].exists)
        #expect(node["f"].int == nil)
        #expect(node["t"].bool && !node["no"].bool)
        #expect(!node["z"].exists && !node["missing"].exists && !node["a"]["missing"]["deeper"].exists)
        #expect(node["é"].string == "ü")
        #expect(node[""].list.isEmpty && node[""].exists)
        #expect(node.kind == "a" && node.body["b"].exists)
        #expect(node.members.map(\.key) == ["a", "n", "big", "f", "t", "no", "z", "é", ""])
    }

    @Test func descendantsVisitEveryNodeOnceInDocumentOrder() throws {
        let node = try #require(Self.read(#"{"A":{"x":[{"B":1},{"C":{"B":2}}]},"B":3}"#))
        let found = node.descendants { $0["B"].exists }.map { $0["B"].int }
        #expect(found == [3, 1, 2])
        #expect(node.descendants { _ in true }.count == 9)
    }

    /// Random documents, written by Foundation, read back by the tape: the same tree.
    @Test(arguments: 0..<4)
    func randomDocumentsReadAsFoundationWritesThem(seed: UInt64) throws {
        var random = SeededRandom(seed: seed &+ 7)
        for _ in 0..<200 {
            let document = Self.randomObject(depth: 0, &random)
            let data = try JSONSerialization.data(withJSONObject: document)
            let node = try #require(data.withUnsafeBytes { raw in
                (String(decoding: raw, as: UTF8.self)).withCString { ParseNode(json: $0) }
            })
            #expect(Self.value(node) == Self.value(foundation: document))
        }
    }

    static func randomObject(depth: Int, _ random: inout SeededRandom) -> [String: Any] {
        var object: [String: Any] = [:]
        for _ in 0..<Int(random.next() % 5) {
            object[randomString(&random)] = randomValue(depth: depth + 1, &random)
        }
        return object
    }

    static func randomValue(depth: Int, _ random: inout SeededRandom) -> Any {
        switch random.next() % (depth > 6 ? 4 : 6) {
        case 0: return randomString(&random)
        case 1: return Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 60)
        case 2: return random.next() % 2 == 0
        case 3: return NSNull()
        case 4: return (0..<Int(random.next() % 4)).map { _ in randomValue(depth: depth + 1, &random) }
        default: return randomObject(depth: depth, &random)
        }
    }

    static func randomString(_ random: inout SeededRandom) -> String {
        let alphabet: [Character] = ["a", "Z", "_", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "😀", "ℵ", "0"]
        return String((0..<Int(random.next() % 8)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }

    struct SeededRandom {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
    }
}
