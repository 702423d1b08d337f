//! [`Console`]: what a person (or a CI log) sees while a run goes. On a terminal: a progress bar
//! with the cases done, how many failed, the suite of the case that started last, the rate and
//! the time left, and above it the same lines a CI log gets: the plan, failures as they come,
//! one line per finished suite. Elsewhere: no ANSI codes, those lines and a progress line every
//! few seconds, so a CI log never goes quiet for long. The first [`FULL_FAILURES`] failures that
//! stand for their failure signature are printed in full; a case that failed the same way as
//! another gets one line naming it, and the rest one line each, naming the case file that holds
//! the full text (the JUnit and summary reports hold it too), so 150 failures do not bury the
//! log. Both end with a block naming every failing case and its rules, and the unique failures.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use results::{CaseRecord, EventSink, Outcome, RunEvent, RunEventKind, RunReport, SinkError};

use super::message::failure_text;

/// How many failures are printed in full; later ones get one line each.
pub const FULL_FAILURES: usize = 5;

/// The bar on a terminal: cases done of planned, the message ([`Console::status`]: failed
/// count and current suite), the rate, the time left and the time spent.
const BAR_TEMPLATE: &str = "{bar:30} {pos}/{len} · {msg} · {per_sec:1} · ETA {eta} · {elapsed}";

/// Per-suite tally for the plain "suite finished" lines.
#[derive(Debug, Default)]
struct SuiteTally {
    planned: usize,
    finished: usize,
    failed: usize,
    passed: usize,
    other: usize,
    millis: f64,
}

/// The console sink. Writes to stderr.
pub struct Console {
    bar: Option<ProgressBar>,
    /// Where the bar draws once the run starts (stderr, unless a test gave another terminal).
    draw_target: Option<ProgressDrawTarget>,
    suites: BTreeMap<String, SuiteTally>,
    failures: Vec<(String, Vec<String>)>,
    /// The suite of the case that started last.
    current_suite: String,
    quiet: bool,
    /// Failures printed in full so far.
    full_printed: usize,
    /// Whether the note that later failures get one line was printed.
    noted_one_line: bool,
}

impl Console {
    /// A console that draws a bar when stderr is a terminal. `quiet` prints only the final block
    /// (for `cargo test`, where libtest prints each trial itself).
    pub fn new(quiet: bool) -> Self {
        let terminal = !quiet && std::io::stderr().is_terminal();
        Self::with_bar(quiet, terminal.then(ProgressDrawTarget::stderr))
    }

    /// A console whose bar draws on `terminal` (none: no bar, lines only).
    fn with_bar(quiet: bool, terminal: Option<ProgressDrawTarget>) -> Self {
        Self {
            bar: terminal.as_ref().map(|_| ProgressBar::hidden()),
            draw_target: terminal,
            suites: BTreeMap::new(),
            failures: Vec::new(),
            current_suite: String::new(),
            quiet,
            full_printed: 0,
            noted_one_line: false,
        }
    }

    /// The bar's message: how many cases failed so far, and the current suite.
    fn status(&self) -> String {
        let failed = self.suites.values().map(|t| t.failed).sum::<usize>();
        if self.current_suite.is_empty() {
            format!("{failed} failed")
        } else {
            format!("{failed} failed · suite {}", self.current_suite)
        }
    }

    /// Starts drawing the bar for `planned` cases; the lines printed from now on go above it.
    fn start_bar(&mut self, planned: usize) {
        let Some(bar) = &self.bar else {
            return;
        };
        bar.set_length(planned as u64);
        if let Ok(style) = ProgressStyle::with_template(BAR_TEMPLATE) {
            bar.set_style(style);
        }
        bar.set_message(self.status());
        if let Some(target) = self.draw_target.take() {
            bar.set_draw_target(target);
        }
    }

    fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => {
                // A closed stderr is no reason to stop a run.
                let _ = writeln!(std::io::stderr(), "{text}");
            }
        }
    }

    fn case_finished(&mut self, record: &CaseRecord, cargo_rerun: Option<&str>) {
        let tally = self.suites.entry(record.suite.clone()).or_default();
        tally.finished += 1;
        tally.millis += record.duration_ms;
        match &record.outcome {
            Outcome::Passed => tally.passed += 1,
            o if o.is_failure() => tally.failed += 1,
            _ => tally.other += 1,
        }
        let suite_done = tally.finished == tally.planned;
        if record.outcome.is_failure() {
            let mut rules: Vec<String> = record.findings.iter().map(|f| f.rule.clone()).collect();
            rules.dedup();
            self.failures.push((record.name.clone(), rules));
        }
        if let Some(bar) = &self.bar {
            bar.set_message(self.status());
            bar.inc(1);
        }
        if self.quiet {
            return;
        }
        let text = match &record.outcome {
            Outcome::Passed | Outcome::NotRun { .. } => None,
            Outcome::ExpectedFailure { reason } => {
                Some(format!("expected failure {} ({reason})", record.name))
            }
            Outcome::NotCovered { .. } | Outcome::NotApplicable { .. } => None,
            Outcome::Flaky { reason } => Some(format!(
                "FLAKY {}: failed once, passed when re-run ({reason})",
                record.name
            )),
            Outcome::Failed | Outcome::UnexpectedPass { .. } => {
                let (mut text, full) = self.failure(record);
                if let (Some(line), true) = (cargo_rerun, full) {
                    text.push_str(&format!("\n    or: {line}"));
                }
                Some(text)
            }
        };
        if let Some(text) = text {
            self.line(&reports::terminal_safe(&text));
        }
        if suite_done {
            let t = &self.suites[&record.suite];
            self.line(&format!(
                "suite {}: {} cases: {} passed, {} failed, {} other ({:.1} s of case time)",
                record.suite,
                t.planned,
                t.passed,
                t.failed,
                t.other,
                t.millis / 1000.0
            ));
        }
    }
}

impl Console {
    /// The text of a failure, and whether it is in full: the first [`FULL_FAILURES`] that stand
    /// for their failure signature are; a case that failed the same way as another gets one line
    /// naming that case, and the failures past the first ones one line naming their rules and
    /// where their full text is.
    fn failure(&mut self, record: &CaseRecord) -> (String, bool) {
        let same_as = record
            .investigation
            .as_ref()
            .and_then(|i| i.same_as.as_deref());
        if same_as.is_none() && self.full_printed < FULL_FAILURES {
            self.full_printed += 1;
            let text = format!(
                "FAILED {}\n{}",
                record.name,
                failure_text(record).unwrap_or_default()
            );
            return (text, true);
        }
        let rules = self
            .failures
            .last()
            .map(|(_, rules)| rules.join(", "))
            .unwrap_or_default();
        let rules = if rules.is_empty() {
            record.outcome.kind().to_owned()
        } else {
            rules
        };
        if let Some(representative) = same_as {
            let line = format!(
                "FAILED {} [{rules}]: the same failure as {representative} (not re-run nor shrunk; full text: {})",
                record.name,
                full_text_at(record)
            );
            return (line, false);
        }
        let line = format!(
            "FAILED {} [{rules}] (full text: {})",
            record.name,
            full_text_at(record)
        );
        if self.noted_one_line {
            return (line, false);
        }
        self.noted_one_line = true;
        let text = format!(
            "({FULL_FAILURES} failures printed in full; the rest get one line each, with where \
             their full text is)\n{line}"
        );
        (text, false)
    }
}

/// The closing block's list of the failed rules, each with what it demands (from the run's
/// catalogue entries), in order of first failure.
fn failed_rules(failures: &[(String, Vec<String>)], report: &RunReport) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for rule in failures.iter().flat_map(|(_, rules)| rules) {
        if !seen.contains(&rule.as_str()) {
            seen.push(rule);
        }
    }
    if seen.is_empty() {
        return String::new();
    }
    let mut text = format!("\nfailed rules ({}):", seen.len());
    for rule in seen {
        let description = report.rule_description(rule);
        if description.is_empty() {
            text.push_str(&format!("\n    {rule}"));
        } else {
            text.push_str(&format!("\n    {rule}: {description}"));
        }
    }
    text
}

/// The closing block's failure signatures: each with how many cases failed that way and the
/// case that was shrunk for it.
fn unique_block(report: &RunReport) -> String {
    let unique = reports::unique_failures(report);
    if unique.is_empty() {
        return String::new();
    }
    let mut text = format!(
        "\nunique failures ({}; the first case of each was re-run and shrunk):",
        unique.len()
    );
    for u in &unique {
        text.push_str(&format!(
            "\n    {}  [{} case(s); shrunk: {}]",
            u.label,
            u.cases.len(),
            u.representative
        ));
    }
    text
}

/// Where the full text of a failure is: its case file when the re-run line names one, else the
/// report files.
fn full_text_at(record: &CaseRecord) -> String {
    record
        .rerun
        .split_whitespace()
        .find(|word| word.ends_with(".case.json"))
        .map_or_else(
            || "the JUnit and summary reports".to_owned(),
            |file| format!("{file}, and the JUnit and summary reports"),
        )
}

impl EventSink for Console {
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), SinkError> {
        match &event.kind {
            RunEventKind::RunStarted { plan, info } => {
                let mut not_covered: BTreeMap<String, &str> = BTreeMap::new();
                for case in plan.iter() {
                    self.suites
                        .entry(case.name.suite().to_owned())
                        .or_default()
                        .planned += 1;
                    if let Some(reason) = &case.not_coverable {
                        not_covered.entry(case.name.property_id()).or_insert(reason);
                    }
                }
                // The bar first: every line after this one is printed above it.
                self.start_bar(plan.len());
                if !self.quiet {
                    self.line(&format!(
                        "plan: {} cases in {} suites, seed {}, {} not coverable on this target",
                        plan.len(),
                        self.suites.len(),
                        info.seed,
                        plan.iter().filter(|c| c.not_coverable.is_some()).count()
                    ));
                }
                for (property, reason) in not_covered {
                    self.line(&reports::terminal_safe(&format!(
                        "not covered {property}: {reason}"
                    )));
                }
            }
            RunEventKind::CaseStarted { case } => {
                if let Some(bar) = &self.bar {
                    self.current_suite = case.name.suite().to_owned();
                    bar.set_message(self.status());
                }
            }
            RunEventKind::CaseFinished {
                record,
                cargo_rerun,
            } => self.case_finished(record, *cargo_rerun),
            RunEventKind::Progress {
                finished,
                planned,
                failed,
            } if self.bar.is_none() && !self.quiet => {
                self.line(&format!(
                    "… {finished}/{planned} cases finished, {failed} failed, {:.0} s",
                    event.elapsed.as_secs_f64()
                ));
            }
            RunEventKind::RunFinished {
                report,
                stopped,
                cleanup,
            } => {
                if let Some(cleanup) = cleanup {
                    self.line(&reports::terminal_safe(cleanup));
                }
                if let Some(bar) = self.bar.take() {
                    bar.finish_and_clear();
                }
                if let Some(traffic) = &report.info.traffic {
                    self.line(&format!("traffic: {traffic}"));
                }
                let unfinished = report
                    .cases
                    .iter()
                    .filter(|c| {
                        matches!(
                            c.outcome,
                            Outcome::NotRun { .. } | Outcome::NotCovered { .. }
                        )
                    })
                    .count();
                if let Some(reason) = stopped {
                    self.line(&format!(
                        "STOPPED: {reason}; {unfinished} case(s) not run or not covered"
                    ));
                }
                let reactions = reports::ReactionTable::of(report);
                if !reactions.is_empty() {
                    self.line(&reports::terminal_safe(&reaction_block(&reactions)));
                }
                if !self.failures.is_empty() && !self.quiet {
                    let mut block = format!("failures ({}):", self.failures.len());
                    if self.failures.len() > FULL_FAILURES {
                        block = format!(
                            "failures ({}; the first {FULL_FAILURES} in full above, every one in \
                             the JUnit and summary reports):",
                            self.failures.len()
                        );
                    }
                    for (name, rules) in &self.failures {
                        block.push_str(&format!("\n    {name}  [{}]", rules.join(", ")));
                    }
                    block.push_str(&failed_rules(&self.failures, report));
                    block.push_str(&unique_block(report));
                    self.line(&reports::terminal_safe(&block));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The SDK reactions table as text: one line per rule, one column per client.
fn reaction_block(table: &reports::ReactionTable) -> String {
    let mut block = String::from(
        "SDK reactions to served sessions (rule: what each SDK did; \"passed through\" = handed a broken session to the app):",
    );
    for row in &table.rows {
        block.push_str(&format!("\n    {}", row.rule));
        for (client, cell) in table.clients.iter().zip(&row.cells) {
            let text = cell.describe();
            block.push_str(&format!(
                "\n        {client}: {}",
                if text.is_empty() { "not served" } else { &text }
            ));
        }
    }
    let through: Vec<String> = table
        .clients
        .iter()
        .zip(table.passed_through())
        .map(|(client, n)| format!("{client} passed {n} broken session(s) through"))
        .collect();
    block.push_str(&format!("\n    in all: {}", through.join("; ")));
    block
}

#[cfg(test)]
mod tests {
    use super::*;
    use results::PlannedCase;
    use results::{CaseSeed, Finding};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    /// A terminal that keeps everything written to it.
    #[derive(Debug, Clone, Default)]
    struct Screen(Arc<Mutex<String>>);

    impl indicatif::TermLike for Screen {
        fn width(&self) -> u16 {
            160
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            let mut screen = self.0.lock().unwrap();
            screen.push_str(s);
            screen.push('\n');
            Ok(())
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push_str(s);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            self.0.lock().unwrap().push('\n');
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn event(kind: RunEventKind<'_>) -> RunEvent<'_> {
        RunEvent::now(Duration::from_millis(10), kind)
    }

    #[test]
    fn on_a_terminal_the_bar_shows_failures_suite_rate_and_eta_below_the_log_lines() {
        let screen = Screen::default();
        let target = ProgressDrawTarget::term_like(Box::new(screen.clone()));
        let mut console = Console::with_bar(false, Some(target));
        let plan: Vec<PlannedCase> = [
            "token::rotation::case_0001",
            "token::rotation::case_0002",
            "signout::revokes::case_0001",
        ]
        .into_iter()
        .map(|name| PlannedCase::new(name.parse().unwrap(), CaseSeed(7), None))
        .collect();
        let info = results::RunInfo {
            seed: results::RunSeed(1),
            ..results::RunInfo::default()
        };
        console
            .event(&event(RunEventKind::RunStarted {
                info: &info,
                plan: &plan,
            }))
            .unwrap();
        let mut first = failed(0);
        first.name = plan[0].name.to_string();
        let mut second = failed(1);
        second.name = plan[1].name.to_string();
        second.outcome = Outcome::Passed;
        for (case, record) in plan.iter().zip([&first, &second]) {
            console
                .event(&event(RunEventKind::CaseStarted { case }))
                .unwrap();
            console
                .event(&event(RunEventKind::CaseFinished {
                    record,
                    cargo_rerun: None,
                }))
                .unwrap();
        }
        console
            .event(&event(RunEventKind::CaseStarted { case: &plan[2] }))
            .unwrap();
        let text = screen.0.lock().unwrap().clone();
        assert!(text.contains("plan: 3 cases in 2 suites, seed"), "{text}");
        assert!(text.contains("FAILED token::"), "{text}");
        assert!(
            text.contains("suite token: 2 cases: 1 passed, 1 failed, 0 other"),
            "the per-suite line is printed on a terminal too:\n{text}"
        );
        let bar = text
            .lines()
            .rev()
            .find(|l| l.contains(" 2/3 · "))
            .unwrap_or_else(|| panic!("no bar at 2/3:\n{text}"));
        assert!(bar.contains("1 failed · suite signout"), "{bar}");
        assert!(bar.contains("/s · ETA "), "{bar}");
    }

    fn failed(index: usize) -> CaseRecord {
        CaseRecord {
            name: format!("token::rotation::case_{index:04}"),
            suite: "token".into(),
            property: "rotation".into(),
            outcome: Outcome::Failed,
            duration_ms: 1.0,
            seed: CaseSeed(7),
            rules: vec![],
            findings: vec![Finding {
                rule: "token:rotation.old-rejected".into(),
                pointer: String::new(),
                message: "the token was already rotated, yet /token answered HTTP 200".into(),
            }],
            exchanges: vec![],
            minimal_input: None,
            rerun: format!(
                "nhost-conformance replay out/cases/token..rotation..case_{index:04}.case.json"
            ),
            reactions: Vec::new(),
            observations: Vec::new(),
            investigation: None,
        }
    }

    #[test]
    fn the_first_failures_are_full_the_rest_one_line_naming_the_case_file() {
        let mut console = Console::new(true);
        let mut texts = Vec::new();
        for index in 0..8 {
            let record = failed(index);
            console.failures.push((
                record.name.clone(),
                vec!["token:rotation.old-rejected".into()],
            ));
            texts.push(console.failure(&record).0);
        }
        // A case that failed the same way as another gets one line naming it, in full or not.
        let mut same = failed(9);
        same.investigation = Some(results::Investigation {
            same_as: Some("token::rotation::case_0000".into()),
            ..results::Investigation::default()
        });
        let mut fresh = Console::new(true);
        fresh.failures.push((
            same.name.clone(),
            vec!["token:rotation.old-rejected".into()],
        ));
        let (text, full) = fresh.failure(&same);
        assert!(!full && text.lines().count() == 1, "{text}");
        assert!(
            text.contains("the same failure as token::rotation::case_0000"),
            "{text}"
        );
        for text in &texts[..FULL_FAILURES] {
            assert!(text.contains("1 violation(s):"), "{text}");
        }
        assert!(texts[FULL_FAILURES].starts_with("(5 failures printed in full"));
        for text in &texts[FULL_FAILURES + 1..] {
            assert_eq!(text.lines().count(), 1, "{text}");
        }
        let report = RunReport {
            info: results::RunInfo {
                tool_version: String::new(),
                target: String::new(),
                contract: String::new(),
                seed: results::RunSeed(1),
                started_at: String::new(),
                duration_ms: 0.0,
                ..results::RunInfo::default()
            },
            cases: vec![],
            rules: vec![results::RuleEntry {
                id: "token:rotation.old-rejected".into(),
                description: "a rotated token is rejected".into(),
                source: String::new(),
            }],
            rounds: Vec::new(),
            drift: None,
        };
        assert_eq!(
            failed_rules(&console.failures, &report),
            "\nfailed rules (1):\n    token:rotation.old-rejected: a rotated token is rejected"
        );
        assert_eq!(
            texts[7],
            "FAILED token::rotation::case_0007 [token:rotation.old-rejected] (full text: \
             out/cases/token..rotation..case_0007.case.json, and the JUnit and summary reports)"
        );
    }
}
