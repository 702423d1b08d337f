//! The Markdown summary, fit for `$GITHUB_STEP_SUMMARY`. The main type is [`MarkdownSink`];
//! [`render_markdown`] builds the text.
//!
//! Every piece of run data is either escaped with [`escape_markdown`], put in a code span with
//! `|` escaped, or put in a fenced block longer than any backtick run it holds, so response
//! bodies and rule ids can neither break the layout nor inject HTML; all three (in
//! `super::escape`) also show control characters as visible escapes.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use crate::errors::ReportError;
use crate::model::{CaseRecord, RunReport};
use crate::sink::{append_file, create_file, ReportSink};
use crate::text::{one_line, truncate};

use super::data::{outcome_label, outcome_reason, pointer, SummaryData};
use super::escape::{case_anchor, code, escape_markdown, fenced};
use super::SummaryOptions;

/// Longest response body shown per exchange, in characters.
const BODY_MAX_CHARS: usize = 1_000;
/// Longest message or reason shown inline, in characters.
const TEXT_MAX_CHARS: usize = 300;

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

impl ReportSink for MarkdownSink {
    fn case_finished(&mut self, _case: &CaseRecord) -> Result<(), ReportError> {
        Ok(())
    }

    fn run_finished(&mut self, report: &RunReport) -> Result<(), ReportError> {
        let Some(mut file) = self.file.take() else {
            return Ok(());
        };
        let text = render_markdown(report, &self.options);
        file.write_all(text.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|e| ReportError::io("write", &self.path, e))
    }
}

/// Renders the Markdown summary of `report`.
pub fn render_markdown(report: &RunReport, options: &SummaryOptions) -> String {
    let data = SummaryData::new(report, options);
    let mut out = String::new();
    header(&mut out, &data);
    matrix(&mut out, &data);
    findings(&mut out, &data, options);
    slowest(&mut out, &data);
    skipped(&mut out, &data);
    details(&mut out, &data);
    out
}

/// Title, run facts and totals.
fn header(out: &mut String, data: &SummaryData<'_>) {
    let info = &data.report.info;
    let totals = &data.totals;
    let verdict = if totals.is_success() {
        "✅ nhost-conformance passed"
    } else {
        "❌ nhost-conformance failed"
    };
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
    out.push_str(
        "| Passed | Failed | Expected failures | Unexpected passes | Not covered | Flaky | Not run | Total |\n",
    );
    out.push_str("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
        totals.passed,
        totals.failed,
        totals.expected_failures,
        totals.unexpected_passes,
        totals.not_covered,
        totals.flaky,
        totals.not_run,
        totals.total
    );
}

/// The conformance matrix table.
fn matrix(out: &mut String, data: &SummaryData<'_>) {
    out.push_str("### Conformance matrix\n\n");
    if data.matrix.rows.is_empty() {
        out.push_str("_No rule was exercised._\n\n");
        return;
    }
    out.push_str(
        "| Rule | Exercised | Passed | Failed | Expected | Not covered | First failure |\n",
    );
    out.push_str("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for row in &data.matrix.rows {
        let first = row
            .first_failure
            .as_deref()
            .map_or_else(|| "–".to_owned(), case_link);
        let mark = if row.failed > row.expected_failures {
            "❌ "
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| {mark}{} | {} | {} | {} | {} | {} | {first} |",
            code(&row.rule),
            row.exercised,
            row.passed,
            row.failed,
            row.expected_failures,
            row.not_covered,
        );
    }
    out.push('\n');
}

/// Findings grouped by rule.
fn findings(out: &mut String, data: &SummaryData<'_>, options: &SummaryOptions) {
    if data.findings.is_empty() {
        return;
    }
    out.push_str("### Findings by rule\n\n");
    for group in &data.findings {
        let count = group.findings.len();
        let plural = if count == 1 { "finding" } else { "findings" };
        let _ = writeln!(out, "**{}** · {count} {plural}\n", code(&group.rule));
        for entry in group.findings.iter().take(options.max_findings_per_rule) {
            let expected = if entry.expected { " _(expected)_" } else { "" };
            let _ = writeln!(
                out,
                "- {} at {}: {}{expected}",
                case_link(&entry.case),
                code(pointer(&entry.pointer)),
                escape_markdown(&one_line(&entry.message, TEXT_MAX_CHARS)),
            );
        }
        if count > options.max_findings_per_rule {
            let _ = writeln!(
                out,
                "- … and {} more",
                count - options.max_findings_per_rule
            );
        }
        out.push('\n');
    }
}

/// The slowest operations table.
fn slowest(out: &mut String, data: &SummaryData<'_>) {
    if data.slowest.is_empty() {
        return;
    }
    out.push_str("### Slowest operations\n\n");
    out.push_str("| # | Operation | Case | Status | Time |\n");
    out.push_str("| ---: | --- | --- | ---: | ---: |\n");
    for (index, op) in data.slowest.iter().enumerate() {
        let status = op.status.map_or_else(|| "–".to_owned(), |s| s.to_string());
        let _ = writeln!(
            out,
            "| {} | {} {} | {} | {status} | {:.1} ms |",
            index + 1,
            code(&op.operation),
            escape_markdown(&op.method),
            code(&op.case),
            op.elapsed_ms,
        );
    }
    out.push('\n');
}

/// Expected failures and not-covered cases, grouped by reason.
fn skipped(out: &mut String, data: &SummaryData<'_>) {
    if data.skipped.is_empty() {
        return;
    }
    out.push_str("### Expected failures and not covered\n\n");
    out.push_str("| Outcome | Reason | Cases | First case |\n");
    out.push_str("| --- | --- | ---: | --- |\n");
    for group in &data.skipped {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            group.label,
            escape_markdown(&one_line(&group.reason, TEXT_MAX_CHARS)),
            group.count,
            code(&group.first_case),
        );
    }
    out.push('\n');
}

/// Each failing case: findings, input, exchanges and the command that re-runs it.
fn details(out: &mut String, data: &SummaryData<'_>) {
    if data.details.is_empty() {
        return;
    }
    out.push_str("### Failures and how to re-run them\n\n");
    for case in &data.details {
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
            fenced(out, "json", &pretty);
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
                fenced(out, "sh", &exchange.curl);
                if let Some(body) = &exchange.response_body {
                    fenced(out, "", &truncate(body, BODY_MAX_CHARS));
                }
            }
            out.push_str("</details>\n\n");
        }
        let _ = writeln!(out, "Re-run (seed `{}`):\n", case.seed);
        fenced(out, "sh", &case.rerun);
    }
    if data.hidden_details > 0 {
        let _ = writeln!(
            out,
            "… and {} more failing cases; see the JUnit or NDJSON report.\n",
            data.hidden_details
        );
    }
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
            "### Conformance matrix",
            "### Findings by rule",
            "### Slowest operations",
            "### Expected failures and not covered",
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
            "| ❌ `/$defs/User/properties/locale:type` | 1 | 0 | 1 | 0 | 0 | \
             [`signup::roundtrip::case_0001`](#case-signup.roundtrip.case_0001) |"
        );
        assert_eq!(rows[1], "| `a\\|b` | 2 | 2 | 0 | 0 | 0 | – |");
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

    #[test]
    fn untrusted_text_cannot_escape_its_block() {
        let text = render_markdown(&failing_run(), &SummaryOptions::default());
        assert!(text.contains("expected string \\<b\\>"));
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
        assert!(!text.contains("### Findings by rule"));
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
