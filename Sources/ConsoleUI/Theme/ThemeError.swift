import YAMLFile

/// A theme file that cannot be used, with where and why: "light.yaml:12:9: roles.warn.fg: …".
public typealias ThemeError = LocatedError
