//! The history as one self-contained HTML page: [`render_history_html`].
//!
//! Each group of rules is a `<section id="GROUP">` (`newly-failing`, `flipping`, `fixed`,
//! `still-failing`) with a table of `<tr class="rule-trend" data-rule="RULE" data-trend="GROUP">`
//! rows; each row ends with the rule's status in every run, oldest first, as symbols whose
//! colour repeats what the symbol says.

use std::fmt::Write as _;

use crate::charts::bars::{outcome_bars, MAX_BARS};
use crate::charts::lines::{Line, LineChart};
use crate::charts::palette::{SKY, VERMILLION};
use crate::summary::escape_html;
use crate::summary::html::STYLE;

use super::trend::{History, RuleHistory, Trend};
use super::{run_label, strip_symbol};

/// What the history page adds to the summaries' style sheet.
const HISTORY_STYLE: &str = r#"
td.strip { font: 13px/1.2 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: nowrap; }
td.strip span { display: inline-block; width: 1.2em; text-align: center; }
.s-failed { color: #d55e00; font-weight: bold; } .s-passed { color: #009e73; }
.s-flaky { color: #9a6700; } .s-expected { color: #b07d00; } .s-not-covered { color: #0072b2; }
.s-absent { color: #8c959f; }
li.newly-failing b, li.still-failing b { color: var(--fail); } li.fixed b, li.passing b { color: var(--pass); }
li.flipping b { color: var(--warn); }
"#;

/// Renders the history page.
pub fn render_history_html(history: &History) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>nhost-conformance history: {} runs</title>\n<style>{STYLE}{HISTORY_STYLE}</style>\n\
         </head>\n<body>\n",
        history.runs.len()
    );
    header(&mut out, history);
    for trend in [
        Trend::NewlyFailing,
        Trend::Flipping,
        Trend::Fixed,
        Trend::StillFailing,
    ] {
        group(&mut out, history, trend);
    }
    runs(&mut out, history);
    let rest: Vec<&RuleHistory> = history
        .group(Trend::Passing)
        .chain(history.group(Trend::NotJudged))
        .collect();
    if !rest.is_empty() {
        let _ = writeln!(
            out,
            "<details id=\"other-rules\">\n<summary>Passing and not judged rules ({})</summary>",
            rest.len()
        );
        rule_table(&mut out, history, Trend::Passing, &rest);
        out.push_str("</details>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Title, the span of runs, and one tile per group.
fn header(out: &mut String, history: &History) {
    let first = history.runs.first().map(|r| r.started_at()).unwrap_or("");
    let last = history.runs.last().map(|r| r.started_at()).unwrap_or("");
    let _ = writeln!(
        out,
        "<header>\n<h1>nhost-conformance history</h1>\n<p class=\"muted\">{} runs, from {} to {}{}. \
         A rule's trend is what its verdicts did, oldest to newest: runs where it was not \
         covered, not mentioned or failed only as expected give no verdict.</p>\n</header>",
        history.runs.len(),
        escape_html(if first.is_empty() { "?" } else { first }),
        escape_html(if last.is_empty() { "?" } else { last }),
        if history.in_time_order() {
            ""
        } else {
            " (not every run has a start time: in the order given)"
        },
    );
    out.push_str("<section id=\"trends\">\n<ul class=\"totals\">\n");
    for trend in Trend::ALL {
        let _ = writeln!(
            out,
            "<li class=\"{}\"><b>{}</b>{}</li>",
            trend_id(trend),
            history.group(trend).count(),
            trend.label()
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// One group's table, when it has rules.
fn group(out: &mut String, history: &History, trend: Trend) {
    let rules: Vec<&RuleHistory> = history.group(trend).collect();
    if rules.is_empty() {
        return;
    }
    let title = match trend {
        Trend::NewlyFailing => "Newly failing",
        Trend::Flipping => "Flipping (flaky across runs)",
        Trend::Fixed => "Fixed",
        _ => "Still failing",
    };
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{title} ({})</h2>",
        trend_id(trend),
        rules.len()
    );
    rule_table(out, history, trend, &rules);
    out.push_str("</section>\n");
}

/// A table of rules with the columns that matter for `trend`.
fn rule_table(out: &mut String, history: &History, trend: Trend, rules: &[&RuleHistory]) {
    let label = |run: Option<usize>| {
        run.map_or_else(
            || "–".to_owned(),
            |i| escape_html(&run_label(i, &history.runs[i])),
        )
    };
    let columns = match trend {
        Trend::NewlyFailing => "<th>Failing since</th><th>Last passing run</th>",
        Trend::Fixed => "<th>Last failing run</th><th>Passing since</th>",
        Trend::Flipping => "<th>Flips</th><th>Failed in</th>",
        _ => "<th>First failing run</th><th>Last passing run</th>",
    };
    let _ = writeln!(
        out,
        "<div class=\"table-scroll\"><table>\n<thead><tr><th>Rule</th><th>Description</th>{columns}\
         <th>Runs, oldest first</th></tr></thead>\n<tbody>"
    );
    for rule in rules {
        let (a, b) = super::trend_cells(history, trend, rule, label);
        let _ = write!(
            out,
            "<tr class=\"rule-trend\" data-rule=\"{id}\" data-trend=\"{}\"><td><code>{id}</code></td>\
             <td>{}</td><td>{a}</td><td>{b}</td><td class=\"strip\">",
            trend_id(rule.trend),
            escape_html(history.description(&rule.rule)),
            id = escape_html(&rule.rule),
        );
        for (index, status) in rule.statuses.iter().enumerate() {
            let (symbol, name) = strip_symbol(*status);
            let _ = write!(
                out,
                "<span class=\"s-{name}\" title=\"{}: {}\">{symbol}</span>",
                escape_html(&run_label(index, &history.runs[index])),
                name.replace('-', " ")
            );
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// The charts of failures and coverage per run, and the runs table.
fn runs(out: &mut String, history: &History) {
    out.push_str("<section id=\"runs\">\n<h2>Runs</h2>\n");
    // The latest runs, if there are more than a chart holds.
    let skip = history.runs.len().saturating_sub(MAX_BARS);
    let bars: Vec<(String, crate::derived::Totals)> = history
        .runs
        .iter()
        .enumerate()
        .skip(skip)
        .map(|(i, run)| (run_label(i, run), run.totals))
        .collect();
    let description = format!(
        "One bar per run ({} runs{}, oldest on top), its cases stacked by outcome: failures in \
         vermillion, cases that reached no verdict (not covered, not run) in blue and grey. The \
         table below gives the same counts.",
        bars.len(),
        if skip > 0 { ", the latest" } else { "" }
    );
    if let Some(figure) = outcome_bars("runs", "Cases per run", &description, &bars) {
        out.push_str(&figure.html());
    }
    let labels: Vec<String> = (0..history.runs.len())
        .map(|i| format!("#{}", i + 1))
        .collect();
    let format = |v: f64| {
        let i = v.round();
        if (v - i).abs() < 0.05 && i >= 0.0 {
            labels.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let chart = LineChart {
        id: "failures-coverage",
        title: "Failures and coverage per run".to_owned(),
        description: "For each run, oldest first: how many rules some case failed (left axis) \
                      and the share of its cases that reached a verdict, in percent (right \
                      axis). The table below gives the same figures."
            .to_owned(),
        x_desc: "run",
        x_format: &format,
        left_desc: "rules",
        left: vec![Line {
            label: "failing rules".to_owned(),
            color: VERMILLION,
            points: history
                .runs
                .iter()
                .enumerate()
                .map(|(i, r)| (i as f64, r.failing_rules() as f64))
                .collect(),
        }],
        right_desc: "% of cases",
        right: vec![Line {
            label: "coverage".to_owned(),
            color: SKY,
            points: history
                .runs
                .iter()
                .enumerate()
                .map(|(i, r)| (i as f64, r.coverage_percent()))
                .collect(),
        }],
        right_max: Some(100.0),
    };
    if let Some(figure) = chart.figure() {
        out.push_str(&figure.html());
    }
    out.push_str(
        "<div class=\"table-scroll\"><table id=\"run-table\">\n<thead><tr><th>Run</th><th>Target</th><th>Seed</th>\
         <th>Cases</th><th>Failed</th><th>Not covered</th><th>Failing rules</th><th>Coverage</th>\
         <th>Read from</th></tr></thead>\n<tbody>\n",
    );
    for (index, run) in history.runs.iter().enumerate() {
        let t = &run.totals;
        let (target, seed) = run.info.as_ref().map_or_else(
            || ("no run line".to_owned(), "–".to_owned()),
            |i| (i.target.clone(), i.seed.to_string()),
        );
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td><code>{seed}</code></td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{:.0}%</td><td><code>{}</code></td></tr>",
            escape_html(&run_label(index, run)),
            escape_html(&target),
            t.total,
            t.failed + t.unexpected_passes,
            t.not_covered + t.not_run,
            run.failing_rules(),
            run.coverage_percent(),
            escape_html(&run.source),
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// The HTML id of a group (`newly-failing`).
fn trend_id(trend: Trend) -> String {
    trend.label().replace(' ', "-")
}
