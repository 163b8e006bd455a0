/// SQL text addressed the way libpg_query addresses it: by UTF-8 byte offset.
struct SourceText {
    let bytes: [UInt8]
    /// Byte offset where each line starts; line N (1-based) starts at lineStarts[N-1].
    private let lineStarts: [Int]

    init(_ sql: String) {
        bytes = Array(sql.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// 1-based line that holds `byteOffset`.
    func line(atByte byteOffset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= byteOffset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    func slice(_ range: Range<Int>) -> String {
        let clamped = range.clamped(to: 0..<bytes.count)
        return String(decoding: bytes[clamped], as: UTF8.self)
    }
}
