//! The nightly fuzz campaign. The main function is [`run_campaign`]: a time-bounded series of
//! [`Engine`] runs ("rounds") over every selected suite, each with a fresh run seed derived from
//! the campaign seed, so a campaign is reproducible by its seed alone.
//!
//! 1. The corpus of past failures is replayed first, within [`REPLAY_SHARE`] of the duration and
//!    without shrinking (a case file already holds the minimal input): every case file already
//!    in `OUT_DIR/cases/`, then the regressions file's entries no case file holds, grouped
//!    into as few runs as their settings allow. What still fails there is *known*: reported as
//!    an expected failure (it is no news), never as a new one.
//! 2. Round after round, run seed `case_seed(campaign seed, "fuzz-round-N")`, until the duration
//!    is spent (the last round is cut by it; its unfinished cases are dropped, not reported).
//!    These fresh rounds get at least the rest of the time: exploring is the point.
//! 3. Each failure is de-duplicated by its failure signature (the rules, operations, status
//!    classes and pointers of its findings: the rounds share their failure groups, so every
//!    case that fails the same way, in any round, refers to the one representative that was
//!    re-run and shrunk), or by [`dedup_key`] (its sorted rules and its minimal input) for a
//!    record without one.
//!    A new one is written at once as a case file (`OUT_DIR/cases/NAME-KEY.case.json`, replayable
//!    alone with `nhost-conformance replay FILE`), appended to the regressions file, and streamed
//!    to the NDJSON report.
//! 4. At the end (the duration spent, a signal, the target gone) one set of reports covers the
//!    whole campaign.
//!
//! **What is kept in memory**, so it stays flat however long the campaign runs: one record per
//! distinct failure (full for the first [`FULL_FAILURES_KEPT`], then without exchanges, which
//! are in its case file and NDJSON line), one record per case *name* for everything else (the latest outcome,
//! its exchanges dropped; bounded by the plan, not by the number of rounds), the set of dedup
//! keys, and counters. The round in flight holds its own records until it ends.
//!
//! One [`StopFlag`] serves every round and is registered for SIGINT/SIGTERM for the whole
//! campaign: a signal stops the round in flight (its cases get the usual grace period), ends
//! the campaign, and the reports are still written.

use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use results::{
    CaseName, CaseRecord, CaseSeed, EventSink, FuzzRound, Outcome, RunEvent, RunEventKind, RunInfo,
    RunReport, RunSeed, SinkError, Traffic,
};

use super::case_file::{shell_quote, CaseFile};
use super::engine::{replay_program, Engine, EngineOptions, RerunStyle};
use super::groups::FailureGroups;
use super::message::failure_text;
use super::regressions::{self, Regression};
use super::report_sinks::report_sinks;
use super::seed::case_seed;
use super::signals;
use super::stop::{StopFlag, StopReason};
use crate::config::RunConfig;
use crate::errors::HarnessError;
use crate::transport::Limits;

/// Cases a round runs instead of its whole plan, each with its own seed.
type Selection = Vec<(CaseName, Option<CaseSeed>)>;

/// The most of a campaign's duration the corpus replay may take; the rest is fresh rounds.
pub const REPLAY_SHARE: f64 = 0.2;

/// Distinct failures kept in memory with their exchanges; later ones keep only their findings
/// and input (their case files and NDJSON lines are complete either way).
pub const FULL_FAILURES_KEPT: usize = 500;

/// How often the progress line is redrawn on a terminal.
const PROGRESS_TTY: Duration = Duration::from_secs(1);
/// How often a progress line is printed off a terminal (CI logs).
const PROGRESS_LOG: Duration = Duration::from_secs(15);

/// How a campaign runs.
#[derive(Debug, Clone)]
pub struct CampaignOptions {
    /// How long the campaign runs (the corpus replay included).
    pub duration: Duration,
    /// Cases run at once in each round.
    pub jobs: usize,
    /// The regressions file: replayed first, and every new failure is appended to it.
    pub regressions: PathBuf,
    /// The case-file directory: its files are replayed first, and every new failure is written
    /// to it.
    pub case_dir: PathBuf,
}

/// The end of a campaign.
#[derive(Debug)]
pub struct CampaignOutcome {
    /// The campaign as one run: every distinct failure, and the latest record of every other
    /// case name (exchanges dropped).
    pub report: RunReport,
    /// Rounds run (the corpus replay not counted).
    pub rounds: usize,
    /// Cases finished over the whole campaign.
    pub cases: u64,
    /// Requests sent over the whole campaign (every attempt: retries, flaky re-runs and shrink
    /// steps included, counted where they leave for the target).
    pub requests: u64,
    /// Corpus entries replayed, out of how many the corpus holds.
    pub replayed: (usize, usize),
    /// How long the corpus replay took, and the fresh rounds after it.
    pub phases: (Duration, Duration),
    /// The case files of the new failures, in the order they were found.
    pub new_failures: Vec<PathBuf>,
    /// Failures that repeated an already-seen one (the same signature, or rules and minimal input).
    pub duplicates: u64,
    /// Corpus entries that still fail.
    pub known_failing: usize,
    /// Why the campaign ended before its duration, if it did (never the deadline itself).
    pub stopped: Option<StopReason>,
    /// The error that ended the campaign early (a round could not start), if any.
    pub error: Option<HarnessError>,
    /// The first error writing a report, a case file or the regressions file, if any.
    pub write_error: Option<HarnessError>,
}

/// The key failures are de-duplicated by: FNV-1a over the sorted, de-duplicated rule ids of the
/// findings and the minimal input's JSON.
pub fn dedup_key(rules: &[String], minimal_input: Option<&serde_json::Value>) -> u64 {
    let mut rules: Vec<&str> = rules.iter().map(String::as_str).collect();
    rules.sort_unstable();
    rules.dedup();
    let input = minimal_input.map_or_else(|| "none".to_owned(), |v| v.to_string());
    let text = format!("{}\n{input}", rules.join("\n"));
    case_seed(RunSeed(0), &text).0
}

fn record_key(record: &CaseRecord) -> u64 {
    if let Some(i) = &record.investigation {
        return case_seed(RunSeed(0), &format!("signature {}", i.signature)).0;
    }
    let rules: Vec<String> = record.findings.iter().map(|f| f.rule.clone()).collect();
    dedup_key(&rules, record.minimal_input.as_ref())
}

/// Counters shared by the rounds' sinks and the progress line.
#[derive(Debug, Default)]
struct Progress {
    round: AtomicUsize,
    cases: AtomicU64,
    failed: AtomicU64,
    findings: AtomicU64,
    done: AtomicBool,
    /// What the finished rounds sent (every attempt, counted where it leaves).
    traffic: Mutex<Traffic>,
    /// The round in flight's counters, for the live request rate.
    current: Mutex<Option<Arc<Limits>>>,
}

impl Progress {
    /// Cases, failed cases and new findings so far.
    fn counts(&self) -> [u64; 3] {
        [&self.cases, &self.failed, &self.findings].map(|n| n.load(Ordering::Relaxed))
    }

    /// The round `round` that ended now, `before` being [`Progress::counts`] at its start.
    fn round_ended(&self, round: usize, before: [u64; 3], started: Instant) -> FuzzRound {
        let [cases, failed, new_findings] = self.counts();
        FuzzRound {
            round: round as u64,
            ended_ms: started.elapsed().as_secs_f64() * 1000.0,
            cases: cases - before[0],
            failed: failed - before[1],
            new_findings: new_findings - before[2],
        }
    }

    /// Requests sent so far: the finished rounds' and the current round's.
    fn requests(&self) -> u64 {
        let done = self
            .traffic
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .requests();
        let current = self
            .current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map_or(0, |l| l.requests());
        done + current
    }
}

/// The sink every round feeds: counts cases.
struct Counter(Arc<Progress>);

impl EventSink for Counter {
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), SinkError> {
        if let RunEventKind::CaseFinished { record, .. } = &event.kind {
            self.0.cases.fetch_add(1, Ordering::Relaxed);
            if record.outcome.is_failure() {
                self.0.failed.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(())
    }
}

/// Everything the campaign keeps between rounds.
struct Kept {
    files: Vec<Box<dyn EventSink>>,
    started: Instant,
    info: Option<RunInfo>,
    /// The latest non-failing record of each case name, exchanges dropped.
    by_name: BTreeMap<String, CaseRecord>,
    failures: Vec<CaseRecord>,
    keys: HashSet<u64>,
    /// Keys of the corpus failures already reported.
    known_keys: HashSet<u64>,
    new_failures: Vec<PathBuf>,
    duplicates: u64,
    known_failing: usize,
    write_error: Option<HarnessError>,
    program: String,
    /// The failure signatures of every round: each is re-run and shrunk once in the campaign.
    groups: Arc<FailureGroups>,
}

impl Kept {
    fn emit(&mut self, kind: RunEventKind<'_>) {
        let event = RunEvent::now(self.started.elapsed(), kind);
        for sink in &mut self.files {
            if let Err(e) = sink.event(&event) {
                self.write_error.get_or_insert(HarnessError::Sink(e));
            }
        }
    }

    fn note_error(&mut self, e: HarnessError) {
        eprintln!("error: {e}");
        self.write_error.get_or_insert(e);
    }

    /// Takes one finished record of a round. `corpus`: the round replays past failures.
    fn take(
        &mut self,
        config: &RunConfig,
        record: CaseRecord,
        corpus: bool,
        options: &CampaignOptions,
        progress: &Progress,
    ) {
        if matches!(record.outcome, Outcome::NotRun { .. }) {
            if !self.by_name.contains_key(&record.name) {
                self.by_name.insert(record.name.clone(), record);
            }
            return;
        }
        if !record.outcome.is_failure() {
            let mut record = record;
            record.exchanges.clear();
            self.by_name.insert(record.name.clone(), record);
            return;
        }
        let key = record_key(&record);
        if corpus {
            self.known_failing += 1;
            if self.known_keys.insert(key) {
                let mut record = record;
                record.outcome = Outcome::ExpectedFailure {
                    reason: "a known failure from the corpus (a case file or the regressions file): it still fails".to_owned(),
                };
                self.failures.push(record);
            }
            self.keys.insert(key);
            return;
        }
        let fresh = self.keys.insert(key);
        if !fresh {
            self.duplicates += 1;
            return;
        }
        let Ok(name) = record.name.parse::<CaseName>() else {
            return;
        };
        let name = name.without_seed();
        let mut record = record;
        let file = CaseFile::of(config, &name, &record);
        let stem = file.file_name();
        let stem = stem.trim_end_matches(".case.json");
        let path = options
            .case_dir
            .join(format!("{stem}-{key:016x}.case.json"));
        let written = serde_json::to_string_pretty(&file)
            .map_err(|e| e.to_string())
            .and_then(|text| std::fs::write(&path, text + "\n").map_err(|e| e.to_string()));
        if let Err(message) = written {
            self.note_error(HarnessError::Write {
                path: path.display().to_string(),
                message,
            });
        }
        let entry = Regression {
            case: name.clone(),
            seed: record.seed,
        };
        let note = file.rules.first().map_or("failed", String::as_str);
        if let Err(e) = regressions::append(&options.regressions, &entry, note) {
            self.note_error(e);
        }
        record.rerun = format!(
            "{} replay {}",
            self.program,
            shell_quote(&path.display().to_string())
        );
        // Unique in the reports: the same case number fails in many rounds, with other seeds.
        record.name = name.with_seed(record.seed).to_string();
        progress.findings.fetch_add(1, Ordering::Relaxed);
        eprintln!(
            "NEW FINDING ({} so far) in round {}\nFAILED {}",
            self.new_failures.len() + 1,
            progress.round.load(Ordering::Relaxed),
            reports::terminal_safe(&record.name)
        );
        if let Some(text) = failure_text(&record) {
            eprintln!("{}", reports::terminal_safe(&text));
        }
        self.emit(RunEventKind::CaseFinished {
            record: &record,
            cargo_rerun: None,
        });
        self.new_failures.push(path);
        if self.failures.len() >= FULL_FAILURES_KEPT {
            record.exchanges.clear();
        }
        self.failures.push(record);
    }
}

/// Runs a campaign over `config` (its seed is the campaign seed); see the module doc.
///
/// Report files are opened first, so a path that cannot be written fails before any request.
pub fn run_campaign(
    config: RunConfig,
    options: CampaignOptions,
) -> Result<CampaignOutcome, HarnessError> {
    let files = report_sinks(&config.reports)?;
    std::fs::create_dir_all(&options.case_dir).map_err(|e| HarnessError::Write {
        path: options.case_dir.display().to_string(),
        message: e.to_string(),
    })?;
    // Read before the signal handler and the progress thread start, so an error leaves neither.
    let entries = regressions::read(&options.regressions)?;
    let stop = StopFlag::new();
    signals::register(&stop).map_err(HarnessError::Runtime)?;
    let started = Instant::now();
    let deadline = started + options.duration;
    let progress = Arc::new(Progress::default());
    let ticker = start_ticker(Arc::clone(&progress), started, deadline);
    let mut kept = Kept {
        files,
        started,
        info: None,
        by_name: BTreeMap::new(),
        failures: Vec::new(),
        keys: HashSet::new(),
        known_keys: HashSet::new(),
        new_failures: Vec::new(),
        duplicates: 0,
        known_failing: 0,
        write_error: None,
        program: replay_program(),
        groups: Arc::new(FailureGroups::across_runs()),
    };
    let mut error = None;
    let mut rounds = 0;
    let replay_until = started + options.duration.mul_f64(REPLAY_SHARE);

    // 1. The corpus, within its share of the time, on a stop flag of its own: reaching the
    //    share's end stops the replay, not the campaign (a signal still stops both).
    let corpus = corpus_runs(&config, entries, &options.case_dir, &mut kept.keys);
    let total_entries: usize = corpus.iter().map(|(_, select)| select.len()).sum();
    let mut replayed = 0;
    let mut timeline = Vec::new();
    let before = progress.counts();
    if !corpus.is_empty() {
        eprintln!(
            "fuzz: replaying the corpus first ({total_entries} entr{} in {} run(s), at most {:.0} s, no shrinking)",
            if total_entries == 1 { "y" } else { "ies" },
            corpus.len(),
            options.duration.mul_f64(REPLAY_SHARE).as_secs_f64()
        );
        let replay_stop = StopFlag::new();
        signals::register(&replay_stop).map_err(HarnessError::Runtime)?;
        for (c, select) in corpus {
            if replay_stop.is_stopped() || Instant::now() + Duration::from_secs(1) >= replay_until {
                break;
            }
            let n = select.len();
            // A corpus entry that cannot start (an old case file, a target it names that is
            // gone) is reported and skipped: the fresh rounds still run.
            match round(
                &mut kept,
                c,
                Some(select),
                true,
                &options,
                &replay_stop,
                &progress,
                replay_until,
            ) {
                Ok(()) => replayed += n,
                Err(e) => eprintln!("fuzz: a corpus entry could not run: {e}"),
            }
        }
        if let Some(r @ (StopReason::Interrupted | StopReason::Terminated)) = replay_stop.reason() {
            stop.stop(r);
        }
        signals::register(&stop).map_err(HarnessError::Runtime)?;
        timeline.push(progress.round_ended(0, before, started));
        if replayed < total_entries {
            eprintln!(
                "fuzz: {} corpus entr{} left for the next campaign: the replay may take at most {:.0}% of --duration",
                total_entries - replayed,
                if total_entries - replayed == 1 { "y" } else { "ies" },
                REPLAY_SHARE * 100.0
            );
        }
    }

    let replay_time = started.elapsed();

    // 2. Fresh rounds until the time is up.
    while error.is_none() && !stop.is_stopped() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left < Duration::from_secs(1) {
            break;
        }
        rounds += 1;
        progress.round.store(rounds, Ordering::Relaxed);
        let mut c = config.clone();
        c.seed = round_seed(config.seed, rounds);
        c.regressions = None;
        eprintln!("fuzz: round {rounds} (run seed {})", c.seed);
        let before = progress.counts();
        if let Err(e) = round(
            &mut kept, c, None, false, &options, &stop, &progress, deadline,
        ) {
            error = Some(e);
        }
        timeline.push(progress.round_ended(rounds, before, started));
    }
    let rounds_time = started.elapsed().saturating_sub(replay_time);
    progress.done.store(true, Ordering::SeqCst);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    signals::unregister();

    // 3. One report for the whole campaign.
    let stopped = stop
        .reason()
        .filter(|r| !matches!(r, StopReason::Deadline { .. }));
    let mut cases: Vec<CaseRecord> = kept.failures.clone();
    let others: Vec<CaseRecord> = std::mem::take(&mut kept.by_name).into_values().collect();
    for record in &others {
        kept.emit(RunEventKind::CaseFinished {
            record,
            cargo_rerun: None,
        });
    }
    cases.extend(others);
    let traffic = progress
        .traffic
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let mut info = kept.info.clone().unwrap_or_else(|| RunInfo {
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        target: config.target_label(),
        contract: config.contract.clone(),
        seed: config.seed,
        started_at: String::new(),
        duration_ms: 0.0,
        ..RunInfo::default()
    });
    info.seed = config.seed;
    info.duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    info.traffic = Some(traffic.clone());
    // The catalogue entries of the rules the campaign mentions, for the reports.
    let rules = contract::Contract::load(&config.contract)
        .map(|c| suites::catalogue::of_cases(&c, &cases))
        .unwrap_or_default();
    let report = RunReport {
        info,
        cases,
        rules,
        rounds: timeline,
        drift: None,
    };
    let stopped_text = stopped.as_ref().map(ToString::to_string);
    kept.emit(RunEventKind::RunFinished {
        report: &report,
        stopped: stopped_text.as_deref(),
        cleanup: None,
    });
    Ok(CampaignOutcome {
        report,
        rounds,
        cases: progress.cases.load(Ordering::Relaxed),
        requests: traffic.requests(),
        replayed: (replayed, total_entries),
        phases: (replay_time, rounds_time),
        new_failures: kept.new_failures,
        duplicates: kept.duplicates,
        known_failing: kept.known_failing,
        stopped,
        error,
        write_error: kept.write_error,
    })
}

/// The run seed of round `n` (from 1) of the campaign with seed `campaign`.
pub fn round_seed(campaign: RunSeed, n: usize) -> RunSeed {
    RunSeed(case_seed(campaign, &format!("fuzz-round-{n}")).0)
}

/// One engine run; its records go into `kept`. A round that cannot start because the campaign
/// is stopping is not an error.
#[expect(clippy::too_many_arguments, reason = "one private call site per phase")]
fn round(
    kept: &mut Kept,
    mut config: RunConfig,
    select: Option<Selection>,
    corpus: bool,
    options: &CampaignOptions,
    stop: &StopFlag,
    progress: &Arc<Progress>,
    deadline: Instant,
) -> Result<(), HarnessError> {
    let left = deadline.saturating_duration_since(Instant::now());
    config.max_duration = Some(Duration::from_secs(left.as_secs().max(1)));
    let engine_options = EngineOptions {
        sinks: vec![Box::new(Counter(Arc::clone(progress)))],
        stop: Some(stop.clone()),
        groups: Some(Arc::clone(&kept.groups)),
        select,
        ..EngineOptions::quiet(RerunStyle::Cli)
    };
    let engine = match Engine::start(config, engine_options) {
        Ok(e) => e,
        Err(_) if stop.is_stopped() => return Ok(()),
        Err(e) => return Err(e),
    };
    *progress.current.lock().unwrap_or_else(|e| e.into_inner()) =
        Some(engine.session().limits_handle());
    let executed = engine.execute(options.jobs);
    let outcome = engine.finish(&|_| true, false);
    *progress.current.lock().unwrap_or_else(|e| e.into_inner()) = None;
    if let Some(traffic) = &outcome.report.info.traffic {
        progress
            .traffic
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .add(traffic);
    }
    executed?;
    if let Some(e) = outcome.write_error {
        kept.note_error(e);
    }
    if kept.info.is_none() {
        kept.info = Some(outcome.report.info.clone());
    }
    // The round the time cut: what it did not finish is dropped, not reported.
    let cut = stop
        .reason()
        .filter(|r| matches!(r, StopReason::Deadline { .. }));
    for record in outcome.report.cases {
        if cut
            .as_ref()
            .is_some_and(|r| super::case::was_cut(&record, r))
        {
            continue;
        }
        kept.take(engine.session().config(), record, corpus, options, progress);
    }
    Ok(())
}

/// The corpus as runs: every case file in `case_dir` (its key goes into `keys`, so a round that
/// finds it again does not call it new), then the regressions entries no case file holds.
/// Entries whose settings agree, once the run seed and the namespace of generated emails are
/// the campaign's (neither decides a case: its own seed does), share one run, so the replay
/// signs up one account pool instead of one per entry. No run shrinks.
fn corpus_runs(
    config: &RunConfig,
    entries: Vec<Regression>,
    case_dir: &Path,
    keys: &mut HashSet<u64>,
) -> Vec<(RunConfig, Selection)> {
    let mut runs: Vec<(RunConfig, Selection)> = Vec::new();
    let mut add = |mut c: RunConfig, case: CaseName, seed: CaseSeed| {
        c.regressions = None;
        c.shrink_steps = 0;
        c.seed = config.seed;
        c.namespace.clone_from(&config.namespace);
        match runs.iter_mut().find(|(other, _)| *other == c) {
            Some((_, select)) => {
                if !select.iter().any(|(n, s)| *n == case && *s == Some(seed)) {
                    select.push((case, Some(seed)));
                }
            }
            None => runs.push((c, vec![(case, Some(seed))])),
        }
    };
    let mut from_files: HashSet<(String, CaseSeed)> = HashSet::new();
    for path in case_files(case_dir) {
        match CaseFile::read(&path) {
            Ok(Some(file)) => {
                keys.insert(dedup_key(&file.rules, file.minimal_input.as_ref()));
                match file.to_config(config) {
                    Ok(c) => {
                        let case = file.case.without_seed();
                        from_files.insert((case.to_string(), file.case_seed));
                        add(c, case, file.case_seed);
                    }
                    Err(e) => eprintln!("fuzz: skipping {}: {e}", path.display()),
                }
            }
            Ok(None) => {}
            Err(e) => eprintln!("fuzz: skipping {}: {e}", path.display()),
        }
    }
    for r in entries {
        if !from_files.contains(&(r.case.to_string(), r.seed)) {
            add(config.clone(), r.case, r.seed);
        }
    }
    runs
}

/// The `*.case.json` files in `dir`, sorted by name.
fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".case.json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Prints the progress line: redrawn every second on a terminal, every 15 s in a log.
fn start_ticker(
    progress: Arc<Progress>,
    started: Instant,
    deadline: Instant,
) -> Option<std::thread::JoinHandle<()>> {
    let tty = std::io::stderr().is_terminal();
    let every = if tty { PROGRESS_TTY } else { PROGRESS_LOG };
    std::thread::Builder::new()
        .name("nhost-conformance-fuzz-progress".into())
        .spawn(move || {
            let mut last = Instant::now();
            while !progress.done.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(100));
                if last.elapsed() < every {
                    continue;
                }
                last = Instant::now();
                let line = progress_line(&progress, started, deadline);
                if tty {
                    eprint!("\r\x1b[2K{line}");
                } else {
                    eprintln!("{line}");
                }
            }
            if tty {
                eprint!("\r\x1b[2K");
            }
        })
        .ok()
}

fn progress_line(progress: &Progress, started: Instant, deadline: Instant) -> String {
    let secs = started.elapsed().as_secs_f64().max(0.001);
    let requests = progress.requests();
    format!(
        "fuzz: round {} · {} cases · {} new finding(s) · {:.1} requests/s · {}s left",
        progress.round.load(Ordering::Relaxed),
        progress.cases.load(Ordering::Relaxed),
        progress.findings.load(Ordering::Relaxed),
        requests as f64 / secs,
        deadline.saturating_duration_since(Instant::now()).as_secs()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_ignores_rule_order_and_repeats() {
        let input = serde_json::json!({"a": 1});
        let a = dedup_key(&["x".into(), "y".into(), "x".into()], Some(&input));
        let b = dedup_key(&["y".into(), "x".into()], Some(&input));
        assert_eq!(a, b);
        assert_ne!(a, dedup_key(&["y".into()], Some(&input)));
        assert_ne!(a, dedup_key(&["x".into(), "y".into()], None));
    }

    fn record(name: &str, outcome: Outcome, seed: u64, input: i64) -> CaseRecord {
        let failed = outcome.is_failure();
        CaseRecord {
            name: name.into(),
            suite: "token".into(),
            property: "rotation".into(),
            outcome,
            duration_ms: 1.0,
            seed: CaseSeed(seed),
            rules: vec!["token:rotation.new-token".into()],
            findings: if failed {
                vec![results::Finding {
                    rule: "token:rotation.new-token".into(),
                    pointer: String::new(),
                    message: "same token".into(),
                }]
            } else {
                Vec::new()
            },
            exchanges: Vec::new(),
            minimal_input: Some(serde_json::json!({ "rotations": input })),
            rerun: String::new(),
            reactions: Vec::new(),
            observations: Vec::new(),
            investigation: None,
        }
    }

    /// However many rounds pass, the campaign keeps one record per case name and one per
    /// distinct failure.
    #[test]
    fn what_is_kept_does_not_grow_with_the_rounds() {
        let dir = std::env::temp_dir().join(format!("nc-campaign-kept-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let options = CampaignOptions {
            duration: Duration::from_secs(1),
            jobs: 1,
            regressions: dir.join("regressions.txt"),
            case_dir: dir.clone(),
        };
        let mut kept = Kept {
            files: Vec::new(),
            started: Instant::now(),
            info: None,
            by_name: BTreeMap::new(),
            failures: Vec::new(),
            keys: HashSet::new(),
            known_keys: HashSet::new(),
            new_failures: Vec::new(),
            duplicates: 0,
            known_failing: 0,
            write_error: None,
            program: "nhost-conformance".into(),
            groups: Arc::default(),
        };
        let config = RunConfig::default();
        let progress = Progress::default();
        for round in 0..200u64 {
            for case in 1..=3 {
                let name = format!("token::rotation::case_{case:04}");
                let passed = record(&name, Outcome::Passed, round, 0);
                kept.take(&config, passed, false, &options, &progress);
            }
            // The same failure (same rules, same minimal input) every round, another seed.
            let failed = record("token::rotation::case_0004", Outcome::Failed, round, 1);
            kept.take(&config, failed, false, &options, &progress);
        }
        assert_eq!(kept.by_name.len(), 3);
        assert_eq!(kept.failures.len(), 1);
        assert_eq!(kept.duplicates, 199);
        assert_eq!(kept.new_failures.len(), 1);
        assert!(kept.write_error.is_none());
        assert!(kept.new_failures[0].is_file());
        let regressions = std::fs::read_to_string(&options.regressions).unwrap();
        assert_eq!(
            regressions
                .lines()
                .filter(|l| l.starts_with("token::"))
                .count(),
            1
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn round_seeds_are_stable_and_distinct() {
        assert_eq!(round_seed(RunSeed(7), 1), round_seed(RunSeed(7), 1));
        assert_ne!(round_seed(RunSeed(7), 1), round_seed(RunSeed(7), 2));
        assert_ne!(round_seed(RunSeed(7), 1), round_seed(RunSeed(8), 1));
    }
}
