import Foundation
import Integrations
import Testing

/// Issue 19 §7: README's config example is read by the real config reader, so it cannot drift from it.
@Suite struct ReadmeConfigExampleTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

    /// The first ```yaml block under "### The config file for `run`".
    static func example() throws -> String {
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "### The config file for `run`"), "README has the config section")
        let rest = text[section.upperBound...]
        let open = try #require(rest.range(of: "```yaml\n"), "the section has a yaml block")
        let close = try #require(rest[open.upperBound...].range(of: "\n```"), "the yaml block is closed")
        return String(rest[open.upperBound..<close.lowerBound])
    }

    @Test func theReadmesExampleIsAValidConfigFile() throws {
        let file = try ConfigFile.parse(yaml: try Self.example(), file: "README.md")
        #expect(file.theme?.name == "high-contrast")
        #expect(file.apps.count >= 1)
        for app in file.apps {
            // Every app in it resolves as `run --app NAME` would, with no flags.
            let settings = try LiveSettings.resolve(app: app.name, file: file, flags: AppSettings())
            #expect(settings.app == app.name)
        }
    }

    /// Complete: every key the reader knows appears in the example (in `defaults` or the first app).
    @Test func theReadmesExampleShowsEveryKey() throws {
        let file = try ConfigFile.parse(yaml: try Self.example(), file: "README.md")
        let first = try #require(file.apps.first)
        // AppSettings' properties are named as the file's keys: the reflection below reads the same names.
        #expect(Set(Mirror(reflecting: AppSettings()).children.compactMap(\.label)) == Set(AppSettings.keys))
        let shown = Set([file.defaults, first.settings].flatMap { settings in
            Mirror(reflecting: settings).children.compactMap { child in Self.isSet(child.value) ? child.label : nil }
        })
        for key in AppSettings.keys { #expect(shown.contains(key), "README's config example leaves out \(key)") }
    }

    static func isSet(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle != .optional || !mirror.children.isEmpty
    }
}
