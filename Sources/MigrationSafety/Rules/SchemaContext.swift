/// What earlier statements of the same migration set created: objects the old binary never
/// knew, so constraining, renaming or dropping them is no compatibility problem.
struct SchemaContext: Sendable {
    /// A column added to an existing table earlier in the set.
    struct NewColumn: Sendable {
        var hasRealDefault: Bool
        var notNull: Bool
    }

    /// A function or procedure created earlier in the set, kept so a later call can read its body.
    struct NewFunction: Sendable {
        var language: String
        var body: String?
        /// `RETURNS …` as written (`trigger`, `SETOF pg_catalog.int4`): the PL/pgSQL parser checks RETURN against it.
        var returns = "void"
        /// False for CREATE OR REPLACE of a function the set did not create: its body is known, its name is old.
        var isNew = true
    }

    private(set) var relations: Set<ObjectName> = []
    private(set) var types: Set<ObjectName> = []
    private(set) var schemas: Set<String> = []
    private(set) var functions: [ObjectName: NewFunction] = [:]
    private(set) var extensions: Set<String> = []
    /// Operators created in the set whose function was read and found harmless.
    private(set) var harmlessOperators: Set<String> = []
    private var columns: [ObjectName: [String: NewColumn]] = [:]
    /// Guards against a function that calls itself when bodies are read.
    var functionsBeingRead: Set<ObjectName> = []

    func isNewRelation(_ name: ObjectName) -> Bool { relations.contains(name) || isInNewSchema(name) }
    func isNewType(_ name: ObjectName) -> Bool { types.contains(name) || isInNewSchema(name) }
    func isNewSchema(_ name: String) -> Bool { schemas.contains(name) }
    func isNewExtension(_ name: String) -> Bool { extensions.contains(name) }
    func isNewFunction(_ name: ObjectName) -> Bool { functions[name]?.isNew == true || isInNewSchema(name) }
    func function(_ name: ObjectName) -> NewFunction? { functions[name] }
    func newColumn(_ column: String, of table: ObjectName) -> NewColumn? { columns[table]?[column] }

    private func isInNewSchema(_ name: ObjectName) -> Bool { name.schema.map(schemas.contains) ?? false }

    /// Schemas every database has: a CREATE that names them never made them.
    static let alwaysThere: Set<String> = ["public", "pg_catalog", "information_schema", "pg_toast"]

    mutating func createdRelation(_ name: ObjectName) { relations.insert(name) }
    mutating func createdType(_ name: ObjectName) { types.insert(name) }
    mutating func createdSchema(_ name: String) {
        if !Self.alwaysThere.contains(name) { schemas.insert(name) }
    }
    /// A dropped new relation is gone: the same name dropped again is an older object.
    mutating func droppedRelation(_ name: ObjectName) { relations.remove(name) }

    /// After the search path changes, an unqualified name may mean another schema's object:
    /// only qualified names keep their newness.
    mutating func searchPathChanged() {
        relations = relations.filter { $0.schema != nil }
        types = types.filter { $0.schema != nil }
        functions = functions.filter { $0.key.schema != nil }
        columns = columns.filter { $0.key.schema != nil }
    }
    mutating func createdExtension(_ name: String) { extensions.insert(name) }
    mutating func createdHarmlessOperator(_ symbol: String) { harmlessOperators.insert(symbol) }
    mutating func createdFunction(_ name: ObjectName, _ function: NewFunction) { functions[name] = function }
    mutating func addedColumn(_ column: String, to table: ObjectName, _ facts: NewColumn) { columns[table, default: [:]][column] = facts }

    mutating func renamedColumn(_ column: String, to newName: String, of table: ObjectName) {
        guard let facts = columns[table]?.removeValue(forKey: column) else { return }
        columns[table, default: [:]][newName] = facts
    }

    mutating func renamedRelation(_ name: ObjectName, to newName: ObjectName) {
        guard relations.remove(name) != nil else { return }
        relations.insert(newName)
    }
}
