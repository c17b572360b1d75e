import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire serve` as a client sees it: the built binary on a free loopback port, every route and
/// error, predictions bit for bit equal to the notebook's `predict`, Prometheus text checked by
/// promtool, reloads under load, the drain on SIGTERM, and the request log.
@Suite(.serialized, .tags(.slow)) struct ServeCLITests {
    /// Models exported by one notebook run, and what its `predict` steps wrote for `rows.csv`.
    struct Fixture: Sendable {
        var directory: String
        /// Logistic regression on x1, x2, color (impute, one_hot, standardize).
        var classifier: String
        /// Logistic regression on x2 alone, standardised: refuses missing values.
        var strict: String
        /// Linear regression of x2 on x1 and color.
        var regressor: String
        /// `rows.csv` as text cells, header first.
        var rows: [[String]]
        /// The classifier's `predict` output (`write` of it), header first.
        var scored: [[String]]
        /// The regressor's.
        var scoredRegression: [[String]]
    }

    /// A deterministic table: x1 (some missing), x2, color, label.
    static func table(rows: Int, offset: Int, colors: [String]) -> String {
        var text = "x1,x2,color,label\n"
        for i in 0..<rows {
            let t = Double(i + offset)
            let x1 = sin(t * 1.7) * 10 + t / 97
            let x2 = cos(t * 0.37) * 3.125 + 1e-3 * t
            let color = colors[(i * 7) % colors.count]
            let noisy = (i * 7919) % 13 < 3
            let label = ((x1 + 2 * x2 > 0) != noisy) ? "yes" : "no"
            let x1Text = i % 17 == 5 ? "" : "\(x1)"
            text += "\(x1Text),\(x2),\(color),\(label)\n"
        }
        return text
    }

    static let notebook = """
        # Served models

        ```step train
        load: train.csv
        ```

        ```step model
        train: {data: train, algorithm: logistic_regression, target: label, features: [x1, x2, color], preprocess: [impute, one_hot, standardize]}
        ```

        ```step strict
        train: {data: train, algorithm: logistic_regression, target: label, features: [x2], preprocess: [standardize]}
        ```

        ```step regressor
        train: {data: train, algorithm: linear_regression, target: x2, features: [x1, color], preprocess: [impute, one_hot]}
        ```

        ```step export_model
        export: {model: model, name: classifier}
        ```

        ```step export_strict
        export: {model: strict, name: strict}
        ```

        ```step export_regressor
        export: {model: regressor, name: regressor}
        ```

        ```step rows
        load: rows.csv
        ```

        ```step scored
        predict: {model: model, data: rows}
        ```

        ```step scored_regression
        predict: {model: regressor, data: rows}
        ```

        ```step write_scored
        write: {from: scored, path: scored.csv}
        ```

        ```step write_regression
        write: {from: scored_regression, path: scored-regression.csv}
        ```
        """

    static func csv(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static let fixture: Result<Fixture, ServeTestError> = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "quire-serve-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try table(rows: 400, offset: 0, colors: ["red", "green", "blue"]).write(
                to: directory.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
            // Scored rows include a colour never seen in training (handled as `predict` handles it).
            let rows = table(rows: 60, offset: 1000, colors: ["red", "green", "blue", "purple"])
            try rows.write(to: directory.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
            try notebook.write(to: directory.appendingPathComponent("served.md"), atomically: true, encoding: .utf8)
            let run = try QuireProcess.run(
                ["run", "--quiet", "--no-history", "--output", "out", "served.md"], in: directory)
            guard run.status == 0 else { return .failure(ServeTestError("quire run failed: \(run.stderr)")) }
            let out = directory.appendingPathComponent("out")
            let scored = try String(contentsOf: out.appendingPathComponent("scored.csv"), encoding: .utf8)
            let regression = try String(
                contentsOf: out.appendingPathComponent("scored-regression.csv"), encoding: .utf8)
            return .success(
                Fixture(
                    directory: directory.path, classifier: out.appendingPathComponent("models/classifier.json").path,
                    strict: out.appendingPathComponent("models/strict.json").path,
                    regressor: out.appendingPathComponent("models/regressor.json").path, rows: csv(rows),
                    scored: csv(scored), scoredRegression: csv(regression)))
        } catch {
            return .failure(ServeTestError("fixture: \(error)"))
        }
    }()

    static func setUp() throws -> Fixture { try fixture.get() }

    /// The rows of `rows.csv` as a JSON request body: numbers as the CSV's text, missing as null.
    static func rowsBody(_ rows: [[String]], layout: String = "rows") -> String {
        let header = rows[0]
        let data = rows.dropFirst()
        func cell(_ value: String, _ column: String) -> String {
            if value.isEmpty { return "null" }
            return column == "color" || column == "label" ? "\"\(value)\"" : value
        }
        if layout == "columns" {
            let columns = header.indices.map { c in
                "\"\(header[c])\": [" + data.map { cell($0[c], header[c]) }.joined(separator: ", ") + "]"
            }
            return "{\"columns\": {" + columns.joined(separator: ", ") + "}}"
        }
        let objects = data.map { row in
            "{" + header.indices.map { "\"\(header[$0])\": \(cell(row[$0], header[$0]))" }.joined(separator: ", ") + "}"
        }
        return "{\"rows\": [" + objects.joined(separator: ", ") + "]}"
    }

    /// Each response row's fields equal the notebook's, bit for bit (numbers compared as doubles).
    static func expectSame(_ response: [[String: String]], _ scored: [[String]], columns: [String]) {
        let header = scored[0]
        #expect(response.count == scored.count - 1)
        for (index, row) in zip(response, scored.dropFirst()).enumerated() {
            for column in columns {
                guard let c = header.firstIndex(of: column) else {
                    Issue.record("no column \(column) in \(header)")
                    return
                }
                let expected = row.1[c]
                let got = row.0[column] ?? "<none>"
                if let e = Double(expected), let g = Double(got) {
                    #expect(e.bitPattern == g.bitPattern, "row \(index) \(column): \(got) vs notebook \(expected)")
                } else {
                    #expect(got == expected, "row \(index) \(column): \(got) vs notebook \(expected)")
                }
            }
        }
    }

    @Test func predictionsEqualTheNotebooksPredictBitForBit() throws {
        let fixture = try Self.setUp()
        #expect(fixture.rows.dropFirst().contains { $0[2] == "purple" } && fixture.rows.contains { $0[0].isEmpty })
        let server = try ServeProcess(fixture.classifier)
        let body = Self.rowsBody(fixture.rows)
        let response = try RawHTTP.request(server.port, "POST", "/v1/predict", body: body)
        #expect(response.status == 200, "\(response.body)")
        Self.expectSame(
            PredictionText.rows(response.body), fixture.scored,
            columns: ["prediction", "probability_no", "probability_yes"])
        // The columns layout answers in columns, the same values.
        let columns = try RawHTTP.request(
            server.port, "POST", "/v1/predict", body: Self.rowsBody(fixture.rows, layout: "columns"))
        #expect(columns.status == 200)
        let object = try #require(columns.json["columns"] as? [String: [Any]])
        #expect(object["prediction"]?.count == fixture.rows.count - 1)
        #expect(
            (object["prediction"] as? [String])
                == fixture.scored.dropFirst().map { $0[fixture.scored[0].firstIndex(of: "prediction") ?? 0] })
        #expect(server.stop() == 0)

        let regressor = try ServeProcess(fixture.regressor)
        let regression = try RawHTTP.request(regressor.port, "POST", "/v1/predict", body: body)
        #expect(regression.status == 200, "\(regression.body)")
        Self.expectSame(PredictionText.rows(regression.body), fixture.scoredRegression, columns: ["prediction"])
        #expect(!regression.body.contains("probability_"))
        #expect(regressor.stop() == 0)
    }

    @Test func routesAnswer() throws {
        let fixture = try Self.setUp()
        let server = try ServeProcess(fixture.classifier)
        let health = try RawHTTP.request(server.port, "GET", "/healthz")
        #expect(health.status == 200 && health.json["status"] as? String == "ok")
        let ready = try RawHTTP.request(server.port, "GET", "/readyz")
        #expect(ready.status == 200 && ready.json["status"] as? String == "ready")

        let card = try RawHTTP.request(server.port, "GET", "/v1/model")
        #expect(card.status == 200)
        let json = card.json
        let digest = SHA256Hex.of(file: fixture.classifier)
        #expect(json["file_sha256"] as? String == digest)
        #expect(card.headers["quire-model-sha256"] == digest)
        #expect(json["algorithm"] as? String == "logistic_regression")
        #expect(json["task"] as? String == "classification")
        #expect(json["classes"] as? [String] == ["no", "yes"])
        let inputs = (json["inputs"] as? [[String: String]])?.map { "\($0["name"] ?? ""):\($0["kind"] ?? "")" }
        #expect(inputs == ["x1:numeric", "x2:numeric", "color:categorical"])
        let features = (json["features"] as? [[String: String]])?.map { $0["name"] ?? "" }
        #expect(features == ["x1", "x2", "color"])
        #expect(json["format_version"] as? Int == 1)
        let export = try #require(json["export"] as? [String: Any])
        #expect(export["name"] as? String == "classifier")
        #expect(export["step"] as? String == "export_model")
        #expect((export["notebook"] as? [String: String])?["path"] == "served.md")
        #expect((export["inputs"] as? [String: String])?.isEmpty == false)
        #expect(export["params"] is [String: Any])

        let predicted = try RawHTTP.request(server.port, "POST", "/v1/predict", body: Self.rowsBody(fixture.rows))
        #expect(predicted.status == 200)
        let metrics = try RawHTTP.request(server.port, "GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = metrics.body
        try Self.expectPromtoolAccepts(text)
        #expect(text.contains("quire_http_requests_total{route=\"/v1/predict\",status=\"200\"} 1\n"))
        #expect(text.contains("quire_http_requests_total{route=\"/v1/model\",status=\"200\"} 1\n"))
        #expect(text.contains("quire_rows_scored_total \(fixture.rows.count - 1)\n"))
        #expect(text.contains("quire_model_info{name=\"classifier\",version=\"1\",digest=\"\(digest)\"} 1\n"))
        #expect(text.contains("quire_http_requests_in_flight 1\n"))  // the /metrics request itself
        #expect(text.contains("quire_http_request_duration_seconds_count{route=\"/v1/predict\"} 1\n"))
        #expect(text.contains("quire_model_reloads_total 0\n"))
        #expect(server.stop() == 0)
    }

    /// promtool must be there: Debian's `prometheus` package (scripts/lib.sh installs it for CI).
    static func expectPromtoolAccepts(_ text: String) throws {
        let promtool = "/usr/bin/promtool"
        try #require(
            FileManager.default.isExecutableFile(atPath: promtool),
            "promtool is missing: apt-get install -y prometheus (scripts/lib.sh ensure_test_packages installs it)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && said.isEmpty, "promtool: \(said)")
    }

    @Test func badRequestsGetTheirStatusAndNameTheRowAndField() throws {
        let fixture = try Self.setUp()
        let server = try ServeProcess(fixture.classifier, ["--max-body-bytes", "4000"])
        let port = server.port
        func post(_ body: String, type: String? = "application/json") throws -> HTTPResponse {
            try RawHTTP.request(port, "POST", "/v1/predict", body: body, contentType: type)
        }
        func expectError(_ response: HTTPResponse, _ status: Int, row: Int? = nil, field: String? = nil) {
            #expect(response.status == status, "\(response.body)")
            let error = response.json["error"] as? [String: Any]
            #expect(error?["status"] as? Int == status)
            #expect((error?["message"] as? String)?.isEmpty == false)
            #expect(error?["row"] as? Int == row, "\(response.body)")
            #expect(error?["field"] as? String == field, "\(response.body)")
        }
        let good = #"{"x1": 1.5, "x2": -2, "color": "red"}"#
        expectError(try post(#"{"rows": [\#(good), {"x1": 1, "color": "red"}]}"#), 400, row: 1, field: "x2")
        expectError(
            try post(#"{"rows": [\#(good), \#(good), {"x1": "1", "x2": 2, "color": "red"}]}"#), 400, row: 2, field: "x1"
        )
        expectError(try post(#"{"rows": [{"x1": 1, "x2": 2, "color": 3}]}"#), 400, row: 0, field: "color")
        expectError(try post(#"{"rows": [{"x1": 1, "x2": true, "color": "red"}]}"#), 400, row: 0, field: "x2")
        expectError(try post(#"{"rows": [{"x1": 1e400, "x2": 2, "color": "red"}]}"#), 400, row: 0, field: "x1")
        expectError(try post(#"{"columns": {"x1": [1, 2], "x2": [1], "color": ["red", "red"]}}"#), 400, field: "x2")
        expectError(
            try post(#"{"columns": {"x1": [1, 2], "x2": [1, "a"], "color": ["red", "red"]}}"#), 400, row: 1, field: "x2"
        )
        expectError(try post(#"{"columns": {"x1": [1], "x2": [1]}}"#), 400, field: "color")
        // The classifier imputes x1, so null there is allowed; the strict model allows none.
        #expect(try post(#"{"rows": [{"x1": null, "x2": 2, "color": null}]}"#).status == 200)
        let strict = try ServeProcess(fixture.strict)
        let refused = try RawHTTP.request(
            strict.port, "POST", "/v1/predict", body: #"{"rows": [{"x2": 1}, {"x2": null}]}"#)
        expectError(refused, 400, row: 1, field: "x2")
        #expect(strict.stop() == 0)

        // Not JSON, not an object, the wrong content type, too large, wrong routes and methods.
        expectError(try post("{\"rows\": [", type: "application/json"), 400)
        expectError(try post("rows=1"), 400)
        expectError(try post("[]"), 400)
        expectError(try post("{}"), 400)
        expectError(try post(#"{"rows": {}}"#), 400, field: "rows")
        expectError(try post(#"{"rows": [1]}"#), 400, row: 0)
        expectError(try post(good, type: "text/csv"), 415)
        expectError(try post(good, type: nil), 415)
        expectError(try post(String(repeating: " ", count: 5000)), 413)
        expectError(try RawHTTP.request(port, "GET", "/nope"), 404)
        let wrongMethod = try RawHTTP.request(port, "GET", "/v1/predict")
        expectError(wrongMethod, 405)
        #expect(wrongMethod.headers["allow"] == "POST")
        expectError(try RawHTTP.request(port, "DELETE", "/healthz"), 405)
        // Chunked bodies over the limit are refused too.
        let socket = try RawHTTP.connect(port)
        RawHTTP.send(
            socket,
            Array(
                "POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    .utf8))
        for _ in 0..<3 { RawHTTP.send(socket, Array("7d0\r\n\(String(repeating: " ", count: 2000))\r\n".utf8)) }
        RawHTTP.send(socket, Array("0\r\n\r\n".utf8))
        expectError(try RawHTTP.parse(RawHTTP.readAll(socket)), 413)
        close(socket)

        // Nothing crashes it: garbage, deep nesting, huge numbers, empty lists, bad UTF-8, bad HTTP.
        let garbage: [[UInt8]] = [
            Array(String(repeating: "[", count: 3000).utf8),
            Array(#"{"x": "#.utf8) + Array(String(repeating: "[", count: 3000).utf8),
            Array(#"{"rows": [{"x1": 1#.utf8), [0xFF, 0xFE, 0x00, 0x7B], Array(#"{"rows": [{"x1": "\#u{0}"}]}"#.utf8),
            Array(#"{"rows": [{"color": "\ud800", "x1": 1, "x2": 2}]}"#.utf8), Array(#"{"rows": [], "rows": []}"#.utf8),
            Array("{\"rows\": [{\"x1\": 1\(String(repeating: "0", count: 3000)), \"x2\": 2, \"color\": \"a\"}]}".utf8),
            Array(#"{"rows": [{"x1": -, "x2": 2}]}"#.utf8), Array(#"{"rows": [{"x1": 01, "x2": 2}]}"#.utf8),
            [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D],
        ]
        for body in garbage {
            let response = try RawHTTP.request(port, "POST", "/v1/predict", bytes: body)
            #expect([200, 400].contains(response.status), "\(response.status) \(response.body)")
        }
        let empty = try post(#"{"rows": []}"#)
        #expect(empty.status == 200 && empty.body == "{\"rows\":[]}\n")
        let emptyColumns = try post(#"{"columns": {"x1": [], "x2": [], "color": []}}"#)
        #expect(emptyColumns.status == 200, "\(emptyColumns.body)")
        let malformed = try RawHTTP.connect(port)
        RawHTTP.send(malformed, Array("NOT HTTP AT ALL\r\n\r\n".utf8))
        _ = RawHTTP.readAll(malformed)
        close(malformed)
        #expect(try RawHTTP.request(port, "GET", "/healthz").status == 200)
        let metrics = try RawHTTP.request(port, "GET", "/metrics").body
        #expect(metrics.contains("quire_http_requests_in_flight 1\n"), "\(metrics)")
        #expect(metrics.contains("quire_http_requests_total{route=\"/v1/predict\",status=\"413\"} 2\n"))
        #expect(metrics.contains("quire_http_requests_total{route=\"other\",status=\"404\"} 1\n"))
        #expect(server.stop() == 0)
    }

    @Test func aModelThatCannotBeLoadedIsAUsageError() throws {
        let directory = try TemporaryDirectory()
        let broken = try directory.write("{\"not\": \"a model\"}", to: "broken.json")
        let run = try QuireProcess.run(["serve", broken.path, "--port", "0"])
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("cannot load the model") && run.stdout.isEmpty)
        let missing = try QuireProcess.run(["serve", directory.url.appendingPathComponent("none.json").path])
        #expect(missing.status == 64 && missing.stderr.contains("cannot read the file"))
        let port = try QuireProcess.run(["serve", broken.path, "--port", "70000"])
        #expect(port.status == 64 && port.stderr.contains("--port"))
    }

    @Test func reloadsUnderLoadLoseNoRequestAndMixNoModels() throws {
        let fixture = try Self.setUp()
        let directory = try TemporaryDirectory()
        let served = directory.url.appendingPathComponent("model.json")
        try FileManager.default.copyItem(atPath: fixture.classifier, toPath: served.path)
        let old = SHA256Hex.of(file: fixture.classifier)
        // The new model: the same classifier's file with another manifest (so another digest);
        // its predictions must then be the same as the old one's for a row.
        var other = try String(contentsOfFile: fixture.classifier, encoding: .utf8)
        other = other.replacingOccurrences(of: "\"name\": \"classifier\"", with: "\"name\": \"classifier-v2\"")
        let staged = directory.url.appendingPathComponent("staged.json")
        try other.write(to: staged, atomically: false, encoding: .utf8)
        let new = SHA256Hex.of(file: staged.path)
        #expect(old != new)

        let server = try ServeProcess(served.path)
        let body = Self.rowsBody(Array(fixture.rows.prefix(6)))
        let expected = try RawHTTP.request(server.port, "POST", "/v1/predict", body: body).body
        let results = Mutex<[(Int, String, String)]>([])
        let stop = Atomic<Bool>(false)
        let done = DispatchGroup()
        for _ in 0..<4 {
            done.enter()
            Thread {
                while !stop.load(ordering: .relaxed) {
                    do {
                        let response = try RawHTTP.request(server.port, "POST", "/v1/predict", body: body)
                        results.withLock {
                            $0.append((response.status, response.headers["quire-model-sha256"] ?? "", response.body))
                        }
                    } catch {
                        results.withLock { $0.append((0, "", "\(error)")) }
                    }
                }
                done.leave()
            }.start()
        }
        func responses() -> Int { results.withLock { $0.count } }
        func waitForResponses(_ count: Int) { while responses() < count { usleep(10_000) } }
        waitForResponses(50)
        // An atomic replacement (rename), then SIGHUP at once: the reload must not wait for the poll.
        _ = rename(staged.path, served.path)
        kill(server.process.processIdentifier, SIGHUP)
        while !(results.withLock { $0.contains { $0.1 == new } }) { usleep(10_000) }
        let afterReload = responses()
        waitForResponses(afterReload + 50)
        // A broken file keeps the model being served (found by the poll), with a warning.
        try "{\"format\": \"quire-model\", \"version\": 1".write(to: served, atomically: true, encoding: .utf8)
        while !server.stderrText.contains("warning:") { usleep(50_000) }
        let afterBroken = responses()
        waitForResponses(afterBroken + 50)
        stop.store(true, ordering: .relaxed)
        done.wait()

        let all = results.withLock { $0 }
        #expect(all.allSatisfy { $0.0 == 200 }, "\(all.filter { $0.0 != 200 }.prefix(3))")
        #expect(all.allSatisfy { $0.1 == old || $0.1 == new })
        #expect(all.allSatisfy { $0.2 == expected })
        #expect(all.dropFirst(afterBroken).allSatisfy { $0.1 == new })
        let metrics = try RawHTTP.request(server.port, "GET", "/metrics").body
        #expect(metrics.contains("quire_model_reloads_total 1\n"), "\(metrics)")
        #expect(metrics.contains("quire_model_reload_failures_total 1\n"))
        #expect(metrics.contains("quire_model_info{name=\"classifier-v2\",version=\"1\",digest=\"\(new)\"} 1\n"))
        #expect(server.stderrText.contains("still serving the previous model (sha256 \(new))"))
        #expect(server.stop() == 0)
    }

    @Test func sigtermDrainsTheRequestsInFlight() throws {
        let fixture = try Self.setUp()
        let directory = try TemporaryDirectory()
        let server = try ServeProcess(fixture.classifier, ["--log-requests", directory.url.path])
        let body = Array(Self.rowsBody(Array(fixture.rows.prefix(3))).utf8)
        // A request whose head is in but whose body is not: in flight when SIGTERM comes.
        let socket = try RawHTTP.connect(server.port)
        let request = RawHTTP.requestBytes("POST", "/v1/predict", body: body)
        RawHTTP.send(socket, Array(request.prefix(request.count - 10)))
        while !(try RawHTTP.request(server.port, "GET", "/metrics").body.contains("quire_http_requests_in_flight 2\n"))
        {
            usleep(10_000)
        }
        kill(server.process.processIdentifier, SIGTERM)
        // The listener closes; the request in flight is still answered.
        while (try? RawHTTP.connect(server.port)).map({ close($0) }) != nil { usleep(10_000) }
        RawHTTP.send(socket, Array(request.suffix(10)))
        let response = try RawHTTP.parse(RawHTTP.readAll(socket))
        close(socket)
        #expect(response.status == 200, "\(response.body)")
        #expect(PredictionText.rows(response.body).count == 2)
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        // Its rows were logged, in a finished file.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(files.count == 1 && files.allSatisfy { $0.hasSuffix(".csv") }, "\(files)")
    }

    @Test func requestLogsRotateAndHoldTheDocumentedColumns() throws {
        let fixture = try Self.setUp()
        let directory = try TemporaryDirectory()
        let logs = directory.url.appendingPathComponent("logs")
        let server = try ServeProcess(fixture.classifier, ["--log-requests", logs.path, "--log-rotate-rows", "4"])
        let first = Array(fixture.rows.prefix(6))  // header + 5 rows
        let second = [fixture.rows[0]] + Array(fixture.rows[6..<10])  // 4 rows
        let a = try RawHTTP.request(server.port, "POST", "/v1/predict", body: Self.rowsBody(first))
        let b = try RawHTTP.request(server.port, "POST", "/v1/predict", body: Self.rowsBody(second))
        #expect(a.status == 200 && b.status == 200)
        _ = try RawHTTP.request(server.port, "POST", "/v1/predict", body: #"{"rows": [{"x1": 1}]}"#)  // 400: not logged
        // Rotation happens as rows arrive: the first file is finished while the server runs.
        var finished: [String] = []
        while finished.count < 2 {
            finished = ((try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []).filter {
                $0.hasSuffix(".csv")
            }
            usleep(20_000)
        }
        #expect(server.stop() == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: logs.path).sorted()
        #expect(names.count == 3, "\(names)")
        #expect(!names.contains { $0.hasSuffix(".part") })
        let pattern = /requests-\d{8}T\d{6}Z-(\d{4})\.csv/
        #expect(
            names.compactMap { try? pattern.wholeMatch(in: $0)?.output.1 }.map(String.init) == ["0001", "0002", "0003"])
        let tables = try names.map {
            try Self.csv(String(contentsOf: logs.appendingPathComponent($0), encoding: .utf8))
        }
        #expect(tables.map { $0.count - 1 } == [4, 4, 1])
        let header = ["time", "x1", "x2", "color", "prediction", "probability_no", "probability_yes", "latency_ms"]
        #expect(tables.allSatisfy { $0[0] == header })
        let logged = tables.flatMap { $0.dropFirst() }
        let sent = Array(first.dropFirst()) + Array(second.dropFirst())
        let time = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/
        for (row, input) in zip(logged, sent) {
            #expect((try? time.wholeMatch(in: row[0])) != nil, "\(row[0])")
            for c in 0..<3 {
                if let a = Double(row[c + 1]), let b = Double(input[c]) {
                    #expect(a.bitPattern == b.bitPattern)
                } else {
                    #expect(row[c + 1] == input[c])
                }
            }
            #expect(Double(row[7]).map { $0 >= 0 } == true)
        }
        // The logged predictions are the notebook's.
        let scoredHeader = fixture.scored[0]
        for (index, row) in logged.enumerated() {
            let scored = fixture.scored[index + 1]
            for (c, name) in ["prediction", "probability_no", "probability_yes"].enumerated() {
                let expected = scored[scoredHeader.firstIndex(of: name) ?? 0]
                #expect(row[4 + c] == expected || Double(row[4 + c]) == Double(expected), "\(name) \(row)")
            }
        }
    }
}

extension ServeCLITests {
    /// The repository's root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every `$ curl …` line of docs/serving.md, run by the shell against the documented model, prints
    /// what the page shows after it (SHA-256s aside; a `…` line stands for any lines).
    @Test func documentedExamplesAnswerAsShown() throws {
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/serving.md"), encoding: .utf8)
        let directory = try TemporaryDirectory()
        let run = try QuireProcess.run(
            ["run", "--quiet", "--no-history", "--output", directory.url.path, "notebooks/churn-model.md"],
            in: Self.root)
        #expect(run.status == 0, "\(run.stderr)")
        let server = try ServeProcess(directory.url.appendingPathComponent("models/churn-baseline.json").path)
        var examples: [(command: String, expected: [String])] = []
        var inBlock = false
        for line in page.components(separatedBy: "\n") {
            if line == "```console" {
                inBlock = true
            } else if inBlock && line == "```" {
                inBlock = false
            } else if inBlock {
                if line.hasPrefix("$ ") {
                    examples.append((String(line.dropFirst(2)), []))
                } else if !examples.isEmpty {
                    examples[examples.count - 1].expected.append(line)
                }
            }
        }
        #expect(examples.count >= 14)
        func normal(_ text: String) -> String {
            text.replacing(/[0-9a-f]{64}/, with: "SHA256").replacingOccurrences(of: server.address, with: "ADDRESS")
        }
        for example in examples {
            if example.command.hasPrefix("quire serve ") {
                #expect(example.expected == ["listening on http://127.0.0.1:8080"])
                continue
            }
            let command = example.command.replacingOccurrences(of: "http://127.0.0.1:8080", with: server.address)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            var lines = text.components(separatedBy: "\n").map(normal)
            if lines.last == "" { lines.removeLast() }
            let expected = example.expected.map(normal)
            if expected.contains("…") {
                var remaining = lines[...]
                for line in expected where line != "…" {
                    guard let index = remaining.firstIndex(of: line) else {
                        Issue.record("\(example.command): no line \(line) in\n\(text)")
                        break
                    }
                    remaining = remaining[(index + 1)...]
                }
            } else {
                #expect(lines == expected, "\(example.command)")
            }
        }
        #expect(server.stop() == 0)
    }

    /// `quire serve --help` names every flag the code takes, and docs/serving.md documents each.
    @Test func helpAndDocsNameEveryFlag() throws {
        let help = try QuireProcess.run(["serve", "--help"])
        #expect(help.status == 0)
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/serving.md"), encoding: .utf8)
        for flag in ["--host", "--port", "--log-requests", "--log-rotate-rows", "--max-body-bytes"] {
            #expect(help.stdout.contains(flag), "\(flag)")
            #expect(page.contains("| `\(flag)"), "\(flag)")
        }
        for route in ["POST /v1/predict", "GET /v1/model", "GET /healthz", "GET /readyz", "GET /metrics"] {
            let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains(route) && page.contains(route), "\(route)")
        }
    }
}

/// The SHA-256 of a file in hex, from coreutils' `sha256sum` (an oracle independent of Quire's).
enum SHA256Hex {
    static func of(file: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let output = Pipe()
        process.standardOutput = output
        try? process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}
