//! The HTML summary: one self-contained page (inline CSS, no scripts, no external resources).
//! The main type is [`HtmlSink`]; [`render_html`] builds the page.
//!
//! The matrix is `<table id="matrix">` with one `<tr class="rule-row" data-rule="RULE"
//! data-status="...">` per rule; a failing rule links to `#case-…` (see
//! [`case_anchor`](super::case_anchor)) of its first failure. Every piece of run data goes
//! through [`escape_html`], so response bodies cannot inject markup.

use results::{EventSink, RunEvent, RunEventKind, SinkError};
use std::fmt::Write as _;
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use crate::charts::bars::{outcome_bars, MAX_BARS};
use crate::charts::grid::{grid_chart, RuleGrid};
use crate::charts::latency::latency_chart;
use crate::charts::lines::{Line, LineChart};
use crate::charts::palette::{BLUE, ORANGE, VERMILLION};
use crate::errors::ReportError;
use crate::model::{CaseRecord, FuzzRound, Outcome, RunReport};
use crate::sink::{create_file, write_once};
use crate::text::truncate;

use super::data::{outcome_label, outcome_reason, pointer, SkipGroup, SummaryData};
use super::escape::{case_anchor, escape_html};
use super::SummaryOptions;

/// Longest response or request body shown per exchange, in characters.
const BODY_MAX_CHARS: usize = 4_000;
/// How many other failing cases a failing rule links to.
const OTHER_CASES: usize = 5;

/// The page's style sheet.
pub(crate) const STYLE: &str = r#"
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; margin: 0 auto; padding: 24px; max-width: 1200px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 15px; margin: 0 0 8px; }
h4 { font-size: 13px; margin: 12px 0 4px; color: var(--muted); }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
.verdict { font-size: 14px; padding: 2px 10px; border-radius: 12px; color: #fff; vertical-align: middle; }
.verdict.passed { background: var(--pass); } .verdict.failed, .verdict.not_started { background: var(--fail); }
.verdict.incomplete { background: #b35900; }
ul.facts { margin: 4px 0 12px; padding-left: 20px; overflow-wrap: anywhere; } ul.facts li.alarm { color: var(--fail); }
dl.info { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; color: var(--muted); }
dl.info dt { font-weight: 600; } dl.info dd { margin: 0; }
ul.totals { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; padding: 0; }
ul.totals li { border: 1px solid var(--line); border-radius: 6px; padding: 8px 16px; min-width: 120px; }
ul.totals b { display: block; font-size: 22px; }
li.passed b { color: var(--pass); } li.failed b, li.unexpected b { color: var(--fail); }
li.expected b, li.not-covered b { color: var(--warn); }
td.fail { color: var(--fail); font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr[data-status="failed"] td:first-child { border-left: 4px solid var(--fail); }
tr[data-status="passed"] td:first-child { border-left: 4px solid var(--pass); }
tr[data-status="expected"] td:first-child, tr[data-status="not-covered"] td:first-child { border-left: 4px solid var(--warn); }
.badge { font-size: 12px; padding: 1px 8px; border-radius: 10px; border: 1px solid currentColor; font-weight: normal; }
.badge.failed, .badge.unexpected-pass { color: var(--fail); } .badge.expected-failure, .badge.not-covered { color: var(--warn); }
.badge.passed { color: var(--pass); }
article.case { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
article.case:target { border-color: var(--fail); box-shadow: 0 0 0 3px rgba(207, 34, 46, .2); }
.muted { color: var(--muted); }
dl.info { display: flex; flex-wrap: wrap; gap: 2px 8px; font-size: 13px; } dl.info dd { margin-right: 12px; }
ul.totals li { padding: 4px 12px; min-width: 96px; } ul.totals b { font-size: 18px; }
article.rule { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; padding: 8px 16px; margin: 8px 0; }
article.rule h3 code { font-size: 15px; font-weight: 600; } article.rule p { margin: 4px 0; } p.description { font-size: 15px; }
ul.messages { margin: 4px 0; }
details > summary { cursor: pointer; font-weight: 600; font-size: 16px; margin: 24px 0 8px; }
figure.chart { margin: 12px 0 16px; max-width: 960px; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { color: var(--muted); margin-bottom: 4px; }
ul.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; margin: 4px 0; font-size: 13px; }
ul.legend .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; border: 1px solid rgba(0, 0, 0, .15); }
.table-scroll { overflow-x: auto; }
"#;

/// Writes the HTML summary to a file when the run finishes.
#[derive(Debug)]
pub struct HtmlSink {
    path: PathBuf,
    file: Option<BufWriter<File>>,
    options: SummaryOptions,
}

impl HtmlSink {
    /// Creates (or truncates) the file at `path`, creating missing parent directories.
    pub fn create(path: impl Into<PathBuf>) -> Result<Self, ReportError> {
        let path = path.into();
        let file = create_file(&path)?;
        Ok(Self {
            path,
            file: Some(file),
            options: SummaryOptions::default(),
        })
    }

    /// Uses `options` instead of the defaults.
    pub fn with_options(mut self, options: SummaryOptions) -> Self {
        self.options = options;
        self
    }
}

impl HtmlSink {
    fn write_run(&mut self, report: &RunReport) -> Result<(), ReportError> {
        let options = &self.options;
        write_once(&mut self.file, &self.path, || {
            Ok(render_html(report, options).into_bytes())
        })
    }
}

impl EventSink for HtmlSink {
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), SinkError> {
        if let RunEventKind::RunFinished { report, .. } = &event.kind {
            self.write_run(report)?;
        }
        Ok(())
    }
}

/// Renders the HTML summary page of `report`: failures first, the whole matrix folded at the end.
pub fn render_html(report: &RunReport, options: &SummaryOptions) -> String {
    let data = SummaryData::new(report, options);
    let verdict = crate::Verdict::of(report);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>nhost-conformance: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        verdict.label()
    );
    header(&mut out, &data, verdict);
    totals(&mut out, &data);
    failing(&mut out, &data, options);
    super::unique::html(&mut out, report);
    unexpected(&mut out, &data);
    skipped(
        &mut out,
        "skipped",
        "Not covered, not run and flaky",
        &data.skipped,
    );
    expected(&mut out, &data);
    reactions(&mut out, &data);
    rounds(&mut out, &report.rounds);
    super::observations::html(&mut out, report);
    suites(&mut out, &data);
    matrix(&mut out, &data);
    latency(&mut out, &data);
    slowest(&mut out, &data);
    super::drift::html(&mut out, report.drift.as_ref());
    details(&mut out, &data);
    out.push_str("</body>\n</html>\n");
    out
}

/// Title and run facts, on two compact lines.
fn header(out: &mut String, data: &SummaryData<'_>, verdict: crate::Verdict) {
    let info = &data.report.info;
    let _ = write!(
        out,
        "<header>\n<h1>nhost-conformance <span class=\"verdict {}\">{}</span></h1>\n\
         <dl class=\"info\">\n<dt>Target</dt><dd><code>{}</code></dd>\n\
         <dt>Contract</dt><dd><code>{}</code></dd>\n<dt>Seed</dt><dd><code>{}</code></dd>\n\
         <dt>Started</dt><dd>{}</dd>\n<dt>Duration</dt><dd>{:.2} s</dd>\n\
         <dt>Tool</dt><dd>nhost-conformance {}</dd>\n</dl>\n</header>\n",
        verdict.name(),
        verdict.label(),
        escape_html(&info.target),
        escape_html(&info.contract),
        info.seed,
        escape_html(&info.started_at),
        info.duration_ms / 1000.0,
        escape_html(&info.tool_version),
    );
    let facts = super::facts::run_facts(data.report);
    if !facts.is_empty() {
        out.push_str("<ul class=\"facts\">\n");
        for fact in facts {
            let class = if fact.alarm { " class=\"alarm\"" } else { "" };
            let _ = writeln!(
                out,
                "<li{class}><b>{}</b>: {}</li>",
                escape_html(fact.label),
                escape_html(&fact.text)
            );
        }
        out.push_str("</ul>\n");
    }
}

/// The totals, one tile per outcome.
fn totals(out: &mut String, data: &SummaryData<'_>) {
    let t = &data.totals;
    out.push_str("<section id=\"totals\">\n<ul class=\"totals\">\n");
    for (class, count, label) in [
        ("failed", t.failed, "failed"),
        ("unexpected", t.unexpected_passes, "unexpected passes"),
        ("passed", t.passed, "passed"),
        ("expected", t.expected_failures, "expected failures"),
        ("not-covered", t.not_covered, "not covered"),
        ("not-applicable", t.not_applicable, "not applicable"),
        ("flaky", t.flaky, "flaky"),
        ("not-run", t.not_run, "not run"),
        ("total", t.total, "total"),
    ] {
        let _ = writeln!(out, "<li class=\"{class}\"><b>{count}</b>{label}</li>");
    }
    out.push_str("</ul>\n</section>\n");
}

/// The failing rules: description, count, distinct messages, one example, the re-run line.
fn failing(out: &mut String, data: &SummaryData<'_>, options: &SummaryOptions) {
    if data.failing.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"failing-rules\">\n<h2>Failing rules ({})</h2>",
        data.failing.len()
    );
    for rule in &data.failing {
        let count = rule.cases.len();
        let _ = writeln!(
            out,
            "<article class=\"rule failing-rule\" data-rule=\"{id}\">\n<h3><code>{id}</code> \
             <span class=\"badge failed\">{count} failing case{}</span></h3>",
            if count == 1 { "" } else { "s" },
            id = escape_html(rule.rule),
        );
        if !rule.description.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"description\">{}</p>",
                escape_html(rule.description)
            );
        }
        if !rule.source.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"source muted\">Source: {}</p>",
                escape_html(rule.source)
            );
        }
        out.push_str("<ul class=\"messages\">\n");
        for message in rule.messages.iter().take(options.max_findings_per_rule) {
            let times = if message.count > 1 {
                format!(" <span class=\"muted\">×{}</span>", message.count)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<li>at <code>{}</code>: {}{times}</li>",
                escape_html(pointer(message.pointer)),
                escape_html(message.message),
            );
        }
        if rule.messages.len() > options.max_findings_per_rule {
            let _ = writeln!(
                out,
                "<li class=\"muted\">… and {} more distinct messages</li>",
                rule.messages.len() - options.max_findings_per_rule
            );
        }
        out.push_str("</ul>\n");
        let example = rule.example();
        let _ = writeln!(
            out,
            "<p>Example: <a href=\"#{}\"><code>{}</code></a> (seed <code>{}</code>)</p>",
            case_anchor(&example.name),
            escape_html(&example.name),
            example.seed,
        );
        if let Some(input) = &example.minimal_input {
            let pretty = serde_json::to_string_pretty(input).unwrap_or_else(|_| input.to_string());
            let _ = writeln!(out, "<pre class=\"input\">{}</pre>", escape_html(&pretty));
        }
        let _ = writeln!(
            out,
            "<pre class=\"rerun\">{}</pre>",
            escape_html(&example.rerun)
        );
        if count > 1 {
            let others: Vec<String> = rule.cases[1..]
                .iter()
                .take(OTHER_CASES)
                .map(|c| {
                    format!(
                        "<a href=\"#{}\"><code>{}</code></a>",
                        case_anchor(&c.name),
                        escape_html(&c.name)
                    )
                })
                .collect();
            let more = count - 1 - others.len();
            let _ = writeln!(
                out,
                "<p class=\"muted\">Also failing: {}{}</p>",
                others.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
}

/// Expectations that no longer hold.
fn unexpected(out: &mut String, data: &SummaryData<'_>) {
    if data.unexpected_passes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"unexpected\">\n<h2>Expected failures that now pass ({})</h2>\n<ul>",
        data.unexpected_passes.len()
    );
    for case in &data.unexpected_passes {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\"><code>{}</code></a>: remove the expectation (it said: {})</li>",
            case_anchor(&case.name),
            escape_html(&case.name),
            escape_html(outcome_reason(&case.outcome).unwrap_or_default()),
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// Expected failures by reason, and the rules that only failed as expected.
fn expected(out: &mut String, data: &SummaryData<'_>) {
    skipped(out, "expected", "Expected failures", &data.expected);
    let rules: Vec<_> = data.expected_rules().collect();
    if rules.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"expected-rules\">\n<h3>Rules that failed only as expected</h3>\n<ul>\n",
    );
    for row in rules {
        let _ = writeln!(
            out,
            "<li><code>{}</code> <span class=\"badge expected-failure\">{} expected</span> {}</li>",
            escape_html(&row.rule),
            row.expected_failures,
            escape_html(data.description(&row.rule)),
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// How each SDK reacted to the served documents, per rule.
fn reactions(out: &mut String, data: &SummaryData<'_>) {
    let table = &data.reactions;
    if table.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"reactions\">\n<h2>SDK reactions to served sessions</h2>\n<p>What each SDK \
         did with a session served to it: a broken one should be <em>rejected</em>; <em>passed \
         through</em> means the SDK handed it to the app as if it were fine; <em>crashed</em> and \
         <em>hung</em> fail the run. Valid sessions should come through <em>intact</em>.</p>\n\
         <table>\n<thead><tr><th>Rule</th><th>What it demands</th>",
    );
    for client in &table.clients {
        let _ = write!(out, "<th><code>{}</code></th>", escape_html(client));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td>",
            escape_html(&row.rule),
            escape_html(data.reaction_description(&row.rule))
        );
        for cell in &row.cells {
            let class = if cell.failed() { " class=\"fail\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", escape_html(&cell.describe()));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Per-suite totals.
fn suites(out: &mut String, data: &SummaryData<'_>) {
    if data.suites.is_empty() {
        return;
    }
    out.push_str("<section id=\"suites\">\n<h2>Suites</h2>\n");
    let bars: Vec<(String, crate::derived::Totals)> = data
        .suites
        .iter()
        .map(|s| (s.suite.clone(), s.totals))
        .collect();
    let description =
        format!(
        "One bar per suite ({} suites{}), its cases stacked by outcome, the total at its end; the \
         table below gives the same counts.",
        bars.len().min(MAX_BARS),
        if bars.len() > MAX_BARS { ", the first" } else { "" }
    );
    if let Some(figure) = outcome_bars("suites", "Outcomes per suite", &description, &bars) {
        out.push_str(&figure.html());
    }
    out.push_str(
        "<table>\n<thead><tr><th>Suite</th><th>Passed</th>\
         <th>Failed</th><th>Expected failures</th><th>Unexpected passes</th><th>Not covered</th>\
         <th>Not applicable</th><th>Flaky</th><th>Not run</th><th>Total</th></tr></thead>\n<tbody>\n",
    );
    for suite in &data.suites {
        let t = &suite.totals;
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td>",
            escape_html(&suite.suite)
        );
        for n in [
            t.passed,
            t.failed,
            t.expected_failures,
            t.unexpected_passes,
            t.not_covered,
            t.not_applicable,
            t.flaky,
            t.not_run,
            t.total,
        ] {
            let _ = write!(out, "<td class=\"num\">{n}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// The whole conformance matrix, worst first, folded in a `<details>`: mostly the passing rules.
fn matrix(out: &mut String, data: &SummaryData<'_>) {
    out.push_str("<section id=\"conformance\">\n");
    if data.rows.is_empty() {
        out.push_str(
            "<h2>Conformance matrix</h2>\n<p class=\"muted\">No rule was exercised.</p>\n",
        );
    }
    let _ = writeln!(
        out,
        "<details id=\"passing-rules\">\n<summary>Conformance matrix: {} passing rules of {}</summary>",
        data.passing_rules(),
        data.rows.len()
    );
    if let Some(figure) = grid_chart(&RuleGrid::of(data.report, &data.rows)) {
        out.push_str(&figure.html());
    }
    out.push_str(
        "<table id=\"matrix\">\n<thead><tr><th>Rule</th><th>Description</th><th>Exercised</th><th>Passed</th>\
         <th>Failed</th><th>Expected</th><th>Flaky</th><th>Not covered</th><th>First failure</th></tr></thead>\n<tbody>\n",
    );
    for row in &data.rows {
        let first = row.first_failure.as_deref().map_or_else(
            || "<span class=\"muted\">–</span>".to_owned(),
            |name| {
                format!(
                    "<a href=\"#{}\"><code>{}</code></a>",
                    case_anchor(name),
                    escape_html(name)
                )
            },
        );
        let _ = writeln!(
            out,
            "<tr class=\"rule-row\" data-rule=\"{rule}\" data-status=\"{status}\"><td><code>{rule}</code></td>\
             <td>{description}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{first}</td></tr>",
            row.exercised,
            row.passed,
            row.failed,
            row.expected_failures,
            row.flaky,
            row.not_covered,
            rule = escape_html(&row.rule),
            description = escape_html(data.description(&row.rule)),
            status = row.status().name(),
        );
    }
    out.push_str("</tbody>\n</table>\n</details>\n</section>\n");
}

/// The distribution of each operation's times: a chart and its table.
fn latency(out: &mut String, data: &SummaryData<'_>) {
    if data.latency.is_empty() {
        return;
    }
    out.push_str("<section id=\"latency\">\n<h2>Latency per operation</h2>\n");
    if let Some(figure) = latency_chart(&data.latency) {
        out.push_str(&figure.html());
    }
    out.push_str(
        "<div class=\"table-scroll\"><table>\n<thead><tr><th>Operation</th><th>Requests</th><th>Fastest</th>\
         <th>25th pct.</th><th>Median</th><th>75th pct.</th><th>90th pct.</th><th>99th pct.</th>\
         <th>Slowest</th></tr></thead>\n<tbody>\n",
    );
    for row in &data.latency {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td class=\"num\">{}</td>",
            escape_html(&row.operation),
            row.count
        );
        for ms in [
            row.min, row.p25, row.p50, row.p75, row.p90, row.p99, row.max,
        ] {
            let _ = write!(out, "<td class=\"num\">{ms:.1} ms</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// The rounds of a fuzz campaign: cases and new findings over time, and their table.
fn rounds(out: &mut String, rounds: &[FuzzRound]) {
    if rounds.is_empty() {
        return;
    }
    let minutes = |r: &FuzzRound| r.ended_ms / 60_000.0;
    let mut found = 0;
    let so_far: Vec<(f64, f64)> = rounds
        .iter()
        .map(|r| {
            found = r.new_findings.saturating_add(found);
            (minutes(r), found as f64)
        })
        .collect();
    let format = |v: f64| format!("{v:.0} min");
    let chart = LineChart {
        id: "rounds",
        title: "Fuzz rounds over time".to_owned(),
        description: format!(
            "The campaign's {} rounds by the minute each ended: the cases each round ran and how \
             many of them failed (left axis), and the new findings found so far (right axis). The \
             table below gives each round.",
            rounds.len()
        ),
        x_desc: "minutes since the campaign started",
        x_format: &format,
        left_desc: "cases",
        left: vec![
            Line {
                label: "cases per round".to_owned(),
                color: BLUE,
                points: rounds
                    .iter()
                    .map(|r| (minutes(r), r.cases as f64))
                    .collect(),
            },
            Line {
                label: "failed per round".to_owned(),
                color: ORANGE,
                points: rounds
                    .iter()
                    .map(|r| (minutes(r), r.failed as f64))
                    .collect(),
            },
        ],
        right_desc: "new findings",
        right: vec![Line {
            label: "new findings so far".to_owned(),
            color: VERMILLION,
            points: so_far,
        }],
        right_max: None,
    };
    out.push_str("<section id=\"rounds\">\n<h2>Fuzz rounds</h2>\n");
    if let Some(figure) = chart.figure() {
        out.push_str(&figure.html());
    }
    out.push_str(
        "<details>\n<summary>Each round</summary>\n<table>\n<thead><tr><th>Round</th><th>Ended</th>\
         <th>Cases</th><th>Failed</th><th>New findings</th></tr></thead>\n<tbody>\n",
    );
    for round in rounds {
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td class=\"num\">{:.1} min</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            round.round,
            minutes(round),
            round.cases,
            round.failed,
            round.new_findings
        );
    }
    out.push_str("</tbody>\n</table>\n</details>\n</section>\n");
}

/// The slowest operations table.
fn slowest(out: &mut String, data: &SummaryData<'_>) {
    if data.slowest.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"slowest\">\n<h2>Slowest operations</h2>\n<table>\n<thead><tr><th>#</th>\
         <th>Operation</th><th>Case</th><th>Request</th><th>Status</th><th>Time</th></tr></thead>\n<tbody>\n",
    );
    for (index, op) in data.slowest.iter().enumerate() {
        let status = op.status.map_or_else(|| "–".to_owned(), |s| s.to_string());
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td><code>{}</code></td><td><code>{}</code></td>\
             <td><code>{} {}</code></td><td class=\"num\">{status}</td><td class=\"num\">{:.1} ms</td></tr>",
            index + 1,
            escape_html(&op.operation),
            escape_html(&op.case),
            escape_html(&op.method),
            escape_html(&op.url),
            op.elapsed_ms,
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Skipped cases grouped by outcome and reason, in a section `id` under `title`.
fn skipped(out: &mut String, id: &str, title: &str, groups: &[SkipGroup]) {
    if groups.is_empty() {
        return;
    }
    let count: usize = groups.iter().map(|g| g.count).sum();
    let _ = writeln!(
        out,
        "<section id=\"{id}\">\n<h2>{title} ({count})</h2>\n<table>\n<thead><tr>\
         <th>Outcome</th><th>Reason</th><th>Cases</th><th>First case</th></tr></thead>\n<tbody>"
    );
    for group in groups {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td><code>{}</code></td></tr>",
            group.label,
            escape_html(&group.reason),
            group.count,
            escape_html(&group.first_case),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Each failing case: findings, input, exchanges and the command that re-runs it.
fn details(out: &mut String, data: &SummaryData<'_>) {
    if data.details.is_empty() {
        return;
    }
    out.push_str("<section id=\"failures\">\n<h2>Failures and how to re-run them</h2>\n");
    for case in &data.details {
        let label = outcome_label(&case.outcome);
        let _ = writeln!(
            out,
            "<article class=\"case\" id=\"{}\">\n<h3><code>{}</code> <span class=\"badge {}\">{label}</span></h3>",
            case_anchor(&case.name),
            escape_html(&case.name),
            label.replace(' ', "-"),
        );
        if let Some(reason) = outcome_reason(&case.outcome) {
            let _ = writeln!(out, "<p>Reason: {}</p>", escape_html(reason));
        }
        if let Outcome::UnexpectedPass { .. } = case.outcome {
            out.push_str("<p>The expected failure now passes: remove the expectation.</p>\n");
        }
        if !case.findings.is_empty() {
            out.push_str("<ul class=\"findings\">\n");
            for finding in &case.findings {
                let _ = writeln!(
                    out,
                    "<li><code>{}</code> at <code>{}</code>: {}</li>",
                    escape_html(&finding.rule),
                    escape_html(pointer(&finding.pointer)),
                    escape_html(&finding.message),
                );
            }
            out.push_str("</ul>\n");
        }
        if let Some(input) = &case.minimal_input {
            let pretty = serde_json::to_string_pretty(input).unwrap_or_else(|_| input.to_string());
            let _ = writeln!(
                out,
                "<h4>Minimal input</h4>\n<pre>{}</pre>",
                escape_html(&pretty)
            );
        }
        if !case.exchanges.is_empty() {
            exchanges(out, case);
        }
        let _ = writeln!(
            out,
            "<h4>Re-run (seed <code>{}</code>)</h4>\n<pre class=\"rerun\">{}</pre>\n</article>",
            case.seed,
            escape_html(&case.rerun),
        );
    }
    if data.hidden_details > 0 {
        let _ = writeln!(
            out,
            "<p class=\"muted\">… and {} more failing cases; see the JUnit or NDJSON report.</p>",
            data.hidden_details
        );
    }
    out.push_str("</section>\n");
}

/// A case's exchanges, folded.
fn exchanges(out: &mut String, case: &CaseRecord) {
    let _ = writeln!(
        out,
        "<details>\n<summary>Exchanges ({})</summary>\n<ol>",
        case.exchanges.len()
    );
    for exchange in &case.exchanges {
        let status = match (exchange.status, &exchange.error) {
            (_, Some(error)) => format!("error: {}", escape_html(error)),
            (Some(status), None) => status.to_string(),
            (None, None) => "no response".to_owned(),
        };
        let _ = writeln!(
            out,
            "<li><code>{}</code> <code>{} {}</code> → {status} ({:.1} ms)\n<pre>{}</pre>",
            escape_html(&exchange.operation),
            escape_html(&exchange.method),
            escape_html(&exchange.url),
            exchange.elapsed_ms,
            escape_html(&exchange.curl),
        );
        if let Some(via) = &exchange.via {
            let _ = writeln!(out, "<p>via <code>{}</code></p>", escape_html(via));
        }
        if let Some(body) = &exchange.response_body {
            let _ = writeln!(
                out,
                "<pre class=\"response\">{}</pre>",
                escape_html(&truncate(body, BODY_MAX_CHARS))
            );
        }
        if let Some(returned) = &exchange.returned {
            let _ = writeln!(
                out,
                "<p>returned to the caller:</p>\n<pre class=\"response\">{}</pre>",
                escape_html(&truncate(returned, BODY_MAX_CHARS))
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</details>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{case, exchange, report};

    const EVIL: &str = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";

    fn hostile_run() -> RunReport {
        let mut failed = case(
            &format!("signup::roundtrip::case_{EVIL}"),
            Outcome::Failed,
            &[EVIL],
            &[(EVIL, EVIL, EVIL)],
        );
        let mut ex = exchange(EVIL, 3.0);
        ex.method = EVIL.into();
        ex.url = EVIL.into();
        ex.curl = EVIL.into();
        ex.response_body = Some(format!("</pre>{EVIL}"));
        ex.error = Some(EVIL.into());
        failed.exchanges = vec![ex];
        failed.minimal_input = Some(serde_json::json!({ "x": EVIL }));
        failed.rerun = EVIL.into();
        let mut run = report(vec![
            failed,
            // A suite named like markup: chart labels are text too.
            case(
                &format!("{EVIL}::p::case_0000"),
                Outcome::Passed,
                &[EVIL],
                &[],
            ),
            case(
                "sdk::a::case_0000",
                Outcome::ExpectedFailure {
                    reason: EVIL.into(),
                },
                &[],
                &[],
            ),
            case(
                "sdk::a::case_0001",
                Outcome::NotCovered {
                    reason: EVIL.into(),
                },
                &[],
                &[],
            ),
            case(
                "sdk::a::case_0002",
                Outcome::UnexpectedPass {
                    reason: EVIL.into(),
                },
                &[],
                &[],
            ),
        ]);
        run.info.target = EVIL.into();
        run.info.contract = EVIL.into();
        run.info.started_at = EVIL.into();
        run.info.tool_version = EVIL.into();
        run
    }

    #[test]
    fn hostile_text_never_becomes_markup() {
        let page = render_html(&hostile_run(), &SummaryOptions::default());
        assert!(!page.contains("<script"), "raw script tag in page");
        assert!(!page.contains("<img"), "raw img tag in page");
        assert!(
            page.contains("data-rule=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            "the attribute value stays inside its quotes"
        );
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // Every tag in the page is one the renderer writes itself.
        let allowed = [
            "!DOCTYPE",
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "header",
            "h1",
            "h2",
            "h3",
            "h4",
            "span",
            "dl",
            "dt",
            "dd",
            "code",
            "section",
            "ul",
            "li",
            "b",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "a",
            "p",
            "article",
            "pre",
            "details",
            "summary",
            "ol",
            "div",
            "figure",
            "figcaption",
            "svg",
            "desc",
            "rect",
            "line",
            "polyline",
            "polygon",
            "circle",
            "text",
        ];
        for tag in page.split('<').skip(1) {
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
                .collect();
            assert!(allowed.contains(&name.as_str()), "unexpected tag <{name}");
        }
    }

    #[test]
    fn matrix_has_one_row_per_rule_and_links_first_failures() {
        let mut failing = case(
            "signup::roundtrip::case_0001",
            Outcome::Failed,
            &["b"],
            &[("a", "/x", "m")],
        );
        failing.exchanges = vec![exchange("sign_up", 9.0)];
        let run = report(vec![
            case(
                "signup::roundtrip::case_0000",
                Outcome::Passed,
                &["a", "b"],
                &[],
            ),
            failing,
            case(
                "token::a::case_0000",
                Outcome::NotCovered {
                    reason: "off".into(),
                },
                &["c"],
                &[],
            ),
        ]);
        let page = render_html(&run, &SummaryOptions::default());
        assert_eq!(page.matches("<tr class=\"rule-row\"").count(), 3);
        assert!(page.contains(
            "<tr class=\"rule-row\" data-rule=\"a\" data-status=\"failed\"><td><code>a</code></td>"
        ));
        assert!(page.contains("data-rule=\"b\" data-status=\"passed\""));
        assert!(page.contains("data-rule=\"c\" data-status=\"not-covered\""));
        assert!(page.contains("<a href=\"#case-signup.roundtrip.case_0001\">"));
        assert!(page.contains("<article class=\"case\" id=\"case-signup.roundtrip.case_0001\">"));
        assert!(page.contains("<pre class=\"rerun\">nhost-conformance replay signup::roundtrip::case_0001 --seed 7</pre>"));
        assert!(page.contains("<section id=\"slowest\">"));
        assert!(page.contains("<title>nhost-conformance: failed</title>"));
    }

    #[test]
    fn charts_carry_their_words_and_escape_every_label() {
        let page = render_html(&hostile_run(), &SummaryOptions::default());
        for id in ["suites", "grid", "latency"] {
            let at = page
                .find(&format!("<figure class=\"chart\" id=\"chart-{id}\">"))
                .unwrap_or_else(|| panic!("no {id} chart"));
            let figure = &page[at..at + page[at..].find("</figure>").unwrap()];
            assert!(figure.contains("<figcaption><b>"), "{id} has a caption");
            assert!(
                figure.contains(&format!(
                    "role=\"img\" aria-labelledby=\"chart-{id}-title chart-{id}-desc\""
                )),
                "{id} is labelled"
            );
            assert!(figure.contains("<desc id="), "{id} has a description");
            assert!(
                figure.contains("<ul class=\"legend\">"),
                "{id} has a legend"
            );
        }
        assert!(
            page.contains("&quot;&gt;&lt;script&gt;alert(1)"),
            "the suite label is text"
        );
    }

    #[test]
    fn page_is_self_contained() {
        let page = render_html(&hostile_run(), &SummaryOptions::default());
        for external in [
            "<link",
            "<script",
            "src=\"",
            "url(",
            "@import",
            "http-equiv",
        ] {
            assert!(!page.contains(external), "page references {external}");
        }
    }
}
