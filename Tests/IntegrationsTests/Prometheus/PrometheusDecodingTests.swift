import Foundation
@testable import Integrations
import RunbookEngine
import Testing

/// The API's JSON read into samples, and firing runs found in an ALERTS series, without a server.
@Suite struct PrometheusDecodingTests {
    let server = "http://prometheus:9090"

    func matrix(_ json: String, status: Int = 200) throws -> [PrometheusResponse.Series] {
        try PrometheusResponse.matrix(from: .init(status: status, body: Data(json.utf8)), server: server, endpoint: "query_range")
    }

    @Test(arguments: [("0.42", 0.42), ("1.2", 1.2), ("+Inf", .infinity), ("-Inf", -.infinity), ("0", 0.0), ("1e-3", 0.001)])
    func sampleValuesAreStringsOfNumbers(text: String, value: Double) throws {
        let series = try matrix(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1795747350.5,"\#(text)"]]}]}}"#)
        let sample = try #require(series.first?.values.first)
        #expect(sample.value == value)
        #expect(sample.at == Date(timeIntervalSince1970: 1_795_747_350.5), "fractional timestamps are kept")
    }

    @Test func nanMeansNoTraffic() throws {
        let series = try matrix(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1795747350,"NaN"],[1795747365,"0.3"]]}]}}"#)
        #expect(series.first?.values.map(\.value.isNaN) == [true, false])
    }

    @Test func anInstantVectorIsNotARangeResult() throws {
        #expect(throws: PortError(.malformed, "Prometheus at \(server) answered a vector, not the matrix a range query returns")) {
            try matrix(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1795747350,"1.2"]}]}}"#)
        }
    }

    @Test func apiErrorsKeepTheirTypeAndText() throws {
        #expect(throws: PortError(.failed, "Prometheus rejected the query — bad_data: invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis")) {
            try matrix(#"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"}"#, status: 400)
        }
        #expect(throws: PortError(.failed, "Prometheus could not run the query — execution: vector cannot contain metrics with the same labelset")) {
            try matrix(#"{"status":"error","errorType":"execution","error":"vector cannot contain metrics with the same labelset"}"#, status: 422)
        }
        #expect(throws: PortError(.failed, "Prometheus gave up on the query — timeout: query timed out in expression evaluation")) {
            try matrix(#"{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"#, status: 503)
        }
    }

    @Test func aProxyErrorPageShowsItsStatusAndStart() throws {
        #expect(throws: PortError(.failed, "Prometheus at \(server) answered HTTP 502 Bad Gateway: <html> <h1>502 Bad Gateway</h1> </html>")) {
            try matrix("<html>\n<h1>502 Bad Gateway</h1>\n</html>", status: 502)
        }
    }

    @Test func anEmptyBodyIsMalformed() throws {
        #expect(throws: PortError(.malformed, "Prometheus at \(server) answered with something that is not the Prometheus API (an empty body)")) {
            try matrix("")
        }
    }

    @Test func aBodysControlCharactersAndBidiOverridesNeverReachTheMessage() {
        let excerpt = PrometheusFailure.excerpt(Data("<h1>\u{1B}[2J\u{9B}31m\u{202E}gateway\u{07}</h1>".utf8))
        #expect(excerpt == "<h1> [2J 31m gateway </h1>")
    }

    @Test func longBodiesAreCutInTheMessage() {
        let excerpt = PrometheusFailure.excerpt(Data(String(repeating: "x", count: 500).utf8))
        #expect(excerpt == String(repeating: "x", count: 80) + "…")
    }

    @Test(arguments: [(Duration.seconds(10), "10 s"), (.milliseconds(1500), "1.5 s"), (.milliseconds(250), "0.25 s")])
    func timeoutsReadAsSeconds(duration: Duration, text: String) {
        #expect(PrometheusFailure.format(duration) == text)
    }

    @Test func alertNamesAreEscapedInsidePromQLStrings() {
        #expect(PrometheusMetrics.escape(#"a"b\c"#) == #"a\"b\\c"#)
    }

    // MARK: Firing runs

    func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_795_740_000 + seconds) }

    @Test func aMissingStepEndsARun() {
        let times = [0, 15, 30, 45, 90, 105, 600].map(at)
        #expect(FiringRun.runs(in: times, step: .seconds(15)) == [
            FiringRun(start: at(0), end: at(45)), FiringRun(start: at(90), end: at(105)), FiringRun(start: at(600), end: at(600)),
        ])
    }

    // 67.5 is 22.5 s from both runs: the later one wins.
    @Test(arguments: [(-100.0, 0.0), (20, 0), (60, 0), (67.5, 90), (70, 90), (400, 600), (5000, 600)])
    func theRunNearestTheDeployWins(around: Double, start: Double) {
        let runs = FiringRun.runs(in: [0, 15, 30, 45, 90, 105, 600].map(at), step: .seconds(15))
        #expect(FiringRun.nearest(runs, to: at(around))?.start == at(start))
    }

    @Test func noRunsNoStart() {
        #expect(FiringRun.nearest([], to: at(0)) == nil)
    }
}
