//! The summaries' "Unique failures" section: the failed cases grouped by failure signature
//! ([`crate::unique_failures`]), one row per signature with the case that stands for it (the
//! one that was shrunk), how many cases failed that way, and why its shrinking stopped short.
//! Shown after the failing rules, when the run grouped its failures (a case carries an
//! [`results::Investigation`]): a report from before grouping would list every failed case.

use std::fmt::Write as _;

use crate::derived::{unique_failures, UniqueFailure};
use crate::model::RunReport;
use crate::text::one_line;

use super::budget::Section;
use super::escape::{case_anchor, code, escape_html, escape_markdown};

/// Characters of a label or a reason in a row.
const TEXT_CHARS: usize = 200;

/// The unique failures of a run that grouped its failures, or none.
fn of(report: &RunReport) -> Vec<UniqueFailure> {
    if report.cases.iter().any(|c| c.investigation.is_some()) {
        unique_failures(report)
    } else {
        Vec::new()
    }
}

/// The section's title: `Unique failures (3 signatures, 35 failed cases)`.
fn title(unique: &[UniqueFailure]) -> String {
    let cases: usize = unique.iter().map(|u| u.cases.len()).sum();
    format!(
        "Unique failures ({} signature{}, {cases} failed case{})",
        unique.len(),
        if unique.len() == 1 { "" } else { "s" },
        if cases == 1 { "" } else { "s" }
    )
}

/// Why the representative was not shrunk to its end, or `to its minimum`.
fn shrunk(u: &UniqueFailure) -> &str {
    u.unfinished.as_deref().unwrap_or("to its minimum")
}

/// The Markdown section (one block per row, so the summary's size budget may cut rows).
pub(crate) fn markdown(report: &RunReport) -> Section {
    let mut section = Section::new("unique failures");
    let unique = of(report);
    if unique.is_empty() {
        return section;
    }
    let _ = writeln!(
        section.head(),
        "### {}\n\nEach signature's first case was re-run and shrunk; the others are recorded as the same failure.\n\n| failure | cases | shrunk case | shrinking |\n|---|---|---|---|",
        title(&unique)
    );
    for u in &unique {
        section.block(format!(
            "| {} | {} | [{}](#{}) | {} |\n",
            escape_markdown(&one_line(&u.label, TEXT_CHARS)),
            u.cases.len(),
            code(&u.representative),
            case_anchor(&u.representative),
            escape_markdown(&one_line(shrunk(u), TEXT_CHARS))
        ));
    }
    section.tail().push('\n');
    section
}

/// The HTML section.
pub(crate) fn html(out: &mut String, report: &RunReport) {
    let unique = of(report);
    if unique.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"unique-failures\">\n<h2>{}</h2>\n<p>Each signature's first case was re-run and shrunk; the others are recorded as the same failure.</p>\n<table>\n<tr><th>failure</th><th>cases</th><th>shrunk case</th><th>shrinking</th></tr>",
        escape_html(&title(&unique))
    );
    for u in &unique {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td><a href=\"#{}\"><code>{}</code></a></td><td>{}</td></tr>",
            escape_html(&one_line(&u.label, TEXT_CHARS)),
            u.cases.len(),
            case_anchor(&u.representative),
            escape_html(&u.representative),
            escape_html(&one_line(shrunk(u), TEXT_CHARS))
        );
    }
    out.push_str("</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{case, report};
    use results::{Investigation, Outcome};

    #[test]
    fn both_sections_name_each_signature_once_with_its_shrunk_case() {
        let mut cases = Vec::new();
        for (name, same_as) in [
            ("signup::roundtrip::case_0001", None),
            (
                "signup::roundtrip::case_0002",
                Some("signup::roundtrip::case_0001"),
            ),
        ] {
            let mut c = case(
                name,
                Outcome::Failed,
                &["http:status"],
                &[("http:status", "", "m")],
            );
            c.investigation = Some(Investigation {
                signature: "00000000000000aa".to_owned(),
                label: "sign_up 5xx: http:status | <b>".to_owned(),
                same_as: same_as.map(str::to_owned),
                ..Investigation::default()
            });
            cases.push(c);
        }
        let r = report(cases);
        let mut md = String::new();
        markdown(&r).render(&mut md);
        assert!(
            md.contains("Unique failures (1 signature, 2 failed cases)"),
            "{md}"
        );
        assert!(md.contains("[`signup::roundtrip::case_0001`](#"), "{md}");
        assert!(
            !md.contains("case_0002"),
            "the representative stands for both: {md}"
        );
        assert!(
            md.contains(r"http:status \| <b>") || md.contains(r"http:status \| \<b>"),
            "{md}"
        );
        let mut html_text = String::new();
        html(&mut html_text, &r);
        assert!(html_text.contains("&lt;b&gt;") && html_text.contains("to its minimum"));
        let empty = report(vec![
            case("a::b::case_0001", Outcome::Passed, &[], &[]),
            case(
                "a::b::case_0002",
                Outcome::Failed,
                &["r"],
                &[("r", "", "before grouping")],
            ),
        ]);
        let mut nothing = String::new();
        markdown(&empty).render(&mut nothing);
        html(&mut nothing, &empty);
        assert!(nothing.is_empty(), "{nothing}");
    }
}
