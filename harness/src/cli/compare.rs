//! `nhost-conformance compare`: the same cases through HTTP and through the SDK, and every
//! difference in what the caller sees ([`crate::runner::compare`]). Each run gets its own
//! embedded server (or, against a URL, its own email namespace). Exit 0 when the caller sees
//! the same both ways, 1 when anything differs.

use std::io::Write;
use std::path::PathBuf;

use super::args::RunArgs;
use crate::config::{self, RunConfig, TargetSpec, ViaKind};
use crate::errors::HarnessError;
use crate::runner::compare::{compare as diff, Comparison};
use crate::runner::{Console, Engine, EngineOptions, RerunStyle, StopReason, DEFAULT_OUT_DIR};
use crate::transport::sdk::install::sdk_label;

/// Differences printed on the terminal; the rest are in the file.
const SHOWN: usize = 40;

/// Runs the plan both ways and reports the differences; returns the exit code.
pub fn compare(args: &RunArgs) -> Result<u8, HarnessError> {
    let base = config::load(Some(&args.settings.layer()))?;
    let out_dir = base
        .out_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT_DIR));
    // Opened before the first request: a path that cannot be written fails here (exit 4).
    let path = out_dir.join("compare.md");
    let write_error = |e: std::io::Error| HarnessError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(&out_dir).map_err(write_error)?;
    let mut file = std::fs::File::create(&path).map_err(write_error)?;
    let mut base = base;
    // A shrunk failure would be another input than the other run's: compare first runs.
    base.shrink_steps = 0;
    let mut http = base.clone();
    http.via = ViaKind::Http;
    let mut sdk = base.clone();
    sdk.via = ViaKind::Sdk;
    if matches!(base.target, TargetSpec::Url(_)) {
        // The same users cannot be signed up twice on one service.
        sdk.namespace = format!("{}sdk", base.namespace);
    }
    let label = sdk_label(base.sdk);
    let namespaces = [http.namespace.clone(), sdk.namespace.clone()];
    // One case at a time both ways: the account pool then hands each case the same account.
    eprintln!("running the plan through HTTP…");
    let http_report = match run_once(http, &args.filters)? {
        Ok(report) => report,
        Err(code) => return Ok(code),
    };
    eprintln!("running the plan through {label}…");
    let sdk_report = match run_once(sdk, &args.filters)? {
        Ok(report) => report,
        Err(code) => return Ok(code),
    };
    let found = diff(
        &http_report,
        &sdk_report,
        [namespaces[0].as_str(), namespaces[1].as_str()],
    );
    let text = markdown(&found, &label);
    file.write_all(text.as_bytes()).map_err(write_error)?;
    for d in found.differences.iter().take(SHOWN) {
        eprintln!("DIFFERENT {}", reports::terminal_safe(&d.to_string()));
    }
    if found.differences.len() > SHOWN {
        eprintln!(
            "… and {} more in {}",
            found.differences.len() - SHOWN,
            path.display()
        );
    }
    eprintln!("comparison: {}", path.display());
    println!("{}", headline(&found, &label));
    Ok(if !found.differences.is_empty() {
        results::exit::FAILED
    } else if !found.not_compared.is_empty() {
        // Some planned cases could not be compared: not a pass.
        results::exit::INCOMPLETE
    } else {
        results::exit::PASSED
    })
}

/// The one-line result of a comparison.
fn headline(found: &Comparison, label: &str) -> String {
    format!(
        "{} cases compared through HTTP and through {label}: {} differences in what the caller sees ({} cases not applicable through the SDK, {} not run to a verdict on one side and not compared)",
        found.compared,
        found.differences.len(),
        found.not_applicable.len(),
        found.not_compared.len()
    )
}

/// One run (of the cases `filters` name, all when empty) to its report, or the exit code of a
/// run stopped by a signal.
fn run_once(
    config: RunConfig,
    filters: &[String],
) -> Result<Result<results::RunReport, u8>, HarnessError> {
    let sinks: Vec<Box<dyn results::EventSink>> = vec![Box::new(Console::new(true))];
    let engine = Engine::start(
        config,
        EngineOptions {
            sinks,
            handle_signals: true,
            full_records: true,
            filters: filters.to_vec(),
            ..EngineOptions::quiet(RerunStyle::Cli)
        },
    )?;
    engine.execute(1)?;
    let outcome = engine.finish(&|_| true, true);
    // A run stopped by a signal or a target that went away ends the comparison with its code;
    // after a deadline the cases that ran are still compared.
    match &outcome.stopped {
        Some(reason) if !matches!(reason, StopReason::Deadline { .. }) => {
            Ok(Err(reason.exit_code()))
        }
        _ => Ok(Ok(outcome.report)),
    }
}

/// The comparison as Markdown.
fn markdown(found: &Comparison, label: &str) -> String {
    let mut out = format!("# HTTP vs {label}\n\n{}.\n\n", headline(found, label));
    if !found.differences.is_empty() {
        out.push_str("| Case | Exchange | Operation | Pointer | HTTP caller saw | SDK caller saw |\n| --- | ---: | --- | --- | --- | --- |\n");
        for d in &found.differences {
            out.push_str(&format!(
                "| `{}` | {} | {} | `{}` | {} | {} |\n",
                d.case,
                d.exchange.map_or_else(String::new, |n| n.to_string()),
                d.operation,
                d.pointer,
                reports::escape_markdown(&d.http),
                reports::escape_markdown(&d.sdk)
            ));
        }
    }
    out
}
