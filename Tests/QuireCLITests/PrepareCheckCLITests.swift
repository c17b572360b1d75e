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

    /// After `join`, `concat`, `melt`, `pivot`, `impute`, `encode` and `scale`, check still knows
    /// the columns: suffixed join columns, a concat's source column, melt's `variable` and `value`,
    /// and numbers where an encoder or scaler made them, so a misspelling after any of them is
    /// found before anything runs and a valid use is not reported.
    @Test func columnsAreKnownThroughReshapingAndTransformOps() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(
            "id,plan_id,name,city,tenure\nC1,1,Ann,Paris,3\nC2,2,Bob,Lyon,\nC3,1,Cy,Paris,7\n", to: "c.csv")
        try project.write("plan_id,name,fee\n1,basic,19\n2,pro,39\n", to: "p.csv")
        let notebook = """
            ```step customers
            load: c.csv
            ```
            ```step plans
            load: p.csv
            ```
            ```step joined
            join: {left: customers, right: plans, on: plan_id, suffixes: [_customer, _plan]}
            ```
            ```step named
            filter: {from: joined, where: "name == \\"Ann\\" and fee > 10 and name_plan == \\"basic\\""}
            ```
            ```step priced
            filter: {from: joined, where: "fee == \\"cheap\\""}
            ```
            ```step both
            concat: {frames: [customers, customers], source: origin}
            ```
            ```step first
            filter: {from: both, where: "orign == \\"customers\\" and tenure > 1"}
            ```
            ```step long
            melt: {from: plans, id: [plan_id], columns: [fee, fe], variable: measure, value: amount}
            ```
            ```step wide
            pivot: {from: customers, index: [plan_idd], columns: city, values: tenure, aggregate: mean}
            ```
            ```step filled
            impute: {fit: customers, apply: [customers, plans], columns: [tenure], strategy: median}
            ```
            ```step after_fill
            filter: {from: filled.customers, where: "tenur > 1"}
            ```
            ```step scaled
            scale: {fit: customers, apply: [customers], columns: [tenure]}
            ```
            ```step after_scale
            filter: {from: scaled.customers, where: "tenure > 0 and cty == \\"Paris\\""}
            ```
            ```step coded
            encode: {fit: customers, apply: [customers], columns: [city], method: ordinal}
            ```
            ```step after_code
            filter: {from: coded.customers, where: "city > 0"}
            ```
            ```step hot
            encode: {fit: customers, apply: [customers], columns: [cityy]}
            ```

            """
        try project.write(notebook, to: "nb.md")
        let checked = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(checked.status == 2, "\(checked.stderr)")
        let lines = notebook.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func position(_ needle: String, _ word: String) throws -> String {
            let line = try #require(lines.firstIndex { $0.contains(needle) }) + 1
            let column = try #require(lines[line - 1].range(of: word)).lowerBound.utf16Offset(in: lines[line - 1]) + 1
            return "nb.md:\(line):\(column): error:"
        }
        // Join: `name` is on both sides, so it is `name_customer` and `name_plan`; `fee` is a number.
        #expect(checked.stderr.contains(try position("name == ", "name == ")), "\(checked.stderr)")
        #expect(checked.stderr.contains("`name_customer`, `city`, `tenure`, `name_plan`, `fee`"), "\(checked.stderr)")
        #expect(
            checked.stderr.contains(try position("fee == ", "=="))
                && checked.stderr.contains("cannot compare a number with a string"),
            "\(checked.stderr)")
        #expect(checked.stderr.contains(try position("orign", "orign")), "\(checked.stderr)")
        #expect(checked.stderr.contains("did you mean `origin`?"), "\(checked.stderr)")
        for (needle, wrong, right) in [
            ("fee, fe]", "fe]", "fee"), ("[plan_idd]", "plan_idd", "plan_id"), ("[cityy]", "cityy", "city"),
        ] {
            #expect(
                checked.stderr.contains(try position(needle, wrong))
                    && checked.stderr.contains("did you mean '\(right)'?"),
                "\(wrong): \(checked.stderr)")
        }
        // `plans` has no `tenure`, which the imputer is fitted on.
        #expect(
            checked.stderr.contains(try position("apply: [customers, plans]", "plans"))
                && checked.stderr.contains("`apply` (`plans`): 'tenure' is not a column of the frame"),
            "\(checked.stderr)")
        #expect(checked.stderr.contains(try position("tenur > 1", "tenur")), "\(checked.stderr)")
        #expect(checked.stderr.contains(try position("cty ==", "cty")), "\(checked.stderr)")
        #expect(!checked.stderr.contains("city > 0"), "an ordinal-encoded column is a number: \(checked.stderr)")
        #expect(!checked.stderr.contains(try position("fee > 10", "fee")), "\(checked.stderr)")
        #expect(checked.stderr.contains("9 errors"), "\(checked.stderr)")
    }
}
