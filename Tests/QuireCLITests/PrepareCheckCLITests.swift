import Foundation
import TestSupport
import Testing

/// `check` knows the columns through the preparation ops too: a misspelt join key, cast column,
/// distinct column, sample stratum or aggregate key is reported at its position with "did you
/// mean", an aggregate's outputs are the columns after it, and a date
/// derived in one step can be compared with a date literal in the next without a false error.
@Suite struct PrepareCheckCLITests {
    @Test func misspeltColumnsOfPreparationOpsAreFoundByCheck() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(
            "id,plan_id,signup,city,churned\nC1,1,2024-01-05,Paris,0\nC2,2,2023-12-30,Lyon,1\n", to: "c.csv")
        try project.write("plan_id,fee\n1,19\n2,39\n", to: "p.csv")
        let notebook = """
            ```step customers
            load: c.csv
            ```
            ```step plans
            load: p.csv
            ```
            ```step joined
            join: {left: customers, right: plans, on: plan_idd}
            ```
            ```step typed
            cast: {from: customers, columns: {plan_di: str}}
            ```
            ```step months
            derive: {from: customers, columns: {month_start: "date_trunc(\\"month\\", signup)"}}
            ```
            ```step recent
            filter: {from: months, where: "month_start >= date(\\"2024-01-01\\")"}
            ```
            ```step cities
            distinct: {from: recent, columns: [cty]}
            ```
            ```step sampled
            sample: {from: recent, n: 1, stratify: churnd, seed: 1}
            ```
            ```step by_plan
            aggregate: {from: customers, by: [plan_idd], columns: {n: {count: id}, rate: {mean: churned}}}
            ```
            ```step busy
            filter: {from: by_plan, where: "rate > 0.5 and nn > 1"}
            ```

            """
        try project.write(notebook, to: "nb.md")
        let checked = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(checked.status == 2, "\(checked.stderr)")
        let lines = notebook.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (needle, wrong, right) in [
            ("on: plan_idd", "plan_idd", "plan_id"), ("{plan_di", "plan_di", "plan_id"), ("[cty]", "cty", "city"),
            ("stratify: churnd", "churnd", "churned"), ("[plan_idd]", "plan_idd", "plan_id"),
        ] {
            let line = try #require(lines.firstIndex { $0.contains(needle) }) + 1
            let column = try #require(lines[line - 1].range(of: wrong)).lowerBound.utf16Offset(in: lines[line - 1]) + 1
            #expect(
                checked.stderr.contains("nb.md:\(line):\(column): error:")
                    && checked.stderr.contains("'\(wrong)' is not a column of the frame"),
                "\(wrong) at \(line):\(column): \(checked.stderr)")
            #expect(checked.stderr.contains("did you mean '\(right)'?"), "\(checked.stderr)")
        }
        #expect(
            checked.stderr.contains("`on` (left frame): 'plan_idd'")
                && !checked.stderr.contains("`on` (right frame): 'plan_idd'"),
            "a key missing from both frames is reported once")
        #expect(!checked.stderr.contains("month_start"), "a derived date compares with a date literal")
        // An aggregate's outputs are columns downstream: `nn` is reported inside the expression.
        let busy = try #require(lines.firstIndex { $0.contains("nn > 1") }) + 1
        let nn = try #require(lines[busy - 1].range(of: "nn >")).lowerBound.utf16Offset(in: lines[busy - 1]) + 1
        #expect(checked.stderr.contains("nb.md:\(busy):\(nn): error: in `rate > 0.5 and nn > 1`: no column named `nn`"))
        #expect(checked.stderr.contains("did you mean `n`?"), "\(checked.stderr)")
        #expect(checked.stderr.contains("6 errors"), "\(checked.stderr)")
    }
}
