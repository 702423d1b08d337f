//! `nhost-conformance check-schema PATH`: the schema self-check.

use super::args::CheckSchemaArgs;
use super::exit;
use crate::errors::HarnessError;

/// Checks the schema and prints what it finds; exit 1 when an example fails.
pub fn check_schema(args: &CheckSchemaArgs) -> Result<u8, HarnessError> {
    let check = contract::check_schema_file(&args.path)?;
    let report = &check.report;
    println!(
        "{}: compiles as draft 2020-12 with formats asserted; {} rule(s)",
        args.path.display(),
        check.rules
    );
    for f in &report.failures {
        println!(
            "FAIL {} (against {}): {}",
            f.example_pointer, f.schema_pointer, f.reason
        );
    }
    println!(
        "{} example(s) checked, {} failed",
        report.examples_checked,
        report.failures.len()
    );
    Ok(if report.failures.is_empty() {
        exit::PASSED
    } else {
        exit::FAILED
    })
}
