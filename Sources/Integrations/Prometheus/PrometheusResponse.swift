import Foundation
import RunbookEngine

/// The Prometheus HTTP API's JSON envelope for a range query:
/// `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[1795747350,"1.2"],…]}]}}`
/// or `{"status":"error","errorType":"bad_data","error":"…"}`.
struct PrometheusResponse: Decodable {
    var status: String
    var data: ResultData?
    var errorType: String?
    var error: String?

    struct ResultData: Decodable {
        var resultType: String
        /// Only a matrix is read; any other result type is kept as its name for the error.
        var matrix: [Series]?

        enum CodingKeys: String, CodingKey { case resultType, result }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            resultType = try container.decode(String.self, forKey: .resultType)
            matrix = resultType == "matrix" ? try container.decode([Series].self, forKey: .result) : nil
        }
    }

    /// One labelled series. Steps with no data are missing from `values`, not null.
    struct Series: Decodable {
        var metric: [String: String]
        var values: [Sample]
    }

    /// `[1795747350.5, "0.42"]`: a timestamp in (fractional) seconds and the value as a string,
    /// which may be "NaN" (no traffic) or "+Inf"/"-Inf".
    struct Sample: Decodable {
        var at: Date
        var value: Double

        init(from decoder: any Decoder) throws {
            var pair = try decoder.unkeyedContainer()
            let seconds = try pair.decode(Double.self)
            let text = try pair.decode(String.self)
            guard let value = Self.number(text) else {
                throw DecodingError.dataCorruptedError(in: pair, debugDescription: "sample value \"\(text)\" is not a number")
            }
            at = Date(timeIntervalSince1970: seconds)
            self.value = value
        }

        static func number(_ text: String) -> Double? {
            switch text {
            case "NaN": .nan
            case "+Inf", "Inf": .infinity
            case "-Inf": -.infinity
            default: Double(text)
            }
        }
    }

    /// Reads a reply into the matrix it carries, or the `PortError` a person reads in the pane.
    static func matrix(from reply: PrometheusClient.Reply, server: String, endpoint: String) throws -> [Series] {
        let answered = (200..<300).contains(reply.status)
        guard let response = try? JSONDecoder().decode(PrometheusResponse.self, from: reply.body) else {
            if answered, (try? JSONSerialization.jsonObject(with: reply.body)) != nil {
                throw PrometheusFailure.malformed(reply.body, server: server, why: "JSON but not a range query result")
            }
            throw PrometheusFailure.http(status: reply.status, errorType: nil, error: nil,
                                         body: reply.body, server: server, endpoint: endpoint)
        }
        guard answered, response.status != "error" else {
            throw PrometheusFailure.http(status: reply.status, errorType: response.errorType, error: response.error,
                                         body: reply.body, server: server, endpoint: endpoint)
        }
        guard response.status == "success" else {
            throw PrometheusFailure.malformed(reply.body, server: server, why: "neither success nor error")
        }
        guard let data = response.data else {
            throw PrometheusFailure.malformed(reply.body, server: server, why: "a success without data")
        }
        guard let matrix = data.matrix else {
            throw PortError(.malformed, "Prometheus at \(server) answered a \(data.resultType), not the matrix a range query returns")
        }
        return matrix
    }
}
