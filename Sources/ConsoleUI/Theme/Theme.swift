/// How one style role looks: colours plus the attributes that carry meaning without colour.
public struct RoleSpec: Sendable, Equatable, Hashable {
    public var fg: ThemeColor
    public var bg: ThemeColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(fg: ThemeColor = .default, bg: ThemeColor = .default,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.fg = fg; self.bg = bg; self.bold = bold; self.underline = underline; self.reverse = reverse
    }
}

/// A named mapping from every style role to colours and attributes; loaded from a Themes/ YAML file.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var description: String
    /// Whether the theme is meant for a dark or a light terminal; decides how greys map to 8 colours.
    public var appearance: Appearance
    /// One spec per role, always complete: roles a file leaves out come from `Theme.builtIn`.
    public private(set) var roles: [StyleRole: RoleSpec]

    public init(name: String, description: String = "", appearance: Appearance = .dark,
                roles: [StyleRole: RoleSpec], fallback: [StyleRole: RoleSpec] = [:]) {
        self.name = name
        self.description = description
        self.appearance = appearance
        self.roles = Dictionary(uniqueKeysWithValues: StyleRole.allCases.map { role in
            (role, roles[role] ?? fallback[role] ?? RoleSpec())
        })
    }

    public subscript(role: StyleRole) -> RoleSpec {
        get { roles[role] ?? RoleSpec() }
        set { roles[role] = newValue }
    }

    /// The default theme, parsed from `Themes/default.yaml` embedded in the binary.
    public static let builtIn: Theme = embedded("default.yaml", PackageResources.default_yaml, fallback: nil)

    /// Every theme shipped in `Themes/`, embedded in the binary at build time, by name.
    public static let builtInThemes: [String: Theme] = {
        let others = [
            ("light.yaml", PackageResources.light_yaml), ("high-contrast.yaml", PackageResources.high_contrast_yaml),
            ("monochrome.yaml", PackageResources.monochrome_yaml), ("colour-blind.yaml", PackageResources.colour_blind_yaml),
        ].map { embedded($0.0, $0.1, fallback: builtIn) }
        return Dictionary(uniqueKeysWithValues: ([builtIn] + others).map { ($0.name, $0) })
    }()

    private static func embedded(_ file: String, _ bytes: [UInt8], fallback: Theme?) -> Theme {
        do {
            return try ThemeLoader.load(yaml: String(decoding: bytes, as: UTF8.self), file: file, fallback: fallback)
        } catch {
            // Only a broken build can get here; ThemeTests load every file in Themes/.
            fatalError("the embedded theme \(file) is invalid: \(error)")
        }
    }

    /// Parses a theme file; roles it leaves out fall back to `Theme.builtIn`.
    /// - Parameter file: the name used in error messages (a path or a file name).
    public static func load(yaml: String, file: String) throws(ThemeError) -> Theme {
        try ThemeLoader.load(yaml: yaml, file: file, fallback: builtIn)
    }
}
