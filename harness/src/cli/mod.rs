//! The `nhost-conformance` command line. The main function is [`main_impl`]; the binary's `main`
//! only calls it.

mod args;
mod compare;
mod drift;
pub(crate) mod exit;
mod expectations;
mod fuzz;
mod history;
mod merge;
mod pipe;
mod replay;
mod rules;
mod run;
mod schema;
mod score;
mod serve;
mod settings_args;
pub mod trials;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;

pub use args::{
    default_reports, parse_duration, Cli, Command, FuzzArgs, HistoryArgs, MergeArgs, RulesArgs,
    RunArgs, MAX_FUZZ_DURATION,
};
pub use exit::{code_of, FAILED, INCOMPLETE, INTERRUPTED, IO, PASSED, TARGET, TERMINATED, USAGE};
pub use pipe::quiet_on_closed_stdout;
pub use settings_args::{RunFlags, SettingArgs, SuiteFlags, TakesSettings, TargetFlags};

/// Parses the command line, runs the subcommand, and maps expected errors to exit codes.
pub fn main_impl() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            e.exit()
        }
        Err(e) => {
            // One line, like every other bad input: clap's first line, without the usage block.
            let text = e.render().to_string();
            eprintln!(
                "{}",
                text.lines().next().unwrap_or("error: bad command line")
            );
            return ExitCode::from(exit::USAGE);
        }
    };
    init_logging();
    let result = match &cli.command {
        Command::Run(a) => run::run(a),
        Command::Compare(a) => compare::compare(a),
        Command::Replay(a) => replay::replay(a),
        Command::Expectations(a) => {
            quiet_on_closed_stdout();
            expectations::expectations(a)
        }
        Command::CheckSchema(a) => {
            quiet_on_closed_stdout();
            schema::check_schema(a)
        }
        Command::Serve(a) => serve::serve(a),
        Command::Faults => {
            quiet_on_closed_stdout();
            Ok(serve::faults())
        }
        Command::Rules(a) => {
            quiet_on_closed_stdout();
            rules::rules(a)
        }
        Command::MutationScore(a) => score::score(a),
        Command::Fuzz(a) => fuzz::fuzz(a),
        Command::MergeReports(a) => merge::merge_reports(a),
        Command::History(a) => history::history(a),
        Command::Drift(a) => drift::drift(a),
        Command::Trials(a) => {
            let argv = std::iter::once("nhost-conformance trials".to_owned())
                .chain(a.libtest.iter().cloned());
            return trials::run(libtest_mimic::Arguments::from_iter(argv), None);
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => exit::report(&e),
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("NHOST_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
