//! The history as Markdown, fit for `$GITHUB_STEP_SUMMARY`: [`render_history_markdown`]. The
//! same groups as the HTML page, each rule's runs as a row of symbols in a code span; cut like
//! the run summary to stay under a size, the groups of failing rules before the runs table and
//! the passing rules.

use std::fmt::Write as _;

use crate::summary::budget::{fit, Section};
use crate::summary::escape::{code, escape_markdown};
use crate::text::one_line;

use super::trend::{History, RuleHistory, Trend};
use super::{run_label, strip_symbol, STRIP_LEGEND};

/// Longest description shown, in characters.
const DESCRIPTION_CHARS: usize = 160;

/// Renders the history as Markdown, at most `max_bytes` long.
pub fn render_history_markdown(history: &History, max_bytes: usize) -> String {
    let mut head = Section::new("lines");
    let counts: Vec<String> = Trend::ALL
        .iter()
        .map(|t| format!("{} {}", history.group(*t).count(), t.label()))
        .collect();
    let _ = writeln!(
        head.head(),
        "## nhost-conformance history: {} runs\n\n{}{}.\n\nEach rule's runs, oldest first: {STRIP_LEGEND}.\n",
        history.runs.len(),
        counts.join(" · "),
        if history.in_time_order() {
            ""
        } else {
            " (not every run has a start time: runs in the order given)"
        },
    );
    let mut sections = vec![head];
    for trend in [
        Trend::NewlyFailing,
        Trend::Flipping,
        Trend::Fixed,
        Trend::StillFailing,
    ] {
        sections.push(group(history, trend));
    }
    sections.push(runs(history));
    sections.push(others(history));
    fit(&mut sections, max_bytes);
    let mut out = String::new();
    for section in &sections {
        section.render(&mut out);
    }
    out
}

/// One group's table: every rule stays (cut to one line when the page is too long).
fn group(history: &History, trend: Trend) -> Section {
    let mut section = Section::new("rules");
    let rules: Vec<&RuleHistory> = history.group(trend).collect();
    if rules.is_empty() {
        return section;
    }
    let (title, columns) = match trend {
        Trend::NewlyFailing => ("❌ Newly failing", "Failing since | Last passing run"),
        Trend::Flipping => ("⚠️ Flipping (flaky across runs)", "Flips | Failed in"),
        Trend::Fixed => ("✅ Fixed", "Last failing run | Passing since"),
        _ => ("Still failing", "First failing run | Last passing run"),
    };
    let _ = writeln!(
        section.head(),
        "### {title} ({})\n\n| Rule | Description | {columns} | Runs |\n| --- | --- | --- | --- | --- |",
        rules.len()
    );
    let label = |run: Option<usize>| {
        run.map_or_else(
            || "–".to_owned(),
            |i| escape_markdown(&run_label(i, &history.runs[i])),
        )
    };
    for rule in rules {
        let (a, b) = super::trend_cells(history, trend, rule, label);
        let strip = strip(rule);
        section.block_or(
            format!(
                "| {} | {} | {a} | {b} | {} |\n",
                code(&rule.rule),
                escape_markdown(&one_line(
                    history.description(&rule.rule),
                    DESCRIPTION_CHARS
                )),
                code(&strip),
            ),
            format!(
                "| {} | | {a} | {b} | {} |\n",
                code(&rule.rule),
                code(&strip)
            ),
        );
    }
    section.tail().push('\n');
    section
}

/// The runs: when, against what, and how each fared.
fn runs(history: &History) -> Section {
    let mut section = Section::new("runs");
    section.head().push_str(
        "### Runs\n\n| Run | Target | Cases | Failed | Not covered | Failing rules | Coverage |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (index, run) in history.runs.iter().enumerate() {
        let t = &run.totals;
        let target = run
            .info
            .as_ref()
            .map_or_else(|| "no run line".to_owned(), |i| i.target.clone());
        section.block(format!(
            "| {} | {} | {} | {} | {} | {} | {:.0}% |\n",
            escape_markdown(&run_label(index, run)),
            code(&target),
            t.total,
            t.failed + t.unexpected_passes,
            t.not_covered + t.not_run,
            run.failing_rules(),
            run.coverage_percent(),
        ));
    }
    section.tail().push('\n');
    section
}

/// The passing and not judged rules, folded.
fn others(history: &History) -> Section {
    let mut section = Section::new("rules");
    let rules: Vec<&RuleHistory> = history
        .group(Trend::Passing)
        .chain(history.group(Trend::NotJudged))
        .collect();
    if rules.is_empty() {
        return section;
    }
    let _ = writeln!(
        section.head(),
        "<details><summary>Passing and not judged rules ({})</summary>\n\n| Rule | Trend | Runs |\n| --- | --- | --- |",
        rules.len()
    );
    for rule in rules {
        section.block(format!(
            "| {} | {} | {} |\n",
            code(&rule.rule),
            rule.trend.label(),
            code(&strip(rule))
        ));
    }
    section.tail().push_str("\n</details>\n\n");
    section
}

/// A rule's status in each run as symbols.
fn strip(rule: &RuleHistory) -> String {
    rule.statuses.iter().map(|s| strip_symbol(*s).0).collect()
}
