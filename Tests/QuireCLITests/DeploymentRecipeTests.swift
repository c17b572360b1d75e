import Foundation
import TestSupport
import Testing
import Yams

/// The deployment recipe in deploy/ (docs/deployment.md) holds together: no Docker engine or
/// Kubernetes cluster runs on these machines, so the Dockerfile and the manifests are parsed and
/// checked against each other, against Package.swift, against the server's routes and against the
/// shared libraries the built `quire` binary really links (`ldd`).
@Suite struct DeploymentRecipeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The routes `quire serve` answers (docs/deployment.md, INSTRUCTIONS of issue 18).
    static let serverRoutes: Set<String> = ["/v1/predict", "/v1/model", "/healthz", "/readyz", "/metrics"]

    static func text(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    // MARK: The shared libraries the binary links

    /// A shared library a Debian 12 system provides, the package holding it at run time, and the
    /// package with its headers that the build stage installs (nil: the official Swift image has it).
    struct SystemLibrary {
        var runtime: String
        var build: String?
    }

    /// Every shared library beyond glibc that `quire` (with the Swift runtime linked statically)
    /// needs, by soname. A new link dependency is missing here and fails
    /// ``runtimeStageInstallsEveryLibraryTheBinaryLinks()``: add it here and to deploy/Dockerfile.
    static let libraries: [String: SystemLibrary] = [
        "libcmark.so.0.30.2": SystemLibrary(runtime: "libcmark0.30.2", build: "libcmark-dev"),
        "libsqlite3.so.0": SystemLibrary(runtime: "libsqlite3-0", build: "libsqlite3-dev"),
        "libcrypto.so.3": SystemLibrary(runtime: "libssl3", build: "libssl-dev"),
        // FoundationNetworking (`quire push`): linked statically, it links libcurl dynamically.
        "libcurl.so.4": SystemLibrary(runtime: "libcurl4", build: "libcurl4-openssl-dev"),
        // The Swift runtime's C++ parts (ICU, the concurrency runtime) and unwinding.
        "libstdc++.so.6": SystemLibrary(runtime: "libstdc++6", build: nil),
        "libgcc_s.so.1": SystemLibrary(runtime: "libgcc-s1", build: nil),
    ]

    /// glibc's libraries: in every Debian and Ubuntu image (package libc6, essential).
    static let glibc: Set<String> = [
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1", "linux-vdso.so.1",
        "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
    ]

    /// A library `ldd` lists: its soname and where it was found (nil for the vDSO or "not found").
    struct Linked: Equatable {
        var name: String
        var path: String?
    }

    /// Parses `ldd` output: `name => /path (0x…)`, `name => not found`, `/path (0x…)`, `name (0x…)`.
    static func parseLDD(_ output: String) -> [Linked] {
        output.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasSuffix(":") else { return nil }
            if let arrow = trimmed.range(of: " => ") {
                let name = String(trimmed[..<arrow.lowerBound])
                let rest = trimmed[arrow.upperBound...]
                let path = rest.split(separator: " ").first.map(String.init)
                return Linked(name: name, path: path == "not" || path?.hasPrefix("(") == true ? nil : path)
            }
            guard let first = trimmed.split(separator: " ").first else { return nil }
            let word = String(first)
            return Linked(name: (word as NSString).lastPathComponent, path: word.hasPrefix("/") ? word : nil)
        }
    }

    /// The sonames a shared object names as NEEDED in its dynamic section (`readelf -d`).
    static func needed(by path: String) throws -> [String] {
        let output = try run("/usr/bin/readelf", ["-d", "-W", path])
        return output.split(separator: "\n").compactMap { line in
            guard line.contains("(NEEDED)"), let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]")
            else { return nil }
            return String(line[line.index(after: open)..<close])
        }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The system libraries the image's `quire` needs at run time: what the binary under test and
    /// the Swift runtime libraries it loads name as NEEDED, less the Swift runtime itself (linked
    /// statically into the image's binary by `--static-swift-stdlib`) and glibc.
    static func systemLibrariesOfTheBinary() throws -> (needed: Set<String>, linked: [Linked]) {
        let linked = parseLDD(try run("/usr/bin/ldd", [QuireProcess.binary.path]))
        let swiftRuntime = linked.filter { $0.path?.contains("/lib/swift/") == true }
        var needed = Set(try Self.needed(by: QuireProcess.binary.path))
        for library in swiftRuntime {
            if let path = library.path { needed.formUnion(try Self.needed(by: path)) }
        }
        needed.subtract(swiftRuntime.map(\.name))
        needed.subtract(glibc)
        return (needed, linked)
    }

    @Test func lddParsesEveryFormOfLine() {
        let output = """
            \tlinux-vdso.so.1 (0x00007ffc)
            \tlibcmark.so.0.30.2 => /lib/x86_64-linux-gnu/libcmark.so.0.30.2 (0x00007f14)
            \tlibgone.so.1 => not found
            \t/lib64/ld-linux-x86-64.so.2 (0x00007f14)
            """
        #expect(
            Self.parseLDD(output) == [
                Linked(name: "linux-vdso.so.1", path: nil),
                Linked(name: "libcmark.so.0.30.2", path: "/lib/x86_64-linux-gnu/libcmark.so.0.30.2"),
                Linked(name: "libgone.so.1", path: nil),
                Linked(name: "ld-linux-x86-64.so.2", path: "/lib64/ld-linux-x86-64.so.2"),
            ])
    }

    @Test func runtimeStageInstallsEveryLibraryTheBinaryLinks() throws {
        let (needed, linked) = try Self.systemLibrariesOfTheBinary()
        let missing = linked.filter { $0.path == nil && $0.name != "linux-vdso.so.1" }
        #expect(missing.isEmpty, "ldd cannot find \(missing.map(\.name))")
        // The libraries Package.swift's targets link are among them (so the ldd reading works).
        #expect(needed.isSuperset(of: ["libcmark.so.0.30.2", "libsqlite3.so.0", "libcrypto.so.3"]), "\(needed)")
        let dockerfile = try Dockerfile(try Self.text("deploy/Dockerfile"))
        let runtime = try #require(dockerfile.stages.last)
        let build = try #require(dockerfile.stages.first)
        let installedAtRunTime = runtime.aptPackages
        let installedAtBuild = build.aptPackages
        for soname in needed.sorted() {
            guard let library = Self.libraries[soname] else {
                Issue.record(
                    "quire links \(soname), which the table in DeploymentRecipeTests does not know: add its Debian package there and to the runtime stage of deploy/Dockerfile"
                )
                continue
            }
            #expect(
                installedAtRunTime.contains(library.runtime),
                "the runtime stage of deploy/Dockerfile does not install \(library.runtime) (for \(soname))")
            if let header = library.build {
                #expect(
                    installedAtBuild.contains(header),
                    "the build stage of deploy/Dockerfile does not install \(header) (for \(soname))")
            }
        }
    }

    /// The table agrees with Debian's own package database (`dpkg -S`) where the library is installed.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg")))
    func libraryTableNamesTheDebianPackages() throws {
        let (_, linked) = try Self.systemLibrariesOfTheBinary()
        var checked = 0
        for library in linked {
            guard let path = library.path, let expected = Self.libraries[library.name] else { continue }
            // Debian 12 merged /lib into /usr/lib; dpkg knows each file under one of the two names.
            let name = (path as NSString).lastPathComponent
            let directory = (path as NSString).deletingLastPathComponent.replacingOccurrences(
                of: "/usr/lib/", with: "/lib/")
            let candidates = [directory + "/" + name, "/usr" + directory + "/" + name]
            var package: String?
            for candidate in candidates where package == nil {
                let owner = try Self.run("/usr/bin/dpkg", ["-S", candidate])
                package = owner.isEmpty ? nil : owner.split(separator: ":").first.map(String.init)
            }
            #expect(package == expected.runtime, "dpkg says \(path) is in \(package ?? "no package")")
            checked += 1
        }
        #expect(checked >= 3)
    }

    // MARK: The Dockerfile

    @Test func dockerfileParserReadsContinuationsCommentsAndExecForm() throws {
        let file = try Dockerfile(
            """
            # syntax=docker/dockerfile:1
            ARG BASE=debian:bookworm-slim
            FROM ${BASE} AS run
            RUN apt-get install -y \\
                # a comment inside a continuation
                curl \\
                tzdata
            COPY --from=build --chown=1:1 /a /b
            HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://x/healthz"]
            ENTRYPOINT ["quire"]
            """)
        #expect(file.stages.count == 1)
        let stage = try #require(file.stages.first)
        #expect(stage.base == "debian:bookworm-slim" && stage.name == "run")
        #expect(stage.aptPackages == ["curl", "tzdata"])
        let copy = try #require(stage.last("COPY"))
        #expect(copy.flags == ["from": "build", "chown": "1:1"] && copy.arguments == "/a /b")
        let health = try #require(stage.last("HEALTHCHECK"))
        #expect(health.flags == ["interval": "5s"] && health.arguments.hasPrefix("CMD ["))
        #expect(stage.last("ENTRYPOINT")?.execForm == ["quire"])
        #expect(throws: Dockerfile.Failure.self) { try Dockerfile("RUN echo before any FROM\n") }
        #expect(throws: Dockerfile.Failure.self) { try Dockerfile("FROM x\nENTRYPOINT [\"quire\"\n") }
    }

    @Test func dockerfileBuildsQuireThenRunsItSlim() throws {
        let dockerfile = try Dockerfile(try Self.text("deploy/Dockerfile"))
        #expect(dockerfile.stages.count == 2, "a build stage and a runtime stage")
        let build = try #require(dockerfile.stages.first)
        let runtime = try #require(dockerfile.stages.last)
        #expect(build.name == "build")
        #expect(build.base.hasPrefix("swift:6."), "the official Swift 6 image: \(build.base)")
        #expect(runtime.base.hasSuffix("-slim") || runtime.base.hasPrefix("ubuntu:"), "\(runtime.base)")
        // The same distribution release in both, so the packages the runtime installs are the
        // ones the build linked against.
        let release = try #require(build.base.split(separator: "-").last.map(String.init))
        #expect(runtime.base.contains(release), "\(build.base) and \(runtime.base) differ in release")

        let compile = try #require(build.runs.first { $0.contains("swift build") })
        for flag in ["-c release", "--product quire", "--static-swift-stdlib"] {
            #expect(compile.contains(flag), "the build stage's swift build lacks \(flag)")
        }
        // Every C library Package.swift's system-library targets name is installed for the build.
        let manifest = try Self.text("Package.swift")
        let providers = Self.matches(of: #"\.apt\(\[([^\]]*)\]\)"#, in: manifest).flatMap { list in
            list.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
        }
        #expect(providers.count >= 2)
        #expect(Set(providers).isSubset(of: build.aptPackages), "Package.swift wants \(providers)")

        // The folders Package.swift's targets live in are copied (SwiftPM checks they exist) and
        // not ignored.
        var folders: Set<String> = ["Sources"]
        if manifest.contains(".testTarget(") { folders.insert("Tests") }
        for path in Self.matches(of: #"path:\s*"([^"]+)""#, in: manifest) {
            if let top = path.split(separator: "/").first { folders.insert(String(top)) }
        }
        let copied = Set(build.instructions.filter { $0.keyword == "COPY" }.compactMap { $0.sources.first })
        let ignored = Set(
            try Self.text(".dockerignore").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }.map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                })
        for folder in folders.sorted() {
            #expect(copied.contains(folder), "deploy/Dockerfile does not copy \(folder)/")
            #expect(!ignored.contains(folder), ".dockerignore leaves out \(folder)/")
        }
        #expect(copied.contains("Package.*"))
        for big in [".build", ".git", ".quire", "reports"] {
            #expect(ignored.contains(big), "\(big)/ goes into the context")
        }

        // The runtime copies the binary from the build and runs it as `quire`, as a user.
        #expect(runtime.instructions.contains { $0.keyword == "COPY" && $0.flags["from"] == "build" })
        #expect(build.runs.contains { $0.contains("/staging/usr/local/bin/quire") })
        #expect(runtime.last("ENTRYPOINT")?.execForm == ["quire"])
        let user = try #require(runtime.last("USER")?.arguments)
        let uid = try #require(user.split(separator: ":").first.flatMap { Int($0) }, "a numeric user: \(user)")
        #expect(uid != 0)
    }

    @Test func dockerfileServesOnTheExposedPortWithAHealthCheck() throws {
        let dockerfile = try Dockerfile(try Self.text("deploy/Dockerfile"))
        let runtime = try #require(dockerfile.stages.last)
        let exposed = try #require(runtime.last("EXPOSE").flatMap { Int($0.arguments) })
        let command = try #require(runtime.last("CMD")?.execForm)
        #expect(command.first == "serve")
        #expect(Self.option("--port", in: command) == "\(exposed)")
        #expect(
            Self.option("--host", in: command) == "0.0.0.0", "inside a container the server listens on all addresses")
        #expect(command.dropFirst().first?.hasSuffix(".json") == true)

        let health = try #require(runtime.last("HEALTHCHECK"))
        #expect(health.flags["interval"] != nil && health.flags["timeout"] != nil)
        let probe = try #require(Dockerfile.execForm(String(health.arguments.dropFirst("CMD".count))))
        let url = try #require(probe.last.flatMap(URL.init(string:)))
        #expect(url.path == "/healthz" && Self.serverRoutes.contains(url.path))
        #expect(url.port == exposed)
        let program = try #require(probe.first)
        #expect(runtime.aptPackages.contains(program), "the HEALTHCHECK runs \(program), which is not installed")
        #expect(runtime.last("STOPSIGNAL")?.arguments == "SIGTERM")
    }

    // MARK: The Kubernetes manifests

    static func manifests(_ path: String) throws -> [[String: Any]] {
        try Yams.load_all(yaml: try text(path)).compactMap { Self.mapping($0) }
    }

    static func mapping(_ value: Any?) -> [String: Any]? {
        guard let raw = value as? [AnyHashable: Any] else { return value as? [String: Any] }
        return Dictionary(
            uniqueKeysWithValues: raw.compactMap { key, value in (key.base as? String).map { ($0, value) } })
    }

    /// The value at a path of keys (String) and indices (Int) in loaded YAML.
    static func value(_ root: Any?, _ path: Any...) -> Any? {
        path.reduce(root) { node, key in
            if let key = key as? String { return mapping(node)?[key] }
            if let index = key as? Int, let list = node as? [Any], list.indices.contains(index) { return list[index] }
            return nil
        }
    }

    static func labels(_ root: Any?, _ path: Any...) -> [String: String] {
        let node = path.reduce(root) { node, key in value(node, key) }
        return (mapping(node) ?? [:]).compactMapValues { $0 as? String }
    }

    @Test func deploymentAndServiceAgreeWithEachOtherAndTheImage() throws {
        let documents = try Self.manifests("deploy/kubernetes.yaml")
        let apiVersions = [
            "Deployment": "apps/v1", "Service": "v1", "PodDisruptionBudget": "policy/v1",
            "HorizontalPodAutoscaler": "autoscaling/v2",
        ]
        #expect(
            documents.map { $0["kind"] as? String } == [
                "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
            ])
        for document in documents {
            #expect(apiVersions[document["kind"] as? String ?? ""] == document["apiVersion"] as? String)
        }
        let deployment = try #require(documents.first { $0["kind"] as? String == "Deployment" })
        let service = try #require(documents.first { $0["kind"] as? String == "Service" })
        for document in documents { #expect(Self.value(document, "metadata", "name") is String) }

        // Selectors pick the pods the template makes.
        let podLabels = Self.labels(deployment, "spec", "template", "metadata", "labels")
        let selector = Self.labels(deployment, "spec", "selector", "matchLabels")
        #expect(!selector.isEmpty && selector.allSatisfy { podLabels[$0.key] == $0.value }, "\(selector) \(podLabels)")
        let serviceSelector = Self.labels(service, "spec", "selector")
        #expect(!serviceSelector.isEmpty && serviceSelector.allSatisfy { podLabels[$0.key] == $0.value })

        // The disruption budget covers the same pods, and the autoscaler scales this Deployment,
        // which leaves its replica count to it, never down to what the budget must keep.
        let budget = try #require(documents.first { $0["kind"] as? String == "PodDisruptionBudget" })
        let budgetSelector = Self.labels(budget, "spec", "selector", "matchLabels")
        #expect(!budgetSelector.isEmpty && budgetSelector.allSatisfy { podLabels[$0.key] == $0.value })
        let autoscaler = try #require(documents.first { $0["kind"] as? String == "HorizontalPodAutoscaler" })
        #expect(Self.value(autoscaler, "spec", "scaleTargetRef", "kind") as? String == "Deployment")
        #expect(Self.value(autoscaler, "spec", "scaleTargetRef", "apiVersion") as? String == "apps/v1")
        #expect(
            Self.value(autoscaler, "spec", "scaleTargetRef", "name") as? String
                == Self.value(deployment, "metadata", "name") as? String)
        #expect(Self.value(deployment, "spec", "replicas") == nil, "the autoscaler sets the replicas")
        let minimum = try #require(Self.value(autoscaler, "spec", "minReplicas") as? Int)
        let available = try #require(Self.value(budget, "spec", "minAvailable") as? Int)
        #expect(minimum > available, "with \(minimum) replicas a budget of \(available) blocks every drain")

        // The container listens where the image says, and the Service and probes point there.
        let dockerfile = try Dockerfile(try Self.text("deploy/Dockerfile"))
        let runtime = try #require(dockerfile.stages.last)
        let exposed = try #require(runtime.last("EXPOSE").flatMap { Int($0.arguments) })
        let pod = try #require(Self.value(deployment, "spec", "template", "spec"))
        let containers = try #require(Self.value(pod, "containers") as? [Any])
        #expect(containers.count == 1)
        let container = try #require(containers.first)
        let ports = (Self.value(container, "ports") as? [Any] ?? []).compactMap { Self.mapping($0) }
        let port = try #require(ports.first { $0["containerPort"] as? Int == exposed }, "no container port \(exposed)")
        let portName = port["name"] as? String
        func targets(_ value: Any?) -> Bool {
            (value as? Int) == exposed || (portName != nil && (value as? String) == portName)
        }
        #expect(targets(Self.value(service, "spec", "ports", 0, "targetPort")))
        #expect(Self.value(container, "readinessProbe", "httpGet", "path") as? String == "/readyz")
        #expect(Self.value(container, "livenessProbe", "httpGet", "path") as? String == "/healthz")
        for probe in ["readinessProbe", "livenessProbe"] {
            #expect(targets(Self.value(container, probe, "httpGet", "port")), "\(probe) is not on the server's port")
            let path = Self.value(container, probe, "httpGet", "path") as? String ?? ""
            #expect(Self.serverRoutes.contains(path))
        }

        // Prometheus finds the pods and scrapes the server's /metrics; annotation values are strings.
        let annotations = try #require(
            Self.mapping(Self.value(deployment, "spec", "template", "metadata", "annotations")))
        #expect(annotations["prometheus.io/scrape"] as? String == "true")
        #expect(annotations["prometheus.io/port"] as? String == "\(exposed)")
        let metricsPath = annotations["prometheus.io/path"] as? String
        #expect(metricsPath == "/metrics" && Self.serverRoutes.contains(metricsPath ?? ""))

        // The container runs the image's default command, as the image's user.
        let arguments = try #require(Self.value(container, "args") as? [Any]).compactMap { $0 as? String }
        #expect(arguments == runtime.last("CMD")?.execForm)
        #expect(Self.value(container, "command") == nil, "the image's ENTRYPOINT (quire) runs")
        let user = runtime.last("USER")?.arguments.split(separator: ":").first.flatMap { Int($0) }
        #expect(Self.value(pod, "securityContext", "runAsUser") as? Int == user)
        #expect(Self.value(pod, "securityContext", "runAsNonRoot") as? Bool == true)

        try Self.checkResources(of: container)
        try Self.checkModelMount(of: container, in: pod, arguments: arguments)

        // SIGTERM comes after preStop; the grace period covers that wait and the server's drain.
        let grace = try #require(Self.value(pod, "terminationGracePeriodSeconds") as? Int)
        let wait =
            (Self.value(container, "lifecycle", "preStop", "exec", "command") as? [Any])?.last
            .flatMap { Int("\($0)") } ?? 0
        #expect(wait > 0 && grace >= wait + 10, "grace \(grace) s, preStop \(wait) s")
    }

    /// Requests and limits for CPU and memory, each request within its limit.
    static func checkResources(of container: Any) throws {
        for resource in ["cpu", "memory"] {
            let request = try #require(value(container, "resources", "requests", resource).flatMap(quantity))
            let limit = try #require(value(container, "resources", "limits", resource).flatMap(quantity))
            #expect(request <= limit, "\(resource): request \(request) over limit \(limit)")
        }
    }

    /// The model comes from a read-only volume mounted whole (a subPath mount never sees the file
    /// replaced, so the server could not reload it), and the command's model lies under it.
    static func checkModelMount(of container: Any, in pod: Any, arguments: [String]) throws {
        let model = try #require(arguments.dropFirst().first)
        let mounts = (value(container, "volumeMounts") as? [Any] ?? []).compactMap { mapping($0) }
        let mount = try #require(
            mounts.first { model.hasPrefix(($0["mountPath"] as? String ?? "\u{0}") + "/") }, "\(model) is not mounted")
        #expect(mount["readOnly"] as? Bool == true)
        #expect(mount["subPath"] == nil)
        let volumes = (value(pod, "volumes") as? [Any] ?? []).compactMap { mapping($0) }
        #expect(volumes.contains { $0["name"] as? String == mount["name"] as? String }, "no volume \(mount)")
    }

    /// A Kubernetes quantity (`250m`, `2`, `128Mi`, `1Gi`) as a number.
    static func quantity(_ value: Any) -> Double? {
        let text = "\(value)"
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1024 * 1024), ("Gi", 1024 * 1024 * 1024), ("m", 0.001), ("k", 1000), ("M", 1e6),
            ("G", 1e9),
        ]
        for (suffix, factor) in suffixes where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return Double(text)
    }

    @Test func quantitiesParse() {
        #expect(Self.quantity("250m") == 0.25 && Self.quantity(2) == 2 && Self.quantity("128Mi") == 134_217_728)
        #expect(Self.quantity("lots") == nil)
    }

    @Test func scoreJobScoresWithTheServersModel() throws {
        let documents = try Self.manifests("deploy/score-job.yaml")
        #expect(documents.map { $0["kind"] as? String } == ["Job"])
        let job = try #require(documents.first)
        #expect(job["apiVersion"] as? String == "batch/v1")
        let pod = try #require(Self.value(job, "spec", "template", "spec"))
        #expect(["Never", "OnFailure"].contains(Self.value(pod, "restartPolicy") as? String))
        let container = try #require(Self.value(pod, "containers", 0))
        let arguments = try #require(Self.value(container, "args") as? [Any]).compactMap { $0 as? String }
        #expect(arguments.first == "score")
        try Self.checkResources(of: container)
        try Self.checkModelMount(of: container, in: pod, arguments: arguments)
        // The scored file goes to a writable volume.
        let output = try #require(Self.option("-o", in: arguments))
        let mounts = (Self.value(container, "volumeMounts") as? [Any] ?? []).compactMap { Self.mapping($0) }
        let mount = mounts.first { output.hasPrefix(($0["mountPath"] as? String ?? "\u{0}") + "/") }
        #expect(mount != nil && mount?["readOnly"] as? Bool != true, "\(output) is not on a writable volume")
        let input = try #require(arguments.dropFirst(2).first)
        #expect(mounts.contains { input.hasPrefix(($0["mountPath"] as? String ?? "\u{0}") + "/") })

        // The same model ConfigMap as the server's, and the image's user.
        let server = try Self.manifests("deploy/kubernetes.yaml").first { $0["kind"] as? String == "Deployment" }
        let configMap = { (pod: Any?) in
            (Self.value(pod, "volumes") as? [Any] ?? []).compactMap { Self.value($0, "configMap", "name") as? String }
        }
        #expect(configMap(pod) == configMap(Self.value(server, "spec", "template", "spec")))
        #expect(Self.value(pod, "securityContext", "runAsNonRoot") as? Bool == true)
    }

    // MARK: The Prometheus scrape job

    /// Applies Prometheus' `keep` and `replace` relabelling rules to a target's labels; nil when
    /// a rule drops it. Regexes are anchored and source labels joined with `;`, as Prometheus does.
    static func relabel(_ labels: [String: String], with rules: [Any]) throws -> [String: String]? {
        var labels = labels
        for rule in rules {
            let sources = (value(rule, "source_labels") as? [Any] ?? []).compactMap { $0 as? String }
            let joined = sources.map { labels[$0] ?? "" }.joined(separator: value(rule, "separator") as? String ?? ";")
            let pattern = "^(?:" + (value(rule, "regex") as? String ?? "(.*)") + ")$"
            let expression = try NSRegularExpression(pattern: pattern)
            let match = expression.firstMatch(in: joined, range: NSRange(joined.startIndex..., in: joined))
            switch value(rule, "action") as? String ?? "replace" {
            case "keep":
                if match == nil { return nil }
            case "replace":
                guard let match, let target = value(rule, "target_label") as? String else { continue }
                let template = value(rule, "replacement") as? String ?? "$1"
                labels[target] = expression.replacementString(for: match, in: joined, offset: 0, template: template)
            case let action:
                Issue.record("the test does not know the relabel action \(action)")
            }
        }
        return labels
    }

    /// The labels Prometheus' Kubernetes discovery (role: pod) gives a pod's declared port.
    static func discoveredLabels(of deployment: [String: Any], address: String) -> [String: String] {
        var labels = ["__address__": address, "__metrics_path__": "/metrics"]
        func sanitized(_ name: String) -> String {
            String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        }
        for (name, value) in Self.labels(deployment, "spec", "template", "metadata", "annotations") {
            labels["__meta_kubernetes_pod_annotation_" + sanitized(name)] = value
        }
        for (name, value) in Self.labels(deployment, "spec", "template", "metadata", "labels") {
            labels["__meta_kubernetes_pod_label_" + sanitized(name)] = value
        }
        labels["__meta_kubernetes_namespace"] = "default"
        labels["__meta_kubernetes_pod_name"] = "quire-serve-1"
        return labels
    }

    @Test func scrapeJobScrapesTheServersMetricsRoute() throws {
        let configuration = try #require(Self.mapping(try Yams.load(yaml: try Self.text("deploy/prometheus.yml"))))
        let job = try #require(Self.value(configuration, "scrape_configs", 0))
        #expect(Self.value(job, "kubernetes_sd_configs", 0, "role") as? String == "pod")
        let rules = try #require(Self.value(job, "relabel_configs") as? [Any])
        let deployment = try #require(
            try Self.manifests("deploy/kubernetes.yaml").first { $0["kind"] as? String == "Deployment" })
        let dockerfile = try Dockerfile(try Self.text("deploy/Dockerfile"))
        let exposed = try #require(dockerfile.stages.last?.last("EXPOSE").flatMap { Int($0.arguments) })

        // Discovery makes a target per declared container port; each becomes the server's /metrics
        // on the annotated port.
        let target = try #require(
            try Self.relabel(Self.discoveredLabels(of: deployment, address: "10.1.2.3:\(exposed)"), with: rules))
        #expect(target["__address__"] == "10.1.2.3:\(exposed)")
        #expect(target["__metrics_path__"] == "/metrics")
        #expect(target["app"] == "quire-serve" && target["pod"] == "quire-serve-1")
        // A pod that does not ask to be scraped is dropped; an annotated port wins over discovery's.
        var other = deployment
        var template = try #require(Self.mapping(Self.value(other, "spec", "template", "metadata")))
        template["annotations"] = ["prometheus.io/scrape": "false"]
        other["spec"] = ["template": ["metadata": template]]
        #expect(try Self.relabel(Self.discoveredLabels(of: other, address: "10.1.2.3:8080"), with: rules) == nil)
        let moved = try Self.relabel(Self.discoveredLabels(of: deployment, address: "10.1.2.3"), with: rules)
        #expect(moved?["__address__"] == "10.1.2.3:\(exposed)")
    }

    /// promtool accepts the job (Debian's Prometheus is built without Kubernetes discovery, so
    /// the discovery block is swapped for a static one; the relabelling is what is checked).
    @Test func scrapeJobPassesPromtool() throws {
        guard let promtool = try PrometheusTests.promtool() else { return }
        let text = try Self.text("deploy/prometheus.yml")
        let discovery = "    kubernetes_sd_configs:\n      - role: pod\n"
        #expect(text.contains(discovery))
        let directory = try TemporaryDirectory()
        let file = try directory.write(
            text.replacingOccurrences(
                of: discovery, with: "    static_configs:\n      - targets: [\"10.1.2.3:8080\"]\n"),
            to: "prometheus.yml")
        let (status, output) = try PrometheusTests.run(promtool, ["check", "config", file.path])
        #expect(status == 0, "\(output)")
    }

    // MARK: The docs

    @Test func deploymentDocsNameTheRecipeFiles() throws {
        let docs = try Self.text("docs/deployment.md")
        for file in ["deploy/Dockerfile", "deploy/kubernetes.yaml", "deploy/score-job.yaml"] {
            #expect(docs.contains(file))
            #expect(FileManager.default.fileExists(atPath: Self.repository.appendingPathComponent(file).path))
        }
        #expect(docs.contains("No Docker engine"))
        #expect(try Self.text("README.md").contains("docs/deployment.md"))
        // The build command the docs give is the one the Dockerfile's header gives.
        let build = try #require(
            try Self.text("deploy/Dockerfile").split(separator: "\n").first { $0.contains("docker build") })
        #expect(docs.contains(build.drop { $0 == "#" || $0 == " " }))
    }

    /// The monitoring notebook in docs/deployment.md runs on a file in the request-log format
    /// (INSTRUCTIONS of issue 18: `time`, the inputs, `prediction`, `latency_ms`) and tests the
    /// inputs' drift against the training data.
    @Test func monitoringExampleDriftsTheLoggedTraffic() throws {
        let docs = try Self.text("docs/deployment.md")
        let section = try #require(docs.components(separatedBy: "## Traffic back into monitoring").last)
        let block = try #require(section.components(separatedBy: "````markdown\n").dropFirst().first)
        let notebook = try #require(block.components(separatedBy: "````").first)
        let logged = try #require(Self.matches(of: #"load: (logs/[^\s]+\.csv)"#, in: notebook).first)
        let name = (logged as NSString).lastPathComponent
        #expect(name.range(of: #"^requests-\d{8}T\d{6}Z-\d{4}\.csv$"#, options: .regularExpression) != nil, "\(name)")

        let project = try TemporaryDirectory()
        let training = try Self.text("notebooks/data/churn.csv")
        // The traffic: the training rows' inputs with the month-to-month customers' charges raised
        // by half, as the server would log them.
        let rows = training.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = try #require(rows.first)
        let charges = try #require(header.firstIndex(of: "monthly_charges"))
        let inputs = header.indices.filter { !["customer_id", "churned"].contains(header[$0]) }
        var log = "time," + inputs.map { String(header[$0]) }.joined(separator: ",") + ",prediction,latency_ms\n"
        for (index, row) in rows.dropFirst().enumerated() where row.count == header.count {
            var values = inputs.map { String(row[$0]) }
            if let slot = inputs.firstIndex(of: charges), let charge = Double(values[slot]) {
                values[slot] = String(format: "%.2f", charge * 1.5)
            }
            let time = String(format: "2026-12-07T08:%02d:%02d.%03dZ", index / 60 % 60, index % 60, index % 1000)
            log += "\(time),\(values.joined(separator: ",")),\(index % 2),0.\(index % 90 + 10)\n"
        }
        try project.write(log, to: "notebooks/" + logged)
        try project.write(training, to: "notebooks/data/churn.csv")
        try project.write("---\ntitle: Traffic\n---\n# Traffic\n\n" + notebook, to: "notebooks/traffic.md")
        let result = try QuireProcess.run(
            ["run", "--quiet", "--no-history", "notebooks/traffic.md"], in: project.url)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: project.url.appendingPathComponent("reports/traffic.json")))
        let steps = Self.value(summary, "steps") as? [Any] ?? []
        let drift = try #require(steps.first { Self.value($0, "id") as? String == "traffic_drift" })
        var statuses: [String: String] = [:]
        for entry in Self.value(drift, "monitor") as? [Any] ?? [] {
            if let subject = Self.value(entry, "subject") as? String,
                let status = Self.value(entry, "status") as? String
            {
                statuses[subject] = status
            }
        }
        // The columns both files have were tested (not time, prediction or latency_ms), and the
        // raised charges drifted.
        let tested = Set(statuses.keys).subtracting(["dataset"])
        #expect(tested == Set(inputs.map { String(header[$0]) }), "\(statuses)")
        #expect(statuses["monthly_charges"] == "alert", "\(statuses)")
        #expect(statuses["tenure"] == "ok", "\(statuses)")
    }

    // MARK: The recipe's commands against the built binary (once `quire serve` and `quire score` exist)

    /// Whether the built binary lists the subcommand in `quire --help` (an unknown `quire NAME
    /// --help` prints the general help and succeeds, so that is no test). The tests below run the
    /// image's and the manifests' commands; before `serve` and `score` are merged they are
    /// disabled, after it they run.
    static func binaryHas(_ subcommand: String) -> Bool {
        guard let help = try? QuireProcess.run(["--help"]).stdout else { return false }
        return help.split(separator: "\n").contains { $0.hasPrefix("  \(subcommand) ") }
    }

    /// A project with a classifier on two raw columns, exported as `reports/models/model.json`,
    /// and the rows it was trained on without their target.
    static func exportedModel() throws -> (project: TemporaryDirectory, model: URL, rows: String) {
        let project = try TemporaryDirectory()
        var training = "x1,x2,y\n"
        var rows = "x1,x2\n"
        for index in 0..<60 {
            let x1 = Double(index % 13) / 2
            let x2 = Double((index * 7) % 11) / 3
            training += "\(x1),\(x2),\(x1 + x2 > 5 ? "yes" : "no")\n"
            rows += "\(x1),\(x2)\n"
        }
        try project.write(training, to: "data/train.csv")
        try project.write(
            """
            ---
            title: Model
            ---
            # Model

            ```step rows
            load: data/train.csv
            ```

            ```step model
            train: {data: rows, algorithm: logistic_regression, target: y}
            ```

            ```step release
            export: {model: model, name: model}
            ```
            """, to: "model.md")
        let run = try QuireProcess.run(["run", "--quiet", "--no-history", "model.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        return (project, project.url.appendingPathComponent("reports/models/model.json"), rows)
    }

    /// `curl -s -o /dev/null -w %{http_code} URL`: the status code, or 0 when nothing answered.
    static func status(of url: String) throws -> Int {
        Int(try run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", url])) ?? 0
    }

    /// The image's default command, as Kubernetes runs it (the same arguments), on loopback and a
    /// free port: the probes' paths and the scrape path answer 200 on the port the server names,
    /// the HEALTHCHECK's own command succeeds against it, and SIGTERM stops it cleanly.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") && binaryHas("serve")))
    func imageDefaultCommandAnswersTheProbesAndTheScrape() throws {
        let dockerfile = try Dockerfile(try Self.text("deploy/Dockerfile"))
        let runtime = try #require(dockerfile.stages.last)
        var arguments = try #require(runtime.last("CMD")?.execForm)
        let (project, model, _) = try Self.exportedModel()
        defer { withExtendedLifetime(project) {} }
        arguments[1] = model.path
        for (option, value) in [("--host", "127.0.0.1"), ("--port", "0")] {
            let index = try #require(arguments.firstIndex(of: option))
            arguments[index + 1] = value
        }
        let server = Process()
        server.executableURL = QuireProcess.binary
        server.arguments = arguments
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        // Not a time limit on the test: only a guard that a server which never says where it
        // listens does not hang the suite.
        let pid = server.processIdentifier
        let started = DispatchSemaphore(value: 0)
        Thread { if started.wait(timeout: .now() + 120) == .timedOut { kill(pid, SIGKILL) } }.start()
        defer {
            if server.isRunning { kill(pid, SIGKILL) }
        }
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        started.signal()
        let listening = String(decoding: line, as: UTF8.self)
        let base = try #require(
            listening.hasPrefix("listening on http://127.0.0.1:")
                ? String(listening.dropFirst("listening on ".count)) : nil,
            "the server said \(listening)")

        let deployment = try #require(
            try Self.manifests("deploy/kubernetes.yaml").first { $0["kind"] as? String == "Deployment" })
        let container = Self.value(deployment, "spec", "template", "spec", "containers", 0)
        let paths = [
            Self.value(container, "readinessProbe", "httpGet", "path") as? String,
            Self.value(container, "livenessProbe", "httpGet", "path") as? String,
            Self.value(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/path") as? String,
        ].compactMap { $0 }
        #expect(paths.count == 3)
        for path in paths {
            var code = try Self.status(of: base + path)
            // Readiness may lag the listening line while the model loads: ask again, a bounded number of times.
            for _ in 0..<100 where code != 200 {
                Thread.sleep(forTimeInterval: 0.05)
                code = try Self.status(of: base + path)
            }
            #expect(code == 200, "GET \(path) answered \(code)")
        }
        let health = try #require(runtime.last("HEALTHCHECK"))
        var probe = try #require(Dockerfile.execForm(String(health.arguments.dropFirst("CMD".count))))
        let url = try #require(probe.last.flatMap(URL.init(string:)))
        probe[probe.count - 1] = base + url.path
        let healthcheck = Process()
        healthcheck.executableURL = URL(fileURLWithPath: "/usr/bin/\(probe[0])")
        healthcheck.arguments = Array(probe.dropFirst())
        try healthcheck.run()
        healthcheck.waitUntilExit()
        #expect(healthcheck.terminationStatus == 0, "the HEALTHCHECK command failed")

        // STOPSIGNAL: the server drains and exits by itself.
        #expect(runtime.last("STOPSIGNAL")?.arguments == "SIGTERM")
        kill(pid, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)
    }

    /// The scoring Job's arguments, with its volumes mapped to folders here, score the rows.
    @Test(.enabled(if: binaryHas("score")))
    func scoreJobCommandScoresTheRows() throws {
        let job = try #require(try Self.manifests("deploy/score-job.yaml").first)
        let container = Self.value(job, "spec", "template", "spec", "containers", 0)
        let arguments = try #require(Self.value(container, "args") as? [Any]).compactMap { $0 as? String }
        let (project, model, rows) = try Self.exportedModel()
        // Each mount becomes a folder of the project; the model and the rows go where the Job
        // expects them.
        let mounts = (Self.value(container, "volumeMounts") as? [Any] ?? []).compactMap {
            Self.value($0, "mountPath") as? String
        }
        func local(_ path: String) -> String {
            guard let mount = mounts.first(where: { path.hasPrefix($0 + "/") }) else { return path }
            return project.url.appendingPathComponent("volumes" + mount).path + path.dropFirst(mount.count)
        }
        let mapped = arguments.map { $0.hasPrefix("/") ? local($0) : $0 }
        try project.write(try Data(contentsOf: model), to: "volumes" + arguments[1])
        try project.write(rows, to: "volumes" + arguments[2])
        let result = try QuireProcess.run(mapped, in: project.url)
        #expect(result.status == 0, "\(result.stderr)")
        let output = try #require(Self.option("-o", in: mapped))
        let scored = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(scored.first?.hasPrefix("x1,x2,prediction") == true, "\(scored.first ?? "")")
        #expect(scored.count == rows.split(separator: "\n").count)
    }

    // MARK: Helpers

    static func option(_ name: String, in arguments: [String]) -> String? {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }

    /// The first capture group of each match of `pattern` in `text`.
    static func matches(of pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}

/// A Dockerfile read into stages of instructions, as BuildKit's parser reads it: comments and
/// parser directives dropped, `\` continuations joined (comment lines inside them skipped),
/// `ARG`s before the first `FROM` substituted into the stages' bases.
struct Dockerfile {
    /// A line the parser cannot read.
    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "deploy/Dockerfile:\(line): \(message)" }
    }

    /// One instruction: its keyword in capitals, its leading `--flag=value`s, the rest.
    struct Instruction {
        var keyword: String
        var flags: [String: String]
        var arguments: String
        var line: Int

        /// The arguments in JSON ("exec") form, if they are one.
        var execForm: [String]? { Dockerfile.execForm(arguments) }

        /// A COPY's sources (all but the last word).
        var sources: [String] {
            let words = execForm ?? arguments.split(separator: " ").map(String.init)
            return Array(words.dropLast())
        }
    }

    struct Stage {
        var base: String
        var name: String?
        var instructions: [Instruction]

        /// The instruction of that keyword in force: the last one (as for CMD, ENTRYPOINT, USER).
        func last(_ keyword: String) -> Instruction? { instructions.last { $0.keyword == keyword } }

        /// The shell commands of the stage's RUN instructions.
        var runs: [String] { instructions.filter { $0.keyword == "RUN" }.map(\.arguments) }

        /// The packages the stage's `apt-get install` commands name.
        var aptPackages: Set<String> {
            var packages: Set<String> = []
            for run in runs {
                for command in run.components(separatedBy: "&&") {
                    let words = command.split(whereSeparator: \.isWhitespace).map(String.init)
                    guard let install = words.firstIndex(of: "install"), words[..<install].contains("apt-get")
                    else { continue }
                    packages.formUnion(words[(install + 1)...].filter { !$0.hasPrefix("-") })
                }
            }
            return packages
        }
    }

    var stages: [Stage] = []

    static func execForm(_ text: String) -> [String]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("[") else { return nil }
        return try? JSONDecoder().decode([String].self, from: Data(trimmed.utf8))
    }

    init(_ text: String) throws {
        var globalArguments: [String: String] = [:]
        var logical: [(line: Int, text: String)] = []
        var pending: (line: Int, text: String)?
        for (offset, raw) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || (trimmed.isEmpty && pending == nil) { continue }
            var piece = trimmed
            let continues = piece.hasSuffix("\\")
            if continues { piece.removeLast() }
            var current = pending ?? (offset + 1, "")
            current.text += (current.text.isEmpty ? "" : " ") + piece.trimmingCharacters(in: .whitespaces)
            if continues {
                pending = current
            } else {
                pending = nil
                logical.append(current)
            }
        }
        if let pending { logical.append(pending) }
        for (line, text) in logical where !text.isEmpty {
            let keyword = String(text.prefix { !$0.isWhitespace }).uppercased()
            var rest = Substring(text.dropFirst(keyword.count)).drop { $0.isWhitespace }
            var flags: [String: String] = [:]
            while rest.hasPrefix("--") {
                let word = rest.prefix { !$0.isWhitespace }
                let parts = word.dropFirst(2).split(separator: "=", maxSplits: 1)
                flags[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
                rest = rest.dropFirst(word.count).drop { $0.isWhitespace }
            }
            let instruction = Instruction(keyword: keyword, flags: flags, arguments: String(rest), line: line)
            if rest.hasPrefix("["), ["ENTRYPOINT", "CMD", "RUN", "SHELL"].contains(keyword),
                instruction.execForm == nil
            {
                throw Failure(line: line, message: "\(keyword) starts with [ but is not a JSON array of strings")
            }
            switch keyword {
            case "FROM":
                let words = rest.split(separator: " ").map(String.init)
                guard let image = words.first else { throw Failure(line: line, message: "FROM without an image") }
                var base = image
                for (name, value) in globalArguments {
                    base = base.replacingOccurrences(of: "${\(name)}", with: value)
                        .replacingOccurrences(of: "$\(name)", with: value)
                }
                let name = words.count == 3 && words[1].uppercased() == "AS" ? words[2] : nil
                stages.append(Stage(base: base, name: name, instructions: []))
            case "ARG" where stages.isEmpty:
                let parts = rest.split(separator: "=", maxSplits: 1).map(String.init)
                globalArguments[parts[0]] = parts.count > 1 ? parts[1] : ""
            default:
                guard !stages.isEmpty else { throw Failure(line: line, message: "\(keyword) before the first FROM") }
                stages[stages.count - 1].instructions.append(instruction)
            }
        }
    }
}
