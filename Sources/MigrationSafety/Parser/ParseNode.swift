import Foundation

/// Read-only access to libpg_query's JSON parse tree. Missing keys read as an empty node,
/// so rules can ask `node["def"]["ColumnDef"]["colname"].string` without unwrapping each step.
struct ParseNode {
    let value: Any?

    init(_ value: Any?) { self.value = value }

    init?(json: UnsafePointer<CChar>) {
        let data = Data(bytes: json, count: strlen(json))
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return nil }
        self.value = object
    }

    subscript(key: String) -> ParseNode {
        ParseNode((value as? [String: Any])?[key])
    }

    var exists: Bool { value != nil && !(value is NSNull) }
    var string: String? { value as? String }
    var bool: Bool { (value as? Bool) ?? ((value as? NSNumber)?.boolValue ?? false) }
    var int: Int? { (value as? NSNumber)?.intValue }
    var list: [ParseNode] { ((value as? [Any]) ?? []).map(ParseNode.init) }

    /// The node's single key, e.g. "AlterTableStmt" for `{"AlterTableStmt": {...}}`.
    var kind: String? { (value as? [String: Any])?.keys.first }
    /// The body under the node's single key.
    var body: ParseNode { kind.map { self[$0] } ?? ParseNode(nil) }

    /// `[{"String": {"sval": "a"}}, …]` as `["a", …]`.
    var names: [String] { list.compactMap { $0["String"]["sval"].string } }

    /// Every node in this subtree (depth first), including self.
    func descendants(where predicate: (ParseNode) -> Bool) -> [ParseNode] {
        var found: [ParseNode] = []
        func visit(_ node: ParseNode) {
            if predicate(node) { found.append(node) }
            if let object = node.value as? [String: Any] {
                for child in object.values { visit(ParseNode(child)) }
            } else if let array = node.value as? [Any] {
                for child in array { visit(ParseNode(child)) }
            }
        }
        visit(self)
        return found
    }
}
