//! The Markdown summary, fit for `$GITHUB_STEP_SUMMARY`. The main type is [`MarkdownSink`];
//! [`render_markdown`] builds the text.
//!
//! Every piece of run data is either escaped with [`escape_markdown`], put in a code span with
//! `|` escaped, or put in a fenced block longer than any backtick run it holds, so response
//! bodies and rule ids can neither break the layout nor inject HTML; all three (in
//! `super::escape`) also show control characters as visible escapes.

use results::{EventSink, RunEvent, RunEventKind, SinkError};
use std::fmt::Write as _;
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use crate::errors::ReportError;
use crate::model::{CaseRecord, FuzzRound, RunReport};
use crate::sink::{append_file, create_file, write_once};
use crate::text::{one_line, truncate};

use crate::derived::RuleStatus;

use super::budget::{fit, Section};
use super::data::{outcome_label, outcome_reason, pointer, SkipGroup, SummaryData};
use super::escape::{case_anchor, code, escape_markdown, fenced};
use super::SummaryOptions;

/// Longest response body shown per exchange, in characters.
const BODY_MAX_CHARS: usize = 1_000;
/// Longest message or reason shown inline, in characters.
const TEXT_MAX_CHARS: usize = 300;
/// How many other failing cases a failing rule names.
const OTHER_CASES: usize = 5;

/// Writes the Markdown summary to a file when the run finishes.
#[derive(Debug)]
pub struct MarkdownSink {
    path: PathBuf,
    file: Option<BufWriter<File>>,
    options: SummaryOptions,
}

impl MarkdownSink {
    /// Creates (or truncates) the file at `path`, creating missing parent directories.
    pub fn create(path: impl Into<PathBuf>) -> Result<Self, ReportError> {
        let path = path.into();
        let file = create_file(&path)?;
        Ok(Self::with_file(path, file))
    }

    /// Opens the file at `path` for appending (creating it if needed), as
    /// `$GITHUB_STEP_SUMMARY` expects: earlier content of the step is kept.
    pub fn append(path: impl Into<PathBuf>) -> Result<Self, ReportError> {
        let path = path.into();
        let file = append_file(&path)?;
        Ok(Self::with_file(path, file))
    }

    /// Uses `options` instead of the defaults.
    pub fn with_options(mut self, options: SummaryOptions) -> Self {
        self.options = options;
        self
    }

    fn with_file(path: PathBuf, file: BufWriter<File>) -> Self {
        Self {
            path,
            file: Some(file),
            options: SummaryOptions::default(),
        }
    }
}

impl MarkdownSink {
    fn write_run(&mut self, report: &RunReport) -> Result<(), ReportError> {
        let options = &self.options;
        write_once(&mut self.file, &self.path, || {
            Ok(render_markdown(report, options).into_bytes())
        })
    }
}

impl EventSink for MarkdownSink {
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), SinkError> {
        if let RunEventKind::RunFinished { report, .. } = &event.kind {
            self.write_run(report)?;
        }
        Ok(())
    }
}

/// Renders the Markdown summary of `report`: failures first (see the module `data`), the
/// passing rules folded at the end; at most [`SummaryOptions::max_markdown_bytes`] long, the
/// longest sections cut with a note where they go on in the HTML summary (every failing rule
/// stays listed; see `super::budget`).
pub fn render_markdown(report: &RunReport, options: &SummaryOptions) -> String {
    let data = SummaryData::new(report, options);
    let mut sections = vec![
        header(&data),
        failing(&data, options),
        super::unique::markdown(report),
        unexpected(&data),
        skipped("Not covered, not run and flaky", &data.skipped),
        expected(&data),
        reactions(&data),
        observations(report),
        rounds(&report.rounds),
        suites(&data),
        matrix(&data),
        latency(&data),
        slowest(&data),
        drift(report),
        details(&data),
    ];
    fit(&mut sections, options.max_markdown_bytes);
    let mut out = String::new();
    for section in &sections {
        section.render(&mut out);
    }
    out
}

/// The contract drift (bounded by the shapes recorded, so the section is never cut).
fn drift(report: &RunReport) -> Section {
    let mut section = Section::new("drift rows");
    super::drift::markdown(section.head(), report.drift.as_ref());
    section
}

/// The observations (bounded per rule, so the section is never cut).
fn observations(report: &RunReport) -> Section {
    let mut section = Section::new("observations");
    super::observations::markdown(section.head(), report);
    section
}

/// Title, run facts and totals: never cut.
fn header(data: &SummaryData<'_>) -> Section {
    let info = &data.report.info;
    let totals = &data.totals;
    let verdict = match crate::Verdict::of(data.report) {
        crate::Verdict::Passed => "✅ nhost-conformance passed",
        crate::Verdict::Failed => "❌ nhost-conformance failed",
        crate::Verdict::Incomplete => "⚠️ nhost-conformance incomplete",
        crate::Verdict::NotStarted => "⛔ nhost-conformance could not start",
    };
    let mut section = Section::new("lines");
    let out = section.head();
    let _ = writeln!(out, "## {verdict}\n");
    let _ = writeln!(
        out,
        "Target {} · contract {} · seed `{}` · started {} · {:.2} s · tool {}\n",
        code(&info.target),
        code(&info.contract),
        info.seed,
        code(&info.started_at),
        info.duration_ms / 1000.0,
        code(&info.tool_version),
    );
    for fact in super::facts::run_facts(data.report) {
        let mark = if fact.alarm { "**" } else { "" };
        let _ = writeln!(
            out,
            "- {mark}{}{mark}: {}",
            fact.label,
            escape_markdown(&one_line(&fact.text, TEXT_MAX_CHARS * 2))
        );
    }
    out.push('\n');
    totals_table(&mut section, &[("", totals)], false);
    section
}

/// A totals table: one row per `(label, totals)`, with a first column naming it when `labelled`;
/// labelled rows are blocks of `section` (they may be cut), the unlabelled run totals are not.
fn totals_table(section: &mut Section, rows: &[(&str, &crate::derived::Totals)], labelled: bool) {
    let first = if labelled { "| Suite " } else { "" };
    let rule = if labelled { "| --- " } else { "" };
    let head = section.head();
    let _ = writeln!(
        head,
        "{first}| Passed | Failed | Expected failures | Unexpected passes | Not covered | Not applicable | Flaky | Not run | Total |"
    );
    let _ = writeln!(
        head,
        "{rule}| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for (label, t) in rows {
        let label = if labelled {
            format!("| {} ", code(label))
        } else {
            String::new()
        };
        let row = format!(
            "{label}| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            t.passed,
            t.failed,
            t.expected_failures,
            t.unexpected_passes,
            t.not_covered,
            t.not_applicable,
            t.flaky,
            t.not_run,
            t.total
        );
        if labelled {
            section.block(row);
        } else {
            section.head().push_str(&row);
        }
    }
    section.tail().push('\n');
}

/// The failing rules: description, count, distinct messages, one full example, the re-run
/// line; each may be cut down to one line, never left out.
fn failing(data: &SummaryData<'_>, options: &SummaryOptions) -> Section {
    let mut section = Section::new("failing rules");
    if data.failing.is_empty() {
        return section;
    }
    let _ = writeln!(
        section.head(),
        "### ❌ Failing rules ({})\n",
        data.failing.len()
    );
    for rule in &data.failing {
        let mut out = String::new();
        let count = rule.cases.len();
        let plural = if count == 1 { "case" } else { "cases" };
        let _ = writeln!(out, "#### {} · {count} failing {plural}\n", code(rule.rule));
        if !rule.description.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                escape_markdown(&one_line(rule.description, TEXT_MAX_CHARS))
            );
        }
        if !rule.source.is_empty() {
            let _ = writeln!(out, "_Source: {}_\n", escape_markdown(rule.source));
        }
        for message in rule.messages.iter().take(options.max_findings_per_rule) {
            let times = if message.count > 1 {
                format!(" _(×{})_", message.count)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "- at {}: {}{times}",
                code(pointer(message.pointer)),
                escape_markdown(&one_line(message.message, TEXT_MAX_CHARS)),
            );
        }
        if rule.messages.len() > options.max_findings_per_rule {
            let _ = writeln!(
                out,
                "- … and {} more distinct messages",
                rule.messages.len() - options.max_findings_per_rule
            );
        }
        out.push('\n');
        let example = rule.example();
        let _ = writeln!(out, "Example: {}\n", case_link(&example.name));
        if let Some(input) = &example.minimal_input {
            let pretty = serde_json::to_string_pretty(input).unwrap_or_else(|_| input.to_string());
            out.push_str("Minimal input:\n\n");
            fenced(&mut out, "json", &pretty);
        }
        let _ = writeln!(out, "Re-run (seed `{}`):\n", example.seed);
        fenced(&mut out, "sh", &example.rerun);
        if count > 1 {
            let others: Vec<String> = rule.cases[1..]
                .iter()
                .take(OTHER_CASES)
                .map(|c| code(&c.name))
                .collect();
            let more = count - 1 - others.len();
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            let _ = writeln!(out, "Also failing: {}{tail}\n", others.join(", "));
        }
        let compact = format!(
            "- {} · {count} failing {plural}, first {}\n",
            code(rule.rule),
            code(&example.name)
        );
        section.block_or(out, compact);
    }
    section.tail().push('\n');
    section
}

/// Expectations that no longer hold.
fn unexpected(data: &SummaryData<'_>) -> Section {
    let mut section = Section::new("unexpected passes");
    if data.unexpected_passes.is_empty() {
        return section;
    }
    let _ = writeln!(
        section.head(),
        "### ❌ Expected failures that now pass ({})\n",
        data.unexpected_passes.len()
    );
    for case in &data.unexpected_passes {
        let reason = outcome_reason(&case.outcome).unwrap_or_default();
        section.block(format!(
            "- {}: remove the expectation (it said: {})\n",
            case_link(&case.name),
            escape_markdown(&one_line(reason, TEXT_MAX_CHARS))
        ));
    }
    section.tail().push('\n');
    section
}

/// Expected failures by reason, and the rules that only failed as expected.
fn expected(data: &SummaryData<'_>) -> Section {
    let mut section = skipped("Expected failures", &data.expected);
    let rules: Vec<_> = data.expected_rules().collect();
    if rules.is_empty() {
        return section;
    }
    // The table's rows come first; the list is part of the tail, so the table stays whole.
    let tail = section.tail();
    tail.push_str("Rules that failed only as expected:\n\n");
    for row in rules {
        let _ = writeln!(
            tail,
            "- {} · {} expected · {}",
            code(&row.rule),
            row.expected_failures,
            escape_markdown(&one_line(data.description(&row.rule), TEXT_MAX_CHARS))
        );
    }
    tail.push('\n');
    section
}

/// How each SDK reacted to the served documents, per rule.
fn reactions(data: &SummaryData<'_>) -> Section {
    let mut section = Section::new("rules");
    let table = &data.reactions;
    if table.is_empty() {
        return section;
    }
    let out = section.head();
    out.push_str("### SDK reactions to served sessions\n\n");
    out.push_str(
        "What each SDK did with a session served to it: a broken one should be *rejected*; \
         *passed through* means the SDK handed it to the app as if it were fine (what it does \
         not protect an app from); *crashed* and *hung* fail the run. Valid sessions should \
         come through *intact*.\n\n",
    );
    let _ = write!(out, "| Rule | What it demands |");
    for client in &table.clients {
        let _ = write!(out, " {} |", code(client));
    }
    out.push_str("\n| --- | --- |");
    for _ in &table.clients {
        out.push_str(" --- |");
    }
    out.push('\n');
    for row in &table.rows {
        let mut line = format!(
            "| {} | {} |",
            code(&row.rule),
            escape_markdown(&one_line(
                data.reaction_description(&row.rule),
                TEXT_MAX_CHARS
            ))
        );
        for cell in &row.cells {
            let _ = write!(line, " {} |", escape_markdown(&cell.describe()));
        }
        line.push('\n');
        section.block(line);
    }
    section.tail().push('\n');
    section
}

/// The rounds of a fuzz campaign.
fn rounds(rounds: &[FuzzRound]) -> Section {
    let mut section = Section::new("rounds");
    if rounds.is_empty() {
        return section;
    }
    let found = rounds
        .iter()
        .fold(0u64, |sum, r| sum.saturating_add(r.new_findings));
    let _ = writeln!(
        section.head(),
        "### Fuzz rounds\n\n{} rounds, {found} new findings (the HTML summary charts them over \
         time).\n\n| Round | Ended | Cases | Failed | New findings |\n| ---: | ---: | ---: | ---: | ---: |",
        rounds.len()
    );
    for round in rounds {
        section.block(format!(
            "| {} | {:.1} min | {} | {} | {} |\n",
            round.round,
            round.ended_ms / 60_000.0,
            round.cases,
            round.failed,
            round.new_findings
        ));
    }
    section.tail().push('\n');
    section
}

/// Per-suite totals.
fn suites(data: &SummaryData<'_>) -> Section {
    let mut section = Section::new("suites");
    if data.suites.is_empty() {
        return section;
    }
    section.head().push_str("### Suites\n\n");
    let rows: Vec<(&str, &crate::derived::Totals)> = data
        .suites
        .iter()
        .map(|s| (s.suite.as_str(), &s.totals))
        .collect();
    totals_table(&mut section, &rows, true);
    section
}

/// The whole conformance matrix, worst first, folded: mostly the passing rules.
fn matrix(data: &SummaryData<'_>) -> Section {
    let mut section = Section::new("matrix rows");
    if data.rows.is_empty() {
        section
            .head()
            .push_str("### Conformance matrix\n\n_No rule was exercised._\n\n");
        return section;
    }
    let _ = writeln!(
        section.head(),
        "<details><summary>Conformance matrix: {} passing rules of {}</summary>\n\n\
         | Rule | Description | Exercised | Passed | Failed | Expected | Flaky | Not covered | First failure |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        data.passing_rules(),
        data.rows.len()
    );
    for row in &data.rows {
        let first = row
            .first_failure
            .as_deref()
            .map_or_else(|| "–".to_owned(), case_link);
        let mark = if row.status() == RuleStatus::Failed {
            "❌ "
        } else {
            ""
        };
        section.block(format!(
            "| {mark}{} | {} | {} | {} | {} | {} | {} | {} | {first} |\n",
            code(&row.rule),
            escape_markdown(&one_line(data.description(&row.rule), TEXT_MAX_CHARS)),
            row.exercised,
            row.passed,
            row.failed,
            row.expected_failures,
            row.flaky,
            row.not_covered,
        ));
    }
    section.tail().push_str("\n</details>\n\n");
    section
}

/// The distribution of each operation's times.
fn latency(data: &SummaryData<'_>) -> Section {
    let mut section = Section::new("operations");
    if data.latency.is_empty() {
        return section;
    }
    section.head().push_str(
        "### Latency per operation\n\n\
         | Operation | Requests | Fastest | Median | 90th pct. | 99th pct. | Slowest |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for row in &data.latency {
        section.block(format!(
            "| {} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms |\n",
            code(&row.operation),
            row.count,
            row.min,
            row.p50,
            row.p90,
            row.p99,
            row.max
        ));
    }
    section.tail().push('\n');
    section
}

/// The slowest operations table.
fn slowest(data: &SummaryData<'_>) -> Section {
    let mut section = Section::new("operations");
    if data.slowest.is_empty() {
        return section;
    }
    section.head().push_str(
        "### Slowest operations\n\n| # | Operation | Case | Status | Time |\n| ---: | --- | --- | ---: | ---: |\n",
    );
    for (index, op) in data.slowest.iter().enumerate() {
        let status = op.status.map_or_else(|| "–".to_owned(), |s| s.to_string());
        section.block(format!(
            "| {} | {} {} | {} | {status} | {:.1} ms |\n",
            index + 1,
            code(&op.operation),
            escape_markdown(&op.method),
            code(&op.case),
            op.elapsed_ms,
        ));
    }
    section.tail().push('\n');
    section
}

/// Skipped cases grouped by outcome and reason, under `title`.
fn skipped(title: &str, groups: &[SkipGroup]) -> Section {
    let mut section = Section::new("reasons");
    if groups.is_empty() {
        return section;
    }
    let count: usize = groups.iter().map(|g| g.count).sum();
    let _ = writeln!(
        section.head(),
        "### {title} ({count})\n\n| Outcome | Reason | Cases | First case |\n| --- | --- | ---: | --- |"
    );
    for group in groups {
        section.block(format!(
            "| {} | {} | {} | {} |\n",
            group.label,
            escape_markdown(&one_line(&group.reason, TEXT_MAX_CHARS)),
            group.count,
            code(&group.first_case),
        ));
    }
    section.tail().push('\n');
    section
}

/// Each failing case: findings, input, exchanges and the command that re-runs it.
fn details(data: &SummaryData<'_>) -> Section {
    let mut section = Section::new("failing cases");
    if data.details.is_empty() {
        return section;
    }
    section
        .head()
        .push_str("### Failures and how to re-run them\n\n");
    for case in &data.details {
        section.block(case_details(case));
    }
    if data.hidden_details > 0 {
        let _ = writeln!(
            section.tail(),
            "… and {} more failing cases; see the JUnit or NDJSON report.\n",
            data.hidden_details
        );
    }
    section
}

/// One failing case in full.
fn case_details(case: &CaseRecord) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<a id=\"{}\"></a>\n", case_anchor(&case.name));
    let _ = writeln!(
        out,
        "#### {} · {}\n",
        code(&case.name),
        outcome_label(&case.outcome)
    );
    if let Some(reason) = outcome_reason(&case.outcome) {
        let _ = writeln!(
            out,
            "Reason: {}\n",
            escape_markdown(&one_line(reason, TEXT_MAX_CHARS))
        );
    }
    for finding in &case.findings {
        let _ = writeln!(
            out,
            "- {} at {}: {}",
            code(&finding.rule),
            code(pointer(&finding.pointer)),
            escape_markdown(&one_line(&finding.message, TEXT_MAX_CHARS)),
        );
    }
    if !case.findings.is_empty() {
        out.push('\n');
    }
    if let Some(input) = &case.minimal_input {
        let pretty = serde_json::to_string_pretty(input).unwrap_or_else(|_| input.to_string());
        out.push_str("Minimal input:\n\n");
        fenced(&mut out, "json", &pretty);
    }
    if !case.exchanges.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Exchanges ({})</summary>\n",
            case.exchanges.len()
        );
        for (index, exchange) in case.exchanges.iter().enumerate() {
            let status = match (exchange.status, &exchange.error) {
                (_, Some(error)) => format!(
                    "error: {}",
                    escape_markdown(&one_line(error, TEXT_MAX_CHARS))
                ),
                (Some(status), None) => status.to_string(),
                (None, None) => "no response".to_owned(),
            };
            let _ = writeln!(
                out,
                "{}. {} → {status} ({:.1} ms)\n",
                index + 1,
                code(&exchange.operation),
                exchange.elapsed_ms
            );
            if let Some(via) = &exchange.via {
                let _ = writeln!(out, "via {}\n", code(via));
            }
            fenced(&mut out, "sh", &exchange.curl);
            if let Some(body) = &exchange.response_body {
                fenced(&mut out, "", &truncate(body, BODY_MAX_CHARS));
            }
            if let Some(returned) = &exchange.returned {
                out.push_str("returned to the caller:\n\n");
                fenced(&mut out, "", &truncate(returned, BODY_MAX_CHARS));
            }
        }
        out.push_str("</details>\n\n");
    }
    let _ = writeln!(out, "Re-run (seed `{}`):\n", case.seed);
    fenced(&mut out, "sh", &case.rerun);
    out
}

/// A link to a case's details.
fn case_link(name: &str) -> String {
    format!("[{}](#{})", code(name), case_anchor(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::testutil::{case, exchange, report};

    fn failing_run() -> RunReport {
        let mut failed = case(
            "signup::roundtrip::case_0001",
            Outcome::Failed,
            &["a|b"],
            &[(
                "/$defs/User/properties/locale:type",
                "/user/locale",
                "expected string <b>",
            )],
        );
        let mut slow = exchange("sign_up", 40.0);
        slow.response_body = Some("```\n<script>alert(1)</script>".into());
        failed.exchanges = vec![slow];
        report(vec![
            case(
                "signup::roundtrip::case_0000",
                Outcome::Passed,
                &["a|b"],
                &[],
            ),
            failed,
            case(
                "token::rotation::case_0000",
                Outcome::NotCovered {
                    reason: "rate | limited".into(),
                },
                &["x"],
                &[],
            ),
        ])
    }

    #[test]
    fn has_every_section_with_matrix_rows_per_rule() {
        let text = render_markdown(&failing_run(), &SummaryOptions::default());
        assert!(
            text.starts_with("## ❌ nhost-conformance failed\n"),
            "{text}"
        );
        for heading in [
            "### ❌ Failing rules (1)",
            "<details><summary>Conformance matrix: 1 passing rules of 3</summary>",
            "### Slowest operations",
            "### Not covered, not run and flaky (1)",
            "### Suites",
            "### Failures and how to re-run them",
        ] {
            assert!(text.contains(heading), "missing {heading}");
        }
        let rows: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("| Rule |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .collect();
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(
            rows[0],
            "| ❌ `/$defs/User/properties/locale:type` |  | 1 | 0 | 1 | 0 | 0 | 0 | \
             [`signup::roundtrip::case_0001`](#case-signup.roundtrip.case_0001) |"
        );
        assert_eq!(
            rows[1], "| `x` |  | 0 | 0 | 0 | 0 | 0 | 1 | – |",
            "not covered next"
        );
        assert_eq!(rows[2], "| `a\\|b` |  | 2 | 2 | 0 | 0 | 0 | 0 | – |");
        assert!(text.contains("<a id=\"case-signup.roundtrip.case_0001\"></a>"));
        assert!(text.contains(
            "```sh\nnhost-conformance replay signup::roundtrip::case_0001 --seed 7\n```"
        ));
        assert!(text
            .contains("| 1 | `sign_up` POST | `signup::roundtrip::case_0001` | 200 | 40.0 ms |"));
        assert!(
            text.contains("| not covered | rate \\| limited | 1 | `token::rotation::case_0000` |")
        );
    }

    /// A run like `run --fault no-refresh-rotation`: an expected failure first, many passing
    /// rules around the failing ones (alphabetically), and one message repeated per case.
    fn realistic_run() -> RunReport {
        let mut cases = vec![case(
            "schema::examples::case_0000",
            Outcome::ExpectedFailure {
                reason: "broken examples".into(),
            },
            &["schema:examples-valid"],
            &[("schema:examples-valid", "/x", "bad example")],
        )];
        let passing: Vec<String> = (0..40)
            .map(|i| format!("a:rule-{i:02}"))
            .chain((0..40).map(|i| format!("z:rule-{i:02}")))
            .collect();
        let passing_refs: Vec<&str> = passing.iter().map(String::as_str).collect();
        for i in 0..12 {
            cases.push(case(
                &format!("token::rotation::case_{i:04}"),
                Outcome::Failed,
                &passing_refs,
                &[(
                    "m:old-rejected",
                    "",
                    "the token was already rotated, yet /token answered HTTP 200",
                )],
            ));
        }
        cases.push(case(
            "signin::x::case_0000",
            Outcome::Passed,
            &passing_refs,
            &[],
        ));
        let mut run = report(cases);
        run.rules = vec![results::RuleEntry {
            id: "m:old-rejected".into(),
            description: "a rotated refresh token is rejected".into(),
            source: "suite token".into(),
        }];
        run
    }

    #[test]
    fn failing_rules_come_before_any_passing_one_and_counts_agree() {
        let run = realistic_run();
        let text = render_markdown(&run, &SummaryOptions::default());
        let failing = text.find("`m:old-rejected`").expect("failing rule named");
        for passing in ["`a:rule-00`", "`z:rule-39`", "`schema:examples-valid`"] {
            let at = text.find(passing).expect(passing);
            assert!(failing < at, "{passing} before the failing rule:\n{text}");
        }
        assert!(
            text.contains(
                "#### `m:old-rejected` · 12 failing cases\n\na rotated refresh token is rejected\n"
            ),
            "{text}"
        );
        let rules_section = &text[..text.find("### Failures and how").expect("details")];
        assert_eq!(
            rules_section
                .matches("the token was already rotated")
                .count(),
            1,
            "the failing rule shows its repeated message once"
        );
        assert!(text.contains("_(×12)_"));
        assert!(
            text.contains("| 1 | 12 | 1 | 0 | 0 | 0 | 0 | 0 | 14 |"),
            "totals: 12 failed, 1 expected"
        );
        assert!(text.contains("| ❌ `m:old-rejected` | a rotated refresh token is rejected | 12 | 0 | 12 | 0 | 0 | 0 |"));
        assert!(
            text.contains("| `schema:examples-valid` |  | 1 | 0 | 0 | 1 | 0 | 0 |"),
            "an expected failure is not counted as failed"
        );
        let details = text
            .find("### Failures and how to re-run them")
            .expect("details");
        let first_detail = &text[details..];
        assert!(
            first_detail.find("token::rotation::case_0000")
                < first_detail.find("schema::examples::case_0000"),
            "failures before expected failures"
        );
    }

    #[test]
    fn a_diff_shows_each_differing_pointer_with_both_values() {
        let served = serde_json::json!({"user": {"roles": ["user", "me"], "metadata": {"a": [1, null]}, "avatarUrl": null}});
        let handed =
            serde_json::json!({"user": {"roles": ["user"], "metadata": {"a": [1, 0], "b": true}}});
        let findings: Vec<(String, String)> = results::diff::json_diff(&served, &handed)
            .iter()
            .map(|d| {
                (
                    d.pointer.clone(),
                    format!("the SDK changed it: {}", d.values("served", "handed on")),
                )
            })
            .collect();
        let refs: Vec<(&str, &str, &str)> = findings
            .iter()
            .map(|(p, m)| ("sdk:valid-intact", p.as_str(), m.as_str()))
            .collect();
        let run = report(vec![case(
            "sdk::v4::case_0000",
            Outcome::Failed,
            &[],
            &refs,
        )]);
        let text = render_markdown(&run, &SummaryOptions::default());
        for line in [
            "- at `/user/roles/1`: the SDK changed it: served \"me\", handed on (absent)",
            "- at `/user/metadata/a/1`: the SDK changed it: served null, handed on 0",
            "- at `/user/metadata/b`: the SDK changed it: served (absent), handed on true",
            "- at `/user/avatarUrl`: the SDK changed it: served null, handed on (absent)",
        ] {
            assert!(text.contains(line), "missing {line:?} in:\n{text}");
        }
        let page = crate::render_html(&run, &SummaryOptions::default());
        assert!(page.contains(
            "<li>at <code>/user/roles/1</code>: the SDK changed it: served &quot;me&quot;, handed on (absent)</li>"
        ));
    }

    #[test]
    fn untrusted_text_cannot_escape_its_block() {
        let text = render_markdown(&failing_run(), &SummaryOptions::default());
        assert!(text.contains("expected string \\<b>"));
        // The body holds a ``` run, so its fence must be four backticks long.
        assert!(
            text.contains("````\n```\n<script>alert(1)</script>\n````"),
            "{text}"
        );
    }

    #[test]
    fn passing_run_has_no_failure_sections() {
        let run = report(vec![case("a::b::case_0000", Outcome::Passed, &["r"], &[])]);
        let text = render_markdown(&run, &SummaryOptions::default());
        assert!(text.starts_with("## ✅ nhost-conformance passed\n"));
        assert!(!text.contains("Failing rules"));
        assert!(!text.contains("### Failures and how to re-run them"));
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a|b\nc"), "`a\\|b c`");
        assert_eq!(code(""), "` `");
    }
}
