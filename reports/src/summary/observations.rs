//! The observations section of both summaries: what the target did where the documentation
//! allows more than one answer (a limit that differs between service versions), grouped by rule.
//! Information only: observations never fail a case. The main items are [`markdown`] and
//! [`html`].

use std::fmt::Write as _;

use crate::model::RunReport;
use crate::text::one_line;

use super::escape::{code, escape_html, escape_markdown};

/// How many observations each rule lists in full.
const SHOWN_PER_RULE: usize = 10;
/// Longest observation message shown, in characters.
const TEXT_MAX_CHARS: usize = 300;

/// One rule's observations: `(case name, message)` in report order.
struct Group<'a> {
    rule: &'a str,
    seen: Vec<(&'a str, &'a str)>,
}

/// The observations of `report`, grouped by rule in order of first appearance.
fn groups(report: &RunReport) -> Vec<Group<'_>> {
    let mut out: Vec<Group<'_>> = Vec::new();
    for case in &report.cases {
        for o in &case.observations {
            let seen = (case.name.as_str(), o.message.as_str());
            match out.iter_mut().find(|g| g.rule == o.rule) {
                Some(g) => g.seen.push(seen),
                None => out.push(Group {
                    rule: &o.rule,
                    seen: vec![seen],
                }),
            }
        }
    }
    out
}

/// The Markdown section (nothing when the run made no observation).
pub(crate) fn markdown(out: &mut String, report: &RunReport) {
    let groups = groups(report);
    if groups.is_empty() {
        return;
    }
    out.push_str("### Observations (information, not failures)\n\n");
    for g in groups {
        let _ = writeln!(
            out,
            "- {} ×{} · {}",
            code(g.rule),
            g.seen.len(),
            escape_markdown(&one_line(report.rule_description(g.rule), TEXT_MAX_CHARS))
        );
        for (case, message) in g.seen.iter().take(SHOWN_PER_RULE) {
            let _ = writeln!(
                out,
                "  - {}: {}",
                code(case),
                escape_markdown(&one_line(message, TEXT_MAX_CHARS))
            );
        }
        if g.seen.len() > SHOWN_PER_RULE {
            let _ = writeln!(out, "  - … and {} more", g.seen.len() - SHOWN_PER_RULE);
        }
    }
    out.push('\n');
}

/// The HTML section (nothing when the run made no observation).
pub(crate) fn html(out: &mut String, report: &RunReport) {
    let groups = groups(report);
    if groups.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"observations\">\n<h3>Observations (information, not failures)</h3>\n<ul>\n",
    );
    for g in groups {
        let _ = write!(
            out,
            "<li><code>{}</code> ×{} {}\n<ul>\n",
            escape_html(g.rule),
            g.seen.len(),
            escape_html(&one_line(report.rule_description(g.rule), TEXT_MAX_CHARS)),
        );
        for (case, message) in g.seen.iter().take(SHOWN_PER_RULE) {
            let _ = writeln!(
                out,
                "<li><code>{}</code>: {}</li>",
                escape_html(case),
                escape_html(&one_line(message, TEXT_MAX_CHARS)),
            );
        }
        if g.seen.len() > SHOWN_PER_RULE {
            let _ = writeln!(out, "<li>… and {} more</li>", g.seen.len() - SHOWN_PER_RULE);
        }
        out.push_str("</ul>\n</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Finding;
    use crate::testutil;

    #[test]
    fn observations_are_listed_escaped_and_absent_without_any() {
        let mut report = testutil::report(vec![testutil::case(
            "boundary::requests::case_0001",
            crate::model::Outcome::Passed,
            &[],
            &[],
        )]);
        let (mut md, mut page) = (String::new(), String::new());
        markdown(&mut md, &report);
        html(&mut page, &report);
        assert!(md.is_empty() && page.is_empty());
        report.cases[0].observations.push(Finding {
            rule: "boundary:version-dependent".into(),
            pointer: String::new(),
            message: "sign_up answered HTTP 200 to <b>|`x`|\u{1b}".into(),
        });
        markdown(&mut md, &report);
        html(&mut page, &report);
        assert!(md.contains("`boundary:version-dependent` ×1"), "{md}");
        // Markdown: the tag is escaped (shown, never rendered), the control character made visible.
        assert!(!md.contains('\u{1b}') && md.contains("\\<b>"), "{md}");
        assert!(
            page.contains("<code>boundary:version-dependent</code> ×1"),
            "{page}"
        );
        assert!(!page.contains("<b>") && !page.contains('\u{1b}'), "{page}");
    }
}
