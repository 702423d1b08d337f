//! `nhost-conformance mutation-score`.

use std::io::Write;

use reference_server::{Fault, Profile};

use super::args::ScoreArgs;
use super::exit;
use crate::config::{self, parse_faults, ConfigLayer};
use crate::errors::{ConfigError, HarnessError};
use crate::score::{mutation_score, ScoreOptions};

/// Scores the faults and prints the table; exit 1 when a fault is missed or the clean run fails.
pub fn score(args: &ScoreArgs) -> Result<u8, HarnessError> {
    let flag =
        |name: &str, m: String| HarnessError::Config(ConfigError::new("command line", name, m));
    let mut layer = ConfigLayer::new(crate::config::settings::COMMAND_LINE);
    if let Some(cases) = &args.cases {
        layer.set_env("NHOST_CASES", cases.clone());
    }
    if let Some(seed) = &args.seed {
        layer.set_env("NHOST_SEED", seed.clone());
    }
    let base = config::load(Some(&layer))?;
    let profiles = match args.profile.as_str() {
        "both" => Profile::all().to_vec(),
        p => vec![p
            .parse::<Profile>()
            .map_err(|e| flag("--profile", format!("{e} (or `both`)")))?],
    };
    let faults = if args.faults.is_empty() {
        Fault::all().to_vec()
    } else {
        parse_faults(&args.faults).map_err(|m| flag("--fault", m))?
    };
    let options = ScoreOptions {
        base,
        profiles,
        faults,
        jobs: 2,
    };
    let report = mutation_score(&options, &|row| {
        let what = row.fault.map_or("(clean run)", |f| f.name());
        eprintln!(
            "{} {what}: {}/{} cases failed",
            row.profile, row.failed_cases, row.cases
        );
    })?;
    let table = report.markdown();
    // The run talks to servers, so a closed stdout must not panic (see `pipe`).
    let _ = writeln!(std::io::stdout(), "{table}");
    if let Some(path) = &args.markdown {
        std::fs::write(path, &table).map_err(|e| HarnessError::Write {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
    }
    let (caught, total) = report.score();
    Ok(if caught == total && report.false_positives().is_empty() {
        exit::PASSED
    } else {
        exit::FAILED
    })
}
