//! The "Contract drift" section of both summaries: each difference between what the target
//! sent and the contract in force, then (folded) the shape observed per response type. The
//! main functions are [`markdown`] and [`html`], called by the two renderers.
//!
//! Paths and examples come from the target: every one is escaped like any other run data.

use std::fmt::Write as _;

use results::drift::percent;
use results::{Drift, DriftDifference, FieldShape};

use super::escape::{code, escape_html, escape_markdown};

/// The line under the title: what the section is and that it fails nothing.
const NOTE: &str = "What the target sent, compared with the contract in force. Information only: \
     a difference fails nothing by itself (one that breaks a rule is failed by the cases that saw it).";

/// The difference in words without its leading `` `path` `` (the path has a column).
fn words(d: &DriftDifference) -> &str {
    d.message
        .strip_prefix(&format!("`{}` ", d.path))
        .unwrap_or(&d.message)
}

/// `string 60%, null 40%`.
fn types(field: &FieldShape) -> String {
    field
        .types
        .iter()
        .map(|(t, n)| format!("{t} {}%", percent(*n, field.present)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `uuid 100%` for the formats every string or most strings satisfy.
fn formats(field: &FieldShape) -> String {
    let strings = field.count("string");
    field
        .formats
        .iter()
        .map(|(f, n)| format!("{f} {}%", percent(*n, strings)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Markdown section (nothing when the run observed no answer).
pub(super) fn markdown(out: &mut String, drift: Option<&Drift>) {
    let Some(drift) = drift.filter(|d| !d.is_empty()) else {
        return;
    };
    let _ = writeln!(
        out,
        "### Contract drift from {}\n\n{NOTE}\n",
        code(&drift.contract)
    );
    if drift.differences.is_empty() {
        out.push_str("No difference: every answer had the contract's shape.\n\n");
    } else {
        out.push_str("| Response | Path | Difference | Rule |\n| --- | --- | --- | --- |\n");
        for d in &drift.differences {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape_markdown(&d.response),
                code(&d.path),
                escape_markdown(words(d)),
                d.rule.as_deref().map_or_else(|| "–".to_owned(), code)
            );
        }
        out.push('\n');
    }
    for shape in &drift.shapes {
        let _ = writeln!(
            out,
            "<details><summary>{} shape: {} answer(s), {} path(s)</summary>\n\n\
             | Path | Present | Types | Formats | Example |\n| --- | ---: | --- | --- | --- |",
            escape_markdown(&shape.response),
            shape.answers,
            shape.fields.len()
        );
        for f in &shape.fields {
            let _ = writeln!(
                out,
                "| {} | {}% of {} | {} | {} | {} |",
                code(&f.path),
                percent(f.present, f.of),
                f.of,
                escape_markdown(&types(f)),
                escape_markdown(&formats(f)),
                f.example.as_deref().map_or_else(String::new, code)
            );
        }
        out.push_str("\n</details>\n\n");
    }
}

/// The HTML section (nothing when the run observed no answer).
pub(super) fn html(out: &mut String, drift: Option<&Drift>) {
    let Some(drift) = drift.filter(|d| !d.is_empty()) else {
        return;
    };
    let _ = writeln!(
        out,
        "<section id=\"drift\">\n<h2>Contract drift from <code>{}</code></h2>\n<p>{}</p>",
        escape_html(&drift.contract),
        escape_html(NOTE)
    );
    if drift.differences.is_empty() {
        out.push_str("<p>No difference: every answer had the contract's shape.</p>\n");
    } else {
        out.push_str(
            "<table>\n<thead><tr><th>Response</th><th>Path</th><th>Difference</th><th>Rule</th></tr></thead>\n<tbody>\n",
        );
        for d in &drift.differences {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                escape_html(&d.response),
                escape_html(&d.path),
                escape_html(words(d)),
                d.rule.as_deref().map_or_else(
                    || "–".to_owned(),
                    |r| format!("<code>{}</code>", escape_html(r))
                )
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for shape in &drift.shapes {
        let _ = writeln!(
            out,
            "<details><summary>{} shape: {} answer(s), {} path(s)</summary>\n<table>\n\
             <thead><tr><th>Path</th><th>Present</th><th>Types</th><th>Formats</th><th>Example</th></tr></thead>\n<tbody>",
            escape_html(&shape.response),
            shape.answers,
            shape.fields.len()
        );
        for f in &shape.fields {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td class=\"num\">{}% of {}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                escape_html(&f.path),
                percent(f.present, f.of),
                f.of,
                escape_html(&types(f)),
                escape_html(&formats(f)),
                escape_html(f.example.as_deref().unwrap_or(""))
            );
        }
        out.push_str("</tbody>\n</table>\n</details>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use results::{DriftKind, ResponseShape};

    use super::*;

    fn hostile() -> Drift {
        let path = "user.<script>|`x`\u{1b}[31m";
        Drift {
            contract: "published".into(),
            shapes: vec![ResponseShape {
                response: "User".into(),
                answers: 2,
                fields: vec![FieldShape {
                    path: path.into(),
                    present: 1,
                    of: 2,
                    types: [("string".to_owned(), 1)].into(),
                    formats: [("empty".to_owned(), 1)].into(),
                    example: Some("\"</td><img src=x>|`\"".into()),
                }],
            }],
            differences: vec![DriftDifference {
                response: "User".into(),
                path: path.into(),
                kind: DriftKind::NotInContract,
                rule: None,
                message: format!("`{path}` sent in 50% of answers, not in the contract"),
            }],
        }
    }

    #[test]
    fn target_controlled_text_cannot_break_either_summary() {
        let drift = hostile();
        let mut md = String::new();
        markdown(&mut md, Some(&drift));
        assert!(md.contains("### Contract drift from `published`"), "{md}");
        assert!(
            md.contains("sent in 50% of answers, not in the contract"),
            "{md}"
        );
        // Target text sits in code spans (where Markdown renders no HTML), pipes escaped.
        assert!(md.contains("``user.<script>\\|`x`\\u{1b}[31m``"), "{md}");
        assert!(!md.contains('\u{1b}'), "{md}");
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
        assert_eq!(
            rows[2].split(" | ").count(),
            rows[0].split(" | ").count(),
            "{md}"
        );
        assert_eq!(
            rows[5].split(" | ").count(),
            rows[3].split(" | ").count(),
            "{md}"
        );
        let mut page = String::new();
        html(&mut page, Some(&drift));
        assert!(page.contains("<section id=\"drift\">"), "{page}");
        assert!(
            !page.contains("<script>") && !page.contains("<img"),
            "{page}"
        );
    }

    #[test]
    fn no_observation_no_section() {
        let mut out = String::new();
        markdown(&mut out, None);
        html(&mut out, Some(&Drift::default()));
        assert!(out.is_empty());
    }
}
