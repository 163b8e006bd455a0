/// One token from libpg_query's scanner, decoded from its protobuf `ScanResult`.
struct ScanToken: Sendable, Equatable {
    var start: Int
    var end: Int
    var kind: Int

    /// `SQL_COMMENT` and `C_COMMENT` in pg_query.proto's `Token` enum.
    var isComment: Bool { kind == 275 || kind == 276 }

    /// Decodes `ScanResult { repeated ScanToken tokens = 2; }` with
    /// `ScanToken { int32 start = 1; int32 end = 2; Token token = 4; KeywordKind keyword_kind = 5; }`.
    static func decode(scanResult bytes: UnsafeRawBufferPointer) -> [ScanToken]? {
        var reader = ProtobufReader(bytes: bytes, position: 0, end: bytes.count)
        var tokens: [ScanToken] = []
        while !reader.atEnd {
            guard let (field, wireType) = reader.key() else { return nil }
            if field == 2, wireType == 2 {
                guard let length = reader.varint(), var inner = reader.submessage(length: Int(length)) else { return nil }
                var token = ScanToken(start: 0, end: 0, kind: 0)
                while !inner.atEnd {
                    guard let (tokenField, tokenWire) = inner.key() else { return nil }
                    guard tokenWire == 0, let value = inner.varint() else {
                        guard inner.skip(wireType: tokenWire) else { return nil }
                        continue
                    }
                    switch tokenField {
                    case 1: token.start = Int(truncatingIfNeeded: value)
                    case 2: token.end = Int(truncatingIfNeeded: value)
                    case 4: token.kind = Int(truncatingIfNeeded: value)
                    default: break
                    }
                }
                tokens.append(token)
            } else if !reader.skip(wireType: wireType) {
                return nil
            }
        }
        return tokens
    }
}

/// Just enough of the protobuf wire format for `ScanResult`.
private struct ProtobufReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let end: Int

    var atEnd: Bool { position >= end }

    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < end, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    mutating func key() -> (field: Int, wireType: Int)? {
        guard let key = varint() else { return nil }
        return (Int(key >> 3), Int(key & 7))
    }

    mutating func submessage(length: Int) -> ProtobufReader? {
        guard length >= 0, position + length <= end else { return nil }
        defer { position += length }
        return ProtobufReader(bytes: bytes, position: position, end: position + length)
    }

    mutating func skip(wireType: Int) -> Bool {
        switch wireType {
        case 0: return varint() != nil
        case 1: position += 8
        case 2:
            guard let length = varint() else { return false }
            position += Int(length)
        case 5: position += 4
        default: return false
        }
        return position <= end
    }
}
