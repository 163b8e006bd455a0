import Foundation

/// Journals written before Step 2 read the diff carry `git show --stat` alone. They are replayed as they
/// were judged then (file names and any "image" in the text), so an old kill-switch incident replays the
/// same way; every new read is judged from the diff (`ChangeReader`).
enum LegacyChangeKind {
    static func read(stat: String) -> ChangeKind? {
        let files = stat.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: "|", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return parts[0].trimmingCharacters(in: .whitespaces)
        }
        let lower = files.map { $0.lowercased() }
        if lower.contains(where: { $0.contains("crds/") || $0.hasSuffix("crd.yaml") }) { return .helmCRDs }
        let body = stat.lowercased()
        if body.contains("sha256:") || body.contains("image") { return .image }
        if lower.contains(where: { $0.hasSuffix("kustomization.yaml") || $0.contains("patch") }) { return .kustomize }
        if lower.contains(where: { $0.contains("flag") || $0.contains("configmap") || $0.hasSuffix(".env") }) { return .configOnly }
        if lower.contains(where: { $0.hasSuffix("values.yaml") }) { return .helmValues }
        return files.isEmpty ? nil : .other
    }
}
