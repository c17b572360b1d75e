import ArgumentParser
import QuireRunner
import QuireService

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a notebook as a workflow of another engine.",
        subcommands: [Argo.self])

    struct Argo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "argo",
            abstract:
                "Write the notebook as an Argo Workflow: one DAG task per step, then one that renders the report.",
            discussion: """
                Each task runs `quire run NOTEBOOK --only STEP` in IMAGE (Quire, with the project in \
                --workdir), its cache on the ReadWriteMany volume --cache-claim mounted at /quire; the \
                last task writes the report to /quire/reports. See docs/distributed.md.
                """)

        @Argument(help: "The notebook file (.md), relative to the project root.", completion: .file(extensions: ["md"]))
        var notebook: String

        @Option(help: ArgumentHelp("The container image: Quire and the project.", valueName: "image"))
        var image: String

        @Option(
            help: ArgumentHelp("The ReadWriteMany PersistentVolumeClaim for the cache and reports.", valueName: "pvc"))
        var cacheClaim: String

        @Option(help: ArgumentHelp("Retries of a failed task.", valueName: "n"))
        var retries = 2

        @Option(help: ArgumentHelp("Where the project is in the image.", valueName: "dir"))
        var workdir = "/project"

        @Flag(help: "Write JSON instead of YAML.")
        var json = false

        @Option(
            name: .customShort("o"), help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "file"))
        var file: String?

        @OptionGroup var parameters: ParameterOptions

        func validate() throws {
            if retries < 0 { throw ValidationError("--retries must be 0 or more.") }
            if image.isEmpty || cacheClaim.isEmpty {
                throw ValidationError("--image and --cache-claim must not be empty.")
            }
        }

        func run() throws {
            let output = try file.map { path throws(CommandFailure) in
                try OutputFile(path: path, append: false, noun: "the workflow")
            }
            let (planned, _, _) = try Pipeline(parameters: parameters).plan(notebook)
            guard let planned else { throw CommandFailure.invalidNotebook }
            var options = ArgoWorkflow.Options(image: image, cacheClaim: cacheClaim)
            options.retries = retries
            options.workingDirectory = workdir
            let workflow = ArgoWorkflow(
                plan: planned.plan, notebookPath: planned.location.pathInProject,
                notebookDigest: Digest.sha256(planned.bytes), options: options)
            let text = json ? workflow.manifest.json : workflow.manifest.yaml
            guard let output else {
                Console.out(text)
                return
            }
            try output.append(text)
        }
    }
}
