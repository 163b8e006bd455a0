/// The order a migration tool applies its files in: by the version each name starts with, compared as
/// numbers (golang-migrate's `9_` runs before `10_`), Flyway `V1.2__` by parts and its `R__` files last.
enum MigrationOrder {
    /// A file's place: versioned files by their number parts, then repeatable ones by name.
    struct Key: Comparable {
        var repeatable: Bool
        var parts: [Number]
        var name: String

        static func < (lhs: Key, rhs: Key) -> Bool {
            if lhs.repeatable != rhs.repeatable { return !lhs.repeatable }
            if lhs.repeatable { return lhs.name < rhs.name }
            return lhs.parts.lexicographicallyPrecedes(rhs.parts)
        }
    }

    /// A version part of any length (Ory Kratos names its files with 20-digit versions, past UInt64),
    /// compared as a number: leading zeros dropped, then the longer is larger, then digit by digit.
    struct Number: Comparable, CustomStringConvertible {
        let digits: Substring

        init(_ digits: Substring) {
            let significant = digits.drop { $0 == "0" }
            self.digits = significant.isEmpty ? "0" : significant
        }

        static func < (lhs: Number, rhs: Number) -> Bool {
            lhs.digits.count != rhs.digits.count ? lhs.digits.count < rhs.digits.count : lhs.digits < rhs.digits
        }

        var description: String { String(digits) }
    }

    /// The paths in the order the tool runs them, or why that order cannot be known.
    /// Why the order cannot be known, naming the file.
    struct Unknown: Error { var reason: String }

    static func sorted(_ paths: [String]) -> Result<[String], Unknown> {
        guard paths.count > 1 else { return .success(paths) }
        var keyed: [(key: Key, path: String)] = []
        for path in paths {
            guard let key = key(for: path) else {
                return .failure(Unknown(reason: "\(path) has no version prefix, so the order its tool runs it in is not known"))
            }
            keyed.append((key, path))
        }
        keyed.sort { $0.key < $1.key }
        for (first, second) in zip(keyed, keyed.dropFirst()) where !first.key.repeatable && first.key.parts == second.key.parts {
            return .failure(Unknown(reason: "\(first.path) and \(second.path) have the same version, so their order is not known"))
        }
        return .success(keyed.map(\.path))
    }

    /// The version of `0042_x.sql`, `V1.2__x.sql`, `20240101120000_x.up.sql`, or of the directory
    /// holding `up.sql` / `migration.sql` (diesel, prisma).
    static func key(for path: String) -> Key? {
        let components = path.split(separator: "/").map(String.init)
        guard let file = components.last else { return nil }
        if file.hasPrefix("R__") { return Key(repeatable: true, parts: [], name: file) }
        if let parts = versionParts(file) { return Key(repeatable: false, parts: parts, name: file) }
        if components.count >= 2, let parts = versionParts(components[components.count - 2]) {
            return Key(repeatable: false, parts: parts, name: file)
        }
        return nil
    }

    /// `V1_2__x` → [1, 2]; `0001_init` → [1]; `2023-01-01-000000_x` → [2023, 1, 1, 0]; nil without leading digits.
    private static func versionParts(_ name: String) -> [Number]? {
        var text = Substring(name)
        if text.first == "V", text.dropFirst().first?.isASCII == true, text.dropFirst().first?.isNumber == true { text = text.dropFirst() }
        guard text.first?.isASCII == true, text.first?.isNumber == true else { return nil }
        // Flyway ends the version at `__`; other tools at the first character that is not a digit.
        if let flyway = text.range(of: "__") { text = text[..<flyway.lowerBound] }
        var parts: [Number] = []
        var digits = text[text.startIndex..<text.startIndex]
        for index in text.indices {
            let character = text[index]
            if character.isASCII, character.isNumber {
                digits = text[(digits.isEmpty ? index : digits.startIndex)...index]
            } else if character == "." || character == "_" || character == "-", !digits.isEmpty {
                parts.append(Number(digits))
                digits = text[index..<index]
                // golang-migrate `0001_init`: the version ends where a letter starts.
            } else {
                break
            }
        }
        if !digits.isEmpty { parts.append(Number(digits)) }
        return parts.isEmpty ? nil : parts
    }
}
