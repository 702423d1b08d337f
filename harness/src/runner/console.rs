//! [`Console`]: what a person (or a CI log) sees while a run goes. On a terminal: a progress bar,
//! with failures printed above it. Elsewhere: no ANSI codes, one line per finished suite, a
//! progress line every few seconds, so a CI log never goes quiet for long. The first
//! [`FULL_FAILURES`] failures are printed in full; the rest one line each, naming the case file
//! that holds the full text (the JUnit and summary reports hold it too), so 150 failures do not
//! bury the log. Both end with a block naming every failing case and its rules.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};
use results::{CaseRecord, Outcome, RunReport};

use super::events::{EventSink, RunEvent, RunEventKind};
use super::message::failure_text;
use crate::errors::HarnessError;

/// How many failures are printed in full; later ones get one line each.
pub const FULL_FAILURES: usize = 5;

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
    suites: BTreeMap<String, SuiteTally>,
    failures: Vec<(String, Vec<String>)>,
    quiet: bool,
}

impl Console {
    /// A console that draws a bar when stderr is a terminal. `quiet` prints only the final block
    /// (for `cargo test`, where libtest prints each trial itself).
    pub fn new(quiet: bool) -> Self {
        Self {
            bar: (!quiet && std::io::stderr().is_terminal()).then(ProgressBar::hidden),
            suites: BTreeMap::new(),
            failures: Vec::new(),
            quiet,
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
                let mut text = self.failure(record, self.failures.len());
                if let (Some(line), true) = (cargo_rerun, self.failures.len() <= FULL_FAILURES) {
                    text.push_str(&format!("\n    or: {line}"));
                }
                Some(text)
            }
        };
        if let Some(text) = text {
            self.line(&reports::terminal_safe(&text));
        }
        if suite_done && self.bar.is_none() {
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
    /// The text of the `number`th failure (1-based): in full for the first [`FULL_FAILURES`],
    /// then one line naming its rules and where its full text is.
    fn failure(&self, record: &CaseRecord, number: usize) -> String {
        if number <= FULL_FAILURES {
            return format!(
                "FAILED {}\n{}",
                record.name,
                failure_text(record).unwrap_or_default()
            );
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
        let line = format!(
            "FAILED {} [{rules}] (full text: {})",
            record.name,
            full_text_at(record)
        );
        if number == FULL_FAILURES + 1 {
            format!(
                "({FULL_FAILURES} failures printed in full; the rest get one line each, with where \
                 their full text is)\n{line}"
            )
        } else {
            line
        }
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
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), HarnessError> {
        match &event.kind {
            RunEventKind::RunStarted { plan, info } => {
                let mut not_covered: BTreeMap<String, &str> = BTreeMap::new();
                for case in plan.iter() {
                    self.suites
                        .entry(case.property.suite().to_owned())
                        .or_default()
                        .planned += 1;
                    if let Some(reason) = &case.ignored {
                        not_covered.entry(case.property_id()).or_insert(reason);
                    }
                }
                if !self.quiet {
                    self.line(&format!(
                        "plan: {} cases in {} suites, seed {}, {} not coverable on this target",
                        plan.len(),
                        self.suites.len(),
                        info.seed,
                        plan.iter().filter(|c| c.ignored.is_some()).count()
                    ));
                }
                for (property, reason) in not_covered {
                    self.line(&reports::terminal_safe(&format!(
                        "not covered {property}: {reason}"
                    )));
                }
                if let Some(bar) = &self.bar {
                    bar.set_length(plan.len() as u64);
                    if let Ok(style) =
                        ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {msg}")
                    {
                        bar.set_style(style);
                    }
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
            }
            RunEventKind::CaseStarted { .. } => {}
            RunEventKind::CaseFinished {
                record,
                cargo_rerun,
            } => self.case_finished(record, *cargo_rerun),
            RunEventKind::Progress {
                finished,
                planned,
                failed,
            } => {
                if self.bar.is_none() && !self.quiet {
                    self.line(&format!(
                        "… {finished}/{planned} cases finished, {failed} failed, {:.0} s",
                        event.elapsed.as_secs_f64()
                    ));
                }
            }
            RunEventKind::RunFinished {
                report,
                stopped,
                pacing,
                cleanup,
            } => {
                if let Some(cleanup) = cleanup {
                    self.line(&reports::terminal_safe(&cleanup.to_string()));
                }
                if let Some(bar) = self.bar.take() {
                    bar.finish_and_clear();
                }
                if pacing.throttled > 0 {
                    self.line(&format!("rate limited: {pacing}"));
                }
                let not_run = report
                    .cases
                    .iter()
                    .filter(|c| matches!(c.outcome, Outcome::NotRun { .. }))
                    .count();
                if let Some(reason) = stopped {
                    self.line(&format!("STOPPED: {reason}; {not_run} case(s) not run"));
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
                    self.line(&reports::terminal_safe(&block));
                }
            }
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
    use results::{CaseSeed, Finding};

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
            texts.push(console.failure(&record, console.failures.len()));
        }
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
            },
            cases: vec![],
            rules: vec![results::RuleEntry {
                id: "token:rotation.old-rejected".into(),
                description: "a rotated token is rejected".into(),
                source: String::new(),
            }],
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
