import QuireNotebook
import QuireRunner
import QuireSupport

/// `quire export argo`: a notebook as an Argo Workflow, one DAG task per step.
///
/// Each task runs `quire run NOTEBOOK --only STEP` in the image, with the project as its working
/// directory and the shared cache on a ReadWriteMany volume; a last task, after every step,
/// renders the report from the cache onto the same volume. A step's `when:` is evaluated inside
/// its task (a false condition ends the task as skipped), its `resources:` become the
/// container's requests, and the notebook's params become the workflow's parameters.
public struct ArgoWorkflow: Sendable {
    /// How the workflow runs.
    public struct Options: Sendable {
        /// The container image: Quire, and the project at ``workingDirectory``.
        public var image: String
        /// The PersistentVolumeClaim (ReadWriteMany) that holds the cache and the reports.
        public var cacheClaim: String
        /// Retries of a failed task.
        public var retries: Int = 2
        /// Where the project is in the image.
        public var workingDirectory = "/project"
        /// Where the volume is mounted.
        public static let volumePath = "/quire"

        /// Options for `image` and the volume claim `cacheClaim`; the rest take their defaults.
        public init(image: String, cacheClaim: String) {
            self.image = image
            self.cacheClaim = cacheClaim
        }
    }

    /// The plan made into tasks.
    public var plan: Plan
    /// The notebook's path relative to the project root (the working directory).
    public var notebookPath: String
    /// SHA-256 of the notebook's bytes: each task refuses a notebook that changed since
    /// (`--planned`).
    public var notebookDigest: String
    /// How it runs.
    public var options: Options

    /// The workflow for `plan` of the notebook at `notebookPath`, whose bytes hash to `notebookDigest`.
    public init(plan: Plan, notebookPath: String, notebookDigest: String, options: Options) {
        self.plan = plan
        self.notebookPath = notebookPath
        self.notebookDigest = notebookDigest
        self.options = options
    }

    /// Argo task and template names: a step id with `_` as `-`, made unique.
    public var taskNames: [String: String] {
        var names: [String: String] = [:]
        var used: Set<String> = ["report", "quire-report"]
        for step in plan.steps {
            let base = "step-" + step.id.replacingOccurrences(of: "_", with: "-")
            var name = base
            var count = 2
            while used.contains(name) {
                name = "\(base)-\(count)"
                count += 1
            }
            used.insert(name)
            names[step.id] = name
        }
        return names
    }

    /// The Workflow resource.
    public var manifest: Manifest {
        let names = taskNames
        let reportName = NotebookLocation.reportName(of: notebookPath)
        var tasks: [Manifest] = []
        var templates: [Manifest] = []
        for step in plan.steps {
            let name = names[step.id] ?? step.id
            var task: [(String, Manifest)] = [("name", .string(name)), ("template", .string(name))]
            let dependencies = step.dependencies.sorted().compactMap { names[$0] }
            if !dependencies.isEmpty { task.append(("dependencies", .list(dependencies.map(Manifest.string)))) }
            tasks.append(.map(task))
            templates.append(
                template(
                    name, arguments: ["--only", step.id, "--planned", notebookDigest],
                    resources: step.source.resources?.value))
        }
        tasks.append(
            .map([
                ("name", .string("report")), ("template", .string("quire-report")),
                ("dependencies", .list(plan.steps.compactMap { names[$0.id] }.map(Manifest.string))),
            ]))
        templates.append(
            template(
                "quire-report", arguments: ["--reproducible", "--output", Options.volumePath + "/reports"],
                resources: nil))
        let parameters: [Manifest] = plan.params.values.map { name, value in
            .map([("name", .string(name)), ("value", .string(value.displayText))])
        }
        var spec: [(String, Manifest)] = [("entrypoint", .string("notebook"))]
        if !parameters.isEmpty { spec.append(("arguments", .map([("parameters", .list(parameters))]))) }
        spec += [
            (
                "volumes",
                .list([
                    .map([
                        ("name", .string("quire")),
                        ("persistentVolumeClaim", .map([("claimName", .string(options.cacheClaim))])),
                    ])
                ])
            ),
            (
                "templates",
                .list([.map([("name", .string("notebook")), ("dag", .map([("tasks", .list(tasks))]))])] + templates)
            ),
        ]
        return .map([
            ("apiVersion", .string("argoproj.io/v1alpha1")),
            ("kind", .string("Workflow")),
            (
                "metadata",
                .map([
                    ("generateName", .string(Self.dnsLabel(reportName) + "-")),
                    (
                        "labels",
                        .map([
                            ("app.kubernetes.io/managed-by", .string("quire")),
                            ("quire/notebook", .string(Self.dnsLabel(reportName))),
                        ])
                    ),
                ])
            ),
            ("spec", .map(spec)),
        ])
    }

    /// A template running `quire run NOTEBOOK ARGUMENTS`, with the cache on the volume and the
    /// workflow's parameters.
    private func template(_ name: String, arguments: [String], resources: StepResources?) -> Manifest {
        var args = ["run", notebookPath] + arguments + ["--cache-dir", Options.volumePath + "/cache", "--no-history"]
        for (param, _) in plan.params.values { args += ["-p", "\(param)={{workflow.parameters.\(param)}}"] }
        var container: [(String, Manifest)] = [
            ("image", .string(options.image)),
            ("command", .list([.string("quire")])),
            ("args", .list(args.map(Manifest.string))),
            ("workingDir", .string(options.workingDirectory)),
            ("volumeMounts", .list([.map([("name", .string("quire")), ("mountPath", .string(Options.volumePath))])])),
        ]
        if let resources {
            var requests: [(String, Manifest)] = []
            if let cpu = resources.cpu { requests.append(("cpu", .string(cpu))) }
            if let memory = resources.memory { requests.append(("memory", .string(memory))) }
            var limits: [(String, Manifest)] = []
            if let gpu = resources.gpu, gpu > 0 {
                // Kubernetes takes extended resources (GPUs) as limits; requests must equal them.
                requests.append(("nvidia.com/gpu", .string(String(gpu))))
                limits.append(("nvidia.com/gpu", .string(String(gpu))))
            }
            var fields: [(String, Manifest)] = []
            if !requests.isEmpty { fields.append(("requests", .map(requests))) }
            if !limits.isEmpty { fields.append(("limits", .map(limits))) }
            if !fields.isEmpty { container.append(("resources", .map(fields))) }
        }
        var template: [(String, Manifest)] = [("name", .string(name))]
        if options.retries > 0 {
            template.append(
                (
                    "retryStrategy",
                    .map([("limit", .string(String(options.retries))), ("retryPolicy", .string("Always"))])
                ))
        }
        template.append(("container", .map(container)))
        return .map(template)
    }

    /// `name` as a DNS label (lowercase letters, digits and `-`, at most 63 characters), for
    /// Kubernetes names and label values.
    static func dnsLabel(_ name: String) -> String {
        let mapped = name.lowercased().unicodeScalars.map {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-"
        }
        let trimmed = String(mapped).trimmingCharacters(in: ["-"])
        return trimmed.isEmpty ? "notebook" : String(trimmed.prefix(50))
    }
}
