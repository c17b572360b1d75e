import QuireNotebook

extension Planner {
    /// Follows each frame's schema through the ordered steps: every op's
    /// ``Operation/outputSchemas(_:in:)`` checks the columns its step names against its inputs'
    /// schemas and gives its outputs' schemas. A step whose op cannot tell leaves its outputs
    /// unknown, and the steps that read them are not checked.
    func checkColumns(_ ordered: [Draft], notebook: Notebook) -> [Diagnostic] {
        followColumns(ordered, notebook: notebook).diagnostics
    }

    /// The schema of every frame output the planner can tell, for a notebook that plans
    /// (`quire check` reports from the same walk); empty when it does not plan.
    public func frameSchemas(_ notebook: Notebook, params: ParamSet) -> [StepReference: FrameSchema] {
        guard case .success(let plan) = self.plan(notebook, params: params) else { return [:] }
        let drafts = plan.steps.map { step in
            Draft(
                step: step.source, schema: step.schema, parameters: step.parameters, inputs: [], inputKinds: [],
                needs: [], files: step.files)
        }
        return followColumns(drafts, notebook: notebook).known
    }

    private func followColumns(_ ordered: [Draft], notebook: Notebook) -> (
        diagnostics: [Diagnostic], known: [StepReference: FrameSchema]
    ) {
        let location = NotebookLocation(path: notebook.path)
        var known: [StepReference: FrameSchema] = [:]
        var diagnostics: [Diagnostic] = []
        for draft in ordered {
            guard let operation = registry.operation(named: draft.schema.name) else { continue }
            // Only the schemas the step reads: a context holding all of `known` would make each
            // step's addition copy it (quadratic in the steps).
            var inputs: [StepReference: FrameSchema] = [:]
            for value in draft.parameters.values {
                value.forEachInput { reference in inputs[reference] = known[reference] }
            }
            let context = SchemaContext(
                step: draft.step, schema: draft.schema, inputs: inputs, baseDirectory: location.directory,
                projectRoot: location.projectRoot)
            let outputs = operation.outputSchemas(of: draft.parameters, in: context)
            diagnostics += context.diagnostics
            for (name, schema) in outputs ?? [:] {
                known[StepReference(step: draft.step.id, output: name)] = schema
            }
        }
        return (diagnostics, known)
    }
}
