//! [`Engine`]: the one run engine behind `run`, `replay`, `trials` (`cargo test`) and
//! `mutation-score`. It plans the cases, runs them on a bounded pool (or lets libtest-mimic's
//! threads run them one by one through [`Engine::run_case`]), streams [`RunEvent`]s to its sinks,
//! and ends with a [`RunOutcome`] whose exit code says what mattered.
//!
//! Data flows one way: engine → events → sinks. Stopping early (a signal, `--max-duration`, the
//! circuit breaker) stops scheduling, gives in-flight cases a short grace period, and reports
//! every unfinished case as *not run*.
//!
//! [`RunEvent`]: super::events::RunEvent

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use reference_server::ServerConfig;
use results::{
    exit, CaseName, CaseRecord, CaseSeed, ContractCheck, EventSink, Outcome, PlannedCase,
    RunEventKind, RunInfo, RunReport,
};

use super::case;
use super::case_file::{shell_quote, CaseFile};
use super::cleanup::{self, Cleanup};
use super::events::Events;
use super::groups::FailureGroups;
use super::plan::{select, CasePlan};
use super::regressions::{self, Regression};
use super::session::RunSession;
use super::signals;
use super::stop::{StopFlag, StopReason};
use crate::config::{Expectation, RunConfig};
use crate::errors::HarnessError;
use crate::transport::BoxTransport;
use suites::TargetInfo;

/// How long in-flight cases may go on after the run was told to stop.
pub const GRACE: Duration = Duration::from_secs(3);

/// How often a progress event is sent while cases run.
pub const PROGRESS_EVERY: Duration = Duration::from_secs(15);

/// The default directory for reports and case files of the CLI.
pub const DEFAULT_OUT_DIR: &str = "nhost-conformance-report";

/// Which re-run line a record carries first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RerunStyle {
    /// `NHOST_…=… cargo test -p harness --test conformance -- --exact NAME`.
    CargoTest,
    /// `nhost-conformance replay CASE_FILE`.
    Cli,
}

/// How a front-end wants the engine to run.
pub struct EngineOptions {
    /// Which re-run line records carry.
    pub rerun: RerunStyle,
    /// Where events go (open them before starting: a bad path then fails before any request).
    pub sinks: Vec<Box<dyn EventSink>>,
    /// Overrides of the embedded server's settings.
    pub server: Option<ServerConfig>,
    /// A transport of the front-end's own, put under the standard layers instead of the one
    /// the configuration names (the suites cannot tell the difference).
    pub transport: Option<(BoxTransport, TargetInfo)>,
    /// Stop cleanly on SIGINT/SIGTERM.
    pub handle_signals: bool,
    /// Write a case file for every failure (under `out_dir/cases`) and append failures to the
    /// regressions file.
    pub persist_failures: bool,
    /// Keep every exchange of passed cases whole in the final report (for comparing runs);
    /// by default a passed case keeps only what it sent, so a long run's memory stays flat.
    pub full_records: bool,
    /// Remove the case files an earlier run left in `out_dir/cases` before this run starts.
    /// Only a front-end that runs the whole plan sets it: under cargo-nextest every case is
    /// its own process (`--exact NAME`), and one must not delete the case files of another.
    pub clear_old_case_files: bool,
    /// Run only these cases (each with its own seed when given) instead of the whole plan.
    pub select: Option<Vec<(CaseName, Option<CaseSeed>)>>,
    /// Run only the cases whose name contains one of these (`run token::rotation`); none: all.
    /// A filter that matches no case is an error (exit 2).
    pub filters: Vec<String>,
    /// Use this stop flag instead of a fresh one: a campaign of several runs (`fuzz`) shares
    /// one flag, registered for signals once, so a signal between two runs still stops it.
    pub stop: Option<StopFlag>,
    /// Share these failure groups instead of fresh ones: a campaign's rounds shrink each failure
    /// signature once in all.
    pub groups: Option<Arc<FailureGroups>>,
}

impl EngineOptions {
    /// Options with no sinks, no signal handling and nothing persisted (mutation score, tests).
    pub fn quiet(rerun: RerunStyle) -> Self {
        Self {
            rerun,
            sinks: Vec::new(),
            server: None,
            transport: None,
            handle_signals: false,
            persist_failures: false,
            clear_old_case_files: false,
            full_records: false,
            select: None,
            filters: Vec::new(),
            stop: None,
            groups: None,
        }
    }
}

/// The end of a run: the report and what decides the exit code.
#[derive(Debug)]
pub struct RunOutcome {
    /// Every selected case, in plan order; unfinished ones as not run.
    pub report: RunReport,
    /// Why the run stopped early, if it did.
    pub stopped: Option<StopReason>,
    /// Expectations that matched nothing although their rule or property ran.
    pub stale: Vec<Expectation>,
    /// The first error of a report sink or case file, if any.
    pub write_error: Option<HarnessError>,
    /// Whether the configuration lets an incomplete run pass (`--allow-incomplete`).
    pub allow_incomplete: bool,
    /// What the cleanup of created users did (`None`: a local target, nothing configured).
    pub cleanup: Option<Cleanup>,
}

impl RunOutcome {
    /// Whether a case failed (or an expectation is stale).
    pub fn failed(&self) -> bool {
        self.report.cases.iter().any(|c| c.outcome.is_failure()) || !self.stale.is_empty()
    }

    /// Cases that could not check what they planned: not covered, or not run.
    pub fn incomplete(&self) -> usize {
        self.report
            .cases
            .iter()
            .filter(|c| {
                matches!(
                    c.outcome,
                    Outcome::NotCovered { .. } | Outcome::NotRun { .. }
                )
            })
            .count()
    }

    /// The exit code, most important first: a signal (130/143), a report that could not be
    /// written (4), a target that stopped answering (3), a failure (1), an incomplete run
    /// (not-covered or not-run cases, e.g. after a deadline: 5, unless allowed), success (0).
    /// `failed_code` is what a failure exits with (1 for the CLI, libtest's 101 under
    /// `cargo test`).
    pub fn exit_code_with(&self, failed_code: u8) -> u8 {
        match &self.stopped {
            Some(r @ (StopReason::Interrupted | StopReason::Terminated)) => return r.exit_code(),
            _ if self.write_error.is_some() => return exit::IO,
            Some(r @ StopReason::TargetGone { .. }) => return r.exit_code(),
            _ => {}
        }
        if self.failed() {
            failed_code
        } else if self.incomplete() > 0 && !self.allow_incomplete {
            exit::INCOMPLETE
        } else {
            exit::PASSED
        }
    }

    /// The CLI's exit code.
    pub fn exit_code(&self) -> u8 {
        self.exit_code_with(exit::FAILED)
    }
}

/// A run in progress. Shared through an `Arc` by the workers.
pub struct Engine {
    session: RunSession,
    plan: Vec<CasePlan>,
    events: Events,
    info: RunInfo,
    records: Mutex<Vec<Option<CaseRecord>>>,
    finished: AtomicBool,
    failures: AtomicUsize,
    case_dir: Option<PathBuf>,
    rerun: RerunStyle,
    program: String,
    signals: bool,
    full_records: bool,
}

impl Engine {
    /// Starts a run: installs the signal handler, prepares the case-file directory, starts and
    /// probes the target, plans the cases and sends [`RunEventKind::RunStarted`].
    ///
    /// A run that cannot start (an unreachable target, a bad contract, a refused write) still
    /// ends its sinks: they get a final report that holds no case and says why, so the JUnit,
    /// summaries and NDJSON exist and are valid on the day the target is down.
    pub fn start(config: RunConfig, mut options: EngineOptions) -> Result<Arc<Self>, HarnessError> {
        let not_started = NotStarted::of(&config);
        let sinks = std::mem::take(&mut options.sinks);
        let prepared = match Self::prepare(config, &mut options) {
            Ok(p) => p,
            Err(e) => {
                not_started.report(sinks, &e);
                return Err(e);
            }
        };
        let engine = Self {
            records: Mutex::new(vec![None; prepared.plan.len()]),
            events: Events::new(sinks),
            plan: prepared.plan,
            info: prepared.info,
            session: prepared.session,
            finished: AtomicBool::new(false),
            failures: AtomicUsize::new(0),
            case_dir: prepared.case_dir,
            rerun: options.rerun,
            program: replay_program(),
            signals: options.handle_signals,
            full_records: options.full_records,
        };
        let planned: Vec<PlannedCase> = engine.plan.iter().map(planned).collect();
        engine.events.emit(RunEventKind::RunStarted {
            info: &engine.info,
            plan: &planned,
        });
        Ok(Arc::new(engine))
    }

    /// Everything that can fail before the first event: signals, the case directory, the
    /// session (contract, target, probe) and the plan.
    fn prepare(config: RunConfig, options: &mut EngineOptions) -> Result<Prepared, HarnessError> {
        let stop = options.stop.clone().unwrap_or_default();
        let signals = options.handle_signals;
        if signals {
            signals::register(&stop).map_err(HarnessError::Runtime)?;
        }
        let unregister = |e| {
            if signals {
                signals::unregister();
            }
            e
        };
        let case_dir = if options.persist_failures {
            Some(prepare_case_dir(&config, options.clear_old_case_files).map_err(unregister)?)
        } else {
            None
        };
        let started_at = now_rfc3339();
        let mut session = match RunSession::start(
            config,
            options.server.take(),
            options.transport.take(),
            stop.clone(),
        ) {
            Ok(s) => s,
            Err(e) => {
                let e = match stop.reason() {
                    Some(reason) => HarnessError::Stopped(reason.to_string(), reason.exit_code()),
                    None => e,
                };
                return Err(unregister(e));
            }
        };
        if let Some(groups) = options.groups.take() {
            session.share_groups(groups);
        }
        let mut plan = session.plan();
        if let Some(wanted) = &options.select {
            plan = select(&plan, wanted)
                .map_err(|name| unregister(HarnessError::UnknownCase(name.to_string())))?;
        }
        super::plan::filter(&mut plan, &options.filters).map_err(unregister)?;
        let info = RunInfo {
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            target: session.config().target_label(),
            contract: session.env().contract.name().to_owned(),
            seed: session.config().seed,
            started_at,
            expectation_sets: session.config().expectation_sets.iter().cloned().collect(),
            contract_check: Some(contract_check(&session)),
            ..RunInfo::default()
        };
        Ok(Prepared {
            session,
            plan,
            info,
            case_dir,
        })
    }

    /// The planned cases.
    pub fn plan(&self) -> &[CasePlan] {
        &self.plan
    }

    /// The session (target, environment, configuration).
    pub fn session(&self) -> &RunSession {
        &self.session
    }

    /// The run's stop flag.
    pub fn stop(&self) -> &StopFlag {
        self.session.stop()
    }

    /// Runs planned case `index` (a not-covered one is recorded without running, a case after
    /// the run stopped is not run), records it and sends its events.
    pub fn run_case(&self, index: usize) -> CaseRecord {
        let plan = &self.plan[index];
        if let Some(reason) = &plan.ignored {
            let record = case::not_covered(&self.session, plan, reason);
            return self.finish_case(index, self.with_rerun(plan, record));
        }
        self.check_deadline();
        if self.finished.load(Ordering::SeqCst) || self.stop().is_stopped() {
            return case::unfinished(&self.session, plan);
        }
        self.events.emit(RunEventKind::CaseStarted {
            case: &planned(plan),
        });
        let record = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            case::execute(&self.session, plan)
        }))
        .unwrap_or_else(|panic| case::panicked(&self.session, plan, panic_message(panic.as_ref())));
        if matches!(record.outcome, Outcome::NotRun { .. }) {
            return record;
        }
        let (record, cargo_rerun) = self.persist(plan, record);
        self.finish_case_with(index, record, cargo_rerun.as_deref())
    }

    fn finish_case(&self, index: usize, record: CaseRecord) -> CaseRecord {
        self.finish_case_with(index, record, None)
    }

    fn finish_case_with(
        &self,
        index: usize,
        record: CaseRecord,
        cargo_rerun: Option<&str>,
    ) -> CaseRecord {
        // Checked, stored and sent under the records lock, so a case is either in the final
        // report as finished and in the stream, or in neither (reported not run).
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        if self.finished.load(Ordering::SeqCst) {
            return record;
        }
        records[index] = Some(if self.full_records {
            record.clone()
        } else {
            kept(&record)
        });
        self.events.emit(RunEventKind::CaseFinished {
            record: &record,
            cargo_rerun,
        });
        drop(records);
        if record.outcome.is_failure() {
            let failures = self.failures.fetch_add(1, Ordering::SeqCst) + 1;
            if self.session.config().max_fail == Some(failures) {
                self.stop().stop(StopReason::MaxFail { failures });
            }
        }
        record
    }

    /// Adds the re-run line; for a failure, writes its case file and regression entry first.
    /// Returns the `cargo test` line too when the record's line is the `replay` one.
    fn persist(&self, plan: &CasePlan, record: CaseRecord) -> (CaseRecord, Option<String>) {
        if !record.outcome.is_failure() {
            return (self.with_rerun(plan, record), None);
        }
        let file = CaseFile::of(self.session.config(), &plan.name, &record);
        if let Some(path) = &self.session.config().regressions {
            let entry = Regression {
                case: plan.name.without_seed(),
                seed: plan.seed,
            };
            let note = file.rules.first().map_or("failed", String::as_str);
            if let Err(e) = regressions::append(path, &entry, note) {
                self.events.record_error(e);
            }
        }
        let mut record = record;
        let mut cargo_rerun = None;
        record.rerun = match (&self.case_dir, self.rerun) {
            (Some(dir), RerunStyle::Cli) => match file.write(dir) {
                Ok(path) => {
                    cargo_rerun = Some(file.cargo_test_line());
                    format!(
                        "{} replay {}",
                        self.program,
                        shell_quote(&path.display().to_string())
                    )
                }
                Err(e) => {
                    self.events.record_error(e);
                    file.cargo_test_line()
                }
            },
            (Some(dir), RerunStyle::CargoTest) => {
                if let Err(e) = file.write(dir) {
                    self.events.record_error(e);
                }
                file.cargo_test_line()
            }
            (None, _) => file.cargo_test_line(),
        };
        (record, cargo_rerun)
    }

    /// A record that did not pass carries the `cargo test` line that re-runs it; a passed one
    /// carries none (nothing to re-run, and no per-case cost on the hot path).
    fn with_rerun(&self, plan: &CasePlan, mut record: CaseRecord) -> CaseRecord {
        if !matches!(record.outcome, Outcome::Passed) {
            record.rerun =
                CaseFile::of(self.session.config(), &plan.name, &record).cargo_test_line();
        }
        record
    }

    /// Stops the run when its `--max-duration` has passed. Checked before every case (the
    /// libtest front-end runs cases on its own threads) and by [`Engine::execute`]'s loop.
    fn check_deadline(&self) {
        if let Some(bound) = self.session.config().max_duration {
            if self.session.started().elapsed() >= bound {
                self.stop().stop(StopReason::Deadline {
                    seconds: bound.as_secs_f64(),
                });
            }
        }
    }

    /// How many cases run at once with `jobs` asked for: one when any operation has a budget,
    /// so cases spend it in plan order and the same seed covers the same cases every time.
    pub fn effective_jobs(&self, jobs: usize) -> usize {
        if self.session.config().budgets.is_limited() {
            1
        } else {
            jobs
        }
    }

    /// Runs every planned case on [`Engine::effective_jobs`] worker threads; returns when all
    /// finished, or when the run was told to stop and the grace period is over. Sends progress
    /// events meanwhile.
    pub fn execute(self: &Arc<Self>, jobs: usize) -> Result<(), HarnessError> {
        let jobs = self.effective_jobs(jobs);
        let total = self.plan.len();
        let next = Arc::new(AtomicUsize::new(0));
        // Counted, not sent: a message per case would wake this thread once per case. The channel
        // only carries the workers' ends (it disconnects when the last one is done).
        let counts = Arc::new((AtomicUsize::new(0), AtomicUsize::new(0)));
        let (done_tx, done_rx) = mpsc::channel::<()>();
        let mut spawned = 0;
        for n in 0..jobs.clamp(1, total.max(1)) {
            let (engine, next, done) = (Arc::clone(self), Arc::clone(&next), done_tx.clone());
            let counts = Arc::clone(&counts);
            let worker = std::thread::Builder::new()
                .name(format!("nhost-conformance-case-{n}"))
                .spawn(move || {
                    let _done = done;
                    loop {
                        if engine.stop().is_stopped() {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        if i >= total {
                            break;
                        }
                        let record = engine.run_case(i);
                        counts.0.fetch_add(1, Ordering::Relaxed);
                        if record.outcome.is_failure() {
                            counts.1.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                });
            match worker {
                Ok(_) => spawned += 1,
                Err(e) if spawned == 0 => {
                    return Err(HarnessError::Runtime(format!(
                        "cannot start a worker thread: {e}"
                    )))
                }
                Err(e) => {
                    tracing::warn!("running with {spawned} worker(s): cannot start more: {e}");
                    break;
                }
            }
        }
        drop(done_tx);
        let mut last_progress = Instant::now();
        let mut grace_until: Option<Instant> = None;
        loop {
            let tick = Duration::from_millis(200);
            match done_rx.recv_timeout(tick) {
                Ok(()) | Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            self.check_deadline();
            if self.stop().is_stopped() {
                let until = *grace_until.get_or_insert_with(|| Instant::now() + GRACE);
                if Instant::now() >= until {
                    break;
                }
            }
            if last_progress.elapsed() >= PROGRESS_EVERY {
                last_progress = Instant::now();
                self.events.emit(RunEventKind::Progress {
                    finished: counts.0.load(Ordering::Relaxed),
                    planned: total,
                    failed: counts.1.load(Ordering::Relaxed),
                });
            }
        }
        Ok(())
    }

    /// Ends the run: every case `selected` (all, for the CLI; libtest's filter under `cargo
    /// test`) that did not finish is reported as not run, the whole-run reports are written
    /// ([`RunEventKind::RunFinished`]) and the outcome returned. Events after this are dropped.
    pub fn finish(&self, selected: &dyn Fn(&CasePlan) -> bool, whole_run: bool) -> RunOutcome {
        // Taken, not cloned, under the lock that `finish_case` holds: no case is recorded or
        // streamed once `finished` is set.
        let records = {
            let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
            self.finished.store(true, Ordering::SeqCst);
            std::mem::take(&mut *records)
        };
        if self.signals {
            signals::unregister();
        }
        let stopped = self.stop().reason();
        let cases: Vec<CaseRecord> = self
            .plan
            .iter()
            .zip(records)
            .filter(|(plan, _)| selected(plan))
            .map(|(plan, record)| record.unwrap_or_else(|| case::unfinished(&self.session, plan)))
            .collect();
        // Before the traffic is read: the cleanup's call is counted too.
        let cleanup = self.clean_up();
        let mut info = self.info.clone();
        info.duration_ms = self.session.started().elapsed().as_secs_f64() * 1000.0;
        info.traffic = Some(self.session.limits().traffic());
        // Issue 15: the catalogue entries of the rules this run mentions, for the reports.
        let rules = suites::catalogue::of_cases(&self.session.env().contract, &cases);
        info.allow_incomplete = self.session.config().allow_incomplete;
        let drift = super::drift::drift(self.session.shapes(), self.session.env());
        let mut report = RunReport {
            info,
            cases,
            rules,
            rounds: Vec::new(),
            drift,
        };
        let stale = if whole_run && stopped.is_none() {
            self.stale_expectations(&report)
        } else {
            Vec::new()
        };
        report.info.stale_expectations = stale.iter().map(Expectation::label).collect();
        let (stopped_text, cleanup_text) = (
            stopped.as_ref().map(ToString::to_string),
            cleanup.as_ref().map(ToString::to_string),
        );
        self.events.emit_final(RunEventKind::RunFinished {
            report: &report,
            stopped: stopped_text.as_deref(),
            cleanup: cleanup_text.as_deref(),
        });
        RunOutcome {
            cleanup,
            allow_incomplete: self.session.config().allow_incomplete,
            write_error: self.events.take_error(),
            report,
            stopped,
            stale,
        }
    }

    /// Deletes the users the run created when an admin secret and a GraphQL URL are configured;
    /// against a remote target without them, says what was left behind.
    fn clean_up(&self) -> Option<Cleanup> {
        let config = self.session.config();
        let created = self.session.guard().created_users();
        let secrets = &self.session.env().secrets;
        let scrubbed = |c: Cleanup| match c {
            Cleanup::Failed(m) => Cleanup::Failed(secrets.scrub(&m)),
            other => other,
        };
        match (&config.admin_secret, &config.graphql_url) {
            (Some(secret), Some(url)) => {
                if !created.is_empty() {
                    // One GraphQL call deletes them all.
                    self.session.limits().count_elsewhere("cleanup", 1);
                }
                Some(scrubbed(self.session.runtime().block_on(
                    cleanup::delete_users(url, secret, &created, config.request_timeout),
                )))
            }
            _ if config.target_is_local() => None,
            _ => Some(Cleanup::Skipped(format!(
                "{} user(s) created by this run remain (tagged {:?}); set NHOST_ADMIN_SECRET and NHOST_GRAPHQL_URL (or NHOST_SUBDOMAIN and NHOST_REGION) to delete them",
                created.len(),
                config.namespace
            ))),
        }
    }

    /// Rule-scoped expectations that matched nothing although a case exercised their rule, and
    /// property-scoped ones whose property ran and never failed: stale entries.
    fn stale_expectations(&self, report: &RunReport) -> Vec<Expectation> {
        let exercised: BTreeSet<&str> = report
            .cases
            .iter()
            .flat_map(|c| c.rules.iter().map(String::as_str))
            .collect();
        let ran: BTreeSet<String> = report
            .cases
            .iter()
            .filter(|c| {
                !matches!(
                    c.outcome,
                    Outcome::NotRun { .. } | Outcome::NotCovered { .. }
                )
            })
            .map(|c| format!("{}::{}", c.suite, c.property))
            .collect();
        self.session
            .judge()
            .unused()
            .into_iter()
            .filter(|e| {
                !e.intermittent
                    && e.rule.as_deref().is_none_or(|r| exercised.contains(r))
                    && e.property.as_ref().is_none_or(|p| ran.contains(p))
            })
            .collect()
    }
}

/// What [`Engine::prepare`] makes.
struct Prepared {
    session: RunSession,
    plan: Vec<CasePlan>,
    info: RunInfo,
    case_dir: Option<PathBuf>,
}

/// What a run that could not start reports: the facts known before it tried, and why.
struct NotStarted {
    info: RunInfo,
    secrets: suites::Secrets,
}

impl NotStarted {
    /// The facts of `config` (target, contract, seed) and its secrets, taken before the start.
    fn of(config: &RunConfig) -> Self {
        let secrets = suites::Secrets::new();
        config.learn_secrets(&secrets);
        Self {
            info: RunInfo {
                tool_version: env!("CARGO_PKG_VERSION").to_owned(),
                target: config.target_label(),
                contract: config.contract.clone(),
                seed: config.seed,
                started_at: now_rfc3339(),
                expectation_sets: config.expectation_sets.iter().cloned().collect(),
                ..RunInfo::default()
            },
            secrets,
        }
    }

    /// Sends `sinks` the final report of a run that did not start because of `error`.
    fn report(self, sinks: Vec<Box<dyn EventSink>>, error: &HarnessError) {
        let mut info = self.info;
        let mut reason = error.to_string();
        self.secrets.clean_in_place(&mut reason);
        info.not_started = Some(reason);
        let report = RunReport {
            info,
            cases: Vec::new(),
            rules: Vec::new(),
            rounds: Vec::new(),
            drift: None,
        };
        let events = Events::new(sinks);
        events.emit_final(RunEventKind::RunFinished {
            report: &report,
            stopped: None,
            cleanup: None,
        });
        if let Some(e) = events.take_error() {
            tracing::error!("{e}");
        }
    }
}

/// A case of the plan as the event sinks see it.
fn planned(plan: &CasePlan) -> PlannedCase {
    PlannedCase::new(plan.name.clone(), plan.seed, plan.ignored.clone())
}

/// The contract's self-check (its examples against their own subschemas), for every report's
/// contract section: information, never a case, since no target can change it. Failures a
/// built-in or project expectation knows carry its reason.
fn contract_check(session: &RunSession) -> ContractCheck {
    let report = contract::self_check_contract(&session.env().contract);
    let rule = suites::rules::SCHEMA_EXAMPLES_VALID;
    let failures: Vec<results::Finding> = report
        .failures
        .iter()
        .map(|f| results::Finding {
            rule: rule.to_owned(),
            pointer: f.example_pointer.clone(),
            message: format!(
                "example does not validate against {}: {}",
                f.schema_pointer, f.reason
            ),
        })
        .collect();
    let known = if failures.is_empty() {
        None
    } else {
        session.judge().known("schema::examples", rule)
    };
    ContractCheck {
        examples_checked: report.examples_checked,
        failures,
        known,
    }
}

/// What the run keeps of a finished case for the whole-run reports. A passed case keeps, of each
/// exchange, what the slowest-requests table shows (operation, method, URL, status, time) and the
/// request body: its headers, response body and curl line were streamed to the sinks with
/// [`RunEventKind::CaseFinished`] and no whole-run report shows them, so a long run's memory does
/// not grow by them. Every other case is kept whole.
fn kept(record: &CaseRecord) -> CaseRecord {
    if !matches!(record.outcome, Outcome::Passed) {
        return record.clone();
    }
    let exchanges = record
        .exchanges
        .iter()
        .map(|x| results::Exchange {
            operation: x.operation.clone(),
            method: x.method.clone(),
            url: x.url.clone(),
            request_headers: Vec::new(),
            request_body: x.request_body.clone(),
            status: x.status,
            response_headers: Vec::new(),
            response_body: None,
            elapsed_ms: x.elapsed_ms,
            error: x.error.clone(),
            curl: String::new(),
            via: x.via.clone(),
            returned: None,
        })
        .collect();
    CaseRecord {
        name: record.name.clone(),
        suite: record.suite.clone(),
        property: record.property.clone(),
        outcome: Outcome::Passed,
        duration_ms: record.duration_ms,
        seed: record.seed,
        rules: record.rules.clone(),
        findings: record.findings.clone(),
        exchanges,
        minimal_input: record.minimal_input.clone(),
        rerun: record.rerun.clone(),
        reactions: record.reactions.clone(),
        observations: record.observations.clone(),
        investigation: record.investigation.clone(),
    }
}

/// Creates `out_dir/cases` (failing now if it cannot be written) and, when `clear_old` is set,
/// removes the case files a previous run left there. A file that another process removed
/// first is not an error.
fn prepare_case_dir(config: &RunConfig, clear_old: bool) -> Result<PathBuf, HarnessError> {
    let dir = config
        .out_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT_DIR))
        .join("cases");
    let err = |e: std::io::Error| HarnessError::Write {
        path: dir.display().to_string(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(&dir).map_err(err)?;
    if !clear_old {
        return Ok(dir);
    }
    for entry in std::fs::read_dir(&dir).map_err(err)?.flatten() {
        let path = entry.path();
        if path.to_string_lossy().ends_with(".case.json") {
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(err(e)),
                _ => {}
            }
        }
    }
    Ok(dir)
}

/// How to call this binary in a printed command: `nhost-conformance` when that name on `PATH`
/// is this very binary, otherwise its path (relative to the current directory when inside it).
pub(crate) fn replay_program() -> String {
    let Ok(exe) = std::env::current_exe().and_then(|p| p.canonicalize()) else {
        return "nhost-conformance".to_owned();
    };
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            dir.join("nhost-conformance")
                .canonicalize()
                .is_ok_and(|p| p == exe)
        })
    });
    if on_path {
        return "nhost-conformance".to_owned();
    }
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| exe.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| exe.clone());
    shell_quote(&shown.display().to_string())
}

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Now, as RFC 3339 UTC with seconds.
fn now_rfc3339() -> String {
    // Whole seconds in UTC (`2026-12-07T12:00:00Z`), as every report has shown them.
    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::now_utc()
        .format(FORMAT)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::now_rfc3339;

    #[test]
    fn the_run_start_is_rfc3339_utc_in_whole_seconds() {
        let now = now_rfc3339();
        let parsed =
            time::OffsetDateTime::parse(&now, &time::format_description::well_known::Rfc3339)
                .unwrap_or_else(|e| panic!("{now}: {e}"));
        assert_eq!(parsed.offset(), time::UtcOffset::UTC, "{now}");
        assert_eq!(parsed.nanosecond(), 0, "{now}");
        assert_eq!(now.len(), "2026-12-07T12:00:00Z".len(), "{now}");
        assert!(parsed.year() >= 2024, "{now}");
    }
}
