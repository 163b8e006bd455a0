import Foundation

/// Read-only access to libpg_query's JSON parse tree. Missing keys read as an empty node,
/// so rules can ask `node["def"]["ColumnDef"]["colname"].string` without unwrapping each step.
/// A node is a place in a `ParseTape` (the tree read once into a flat array), or nowhere.
struct ParseNode: Sendable {
    private let tape: ParseTape?
    private let index: Int

    private init(tape: ParseTape?, index: Int) {
        self.tape = tape
        self.index = index
    }

    /// A node that is not there: every question about it has the empty answer.
    static var missing: ParseNode { ParseNode(tape: nil, index: 0) }

    /// The tree of a NUL-terminated JSON text; nil when it is not well-formed or nests too deep.
    init?(json: UnsafePointer<CChar>) {
        let count = strlen(json)
        let tape = json.withMemoryRebound(to: UInt8.self, capacity: count) {
            ParseTape(bytes: UnsafeBufferPointer(start: $0, count: count))
        }
        guard let tape else { return nil }
        self.init(tape: tape, index: 0)
    }

    private var entry: ParseTape.Entry? { tape.map { $0.entries[index] } }

    subscript(key: String) -> ParseNode {
        guard let tape, let entry, entry.kind == .object, let id = tape.keyID(key) else { return .missing }
        var child = index + 1
        let end = Int(entry.end)
        while child < end {
            let member = tape.entries[child]
            if member.key == id { return ParseNode(tape: tape, index: child) }
            child = Int(member.end)
        }
        return .missing
    }

    var exists: Bool {
        guard let entry else { return false }
        return entry.kind != .null
    }

    var string: String? {
        guard let tape, let entry, entry.kind == .string else { return nil }
        return tape.string(at: index)
    }

    var bool: Bool {
        guard let entry else { return false }
        switch entry.kind {
        case .bool, .integer: return entry.payload != 0
        default: return false
        }
    }

    var int: Int? {
        guard let entry, entry.kind == .integer else { return nil }
        return Int(exactly: entry.payload)
    }

    /// An array's elements; empty for anything else.
    var list: [ParseNode] {
        guard let entry, entry.kind == .array else { return [] }
        return children
    }

    /// An object's members with their keys, in document order; empty for anything else.
    var members: [(key: String, value: ParseNode)] {
        guard let tape, let entry, entry.kind == .object else { return [] }
        return children.map { (tape.key(tape.entries[$0.index].key), $0) }
    }

    /// Calls `body` with each of an object's member values or an array's elements, in document order,
    /// without making an array of them.
    func forEachChild(_ body: (ParseNode) throws -> Void) rethrows {
        guard let tape, let entry, entry.kind == .object || entry.kind == .array else { return }
        var child = index + 1
        let end = Int(entry.end)
        while child < end {
            try body(ParseNode(tape: tape, index: child))
            child = Int(tape.entries[child].end)
        }
    }

    /// An object's member values or an array's elements, in document order.
    var children: [ParseNode] {
        guard let tape, let entry, entry.kind == .object || entry.kind == .array else { return [] }
        var found: [ParseNode] = []
        found.reserveCapacity(Int(entry.payload))
        var child = index + 1
        let end = Int(entry.end)
        while child < end {
            found.append(ParseNode(tape: tape, index: child))
            child = Int(tape.entries[child].end)
        }
        return found
    }

    /// What kind of JSON value this is; nil when the node is missing.
    var jsonKind: ParseTape.Kind? { entry?.kind }
    var isObject: Bool { entry?.kind == .object }
    var memberCount: Int {
        guard let entry, entry.kind == .object || entry.kind == .array else { return 0 }
        return Int(entry.payload)
    }

    /// The node's first key, e.g. "AlterTableStmt" for `{"AlterTableStmt": {...}}`.
    var kind: String? {
        guard let tape, let entry, entry.kind == .object, entry.payload > 0 else { return nil }
        return tape.key(tape.entries[index + 1].key)
    }

    /// The statement this node is, when it is one: a single member named by a node type
    /// (`{"SelectStmt": {…}}`), never a field that happens to end in "Stmt" (`"selectStmt": …`).
    var statementKind: String? {
        guard let kind = nodeType, kind.hasSuffix("Stmt") else { return nil }
        return kind
    }

    /// The node type this node is wrapped as: a single member whose key starts with an upper-case
    /// letter (`{"FuncCall": {…}}`); nil for anything else.
    var nodeType: String? {
        guard let tape, let entry, entry.kind == .object, entry.payload == 1 else { return nil }
        let key = tape.entries[index + 1].key
        return tape.keyIsNodeType(key) ? tape.key(key) : nil
    }

    /// The body under the node's first key.
    var body: ParseNode {
        guard let tape, let entry, entry.kind == .object, entry.payload > 0 else { return .missing }
        return ParseNode(tape: tape, index: index + 1)
    }

    /// `[{"String": {"sval": "a"}}, …]` as `["a", …]`.
    var names: [String] { list.compactMap { $0["String"]["sval"].string } }

    /// Every node in this subtree (depth first), including self.
    func descendants(where predicate: (ParseNode) -> Bool) -> [ParseNode] {
        guard let tape, let entry else { return [] }
        var found: [ParseNode] = []
        for position in index..<Int(entry.end) {
            let node = ParseNode(tape: tape, index: position)
            if predicate(node) { found.append(node) }
        }
        return found
    }
}
