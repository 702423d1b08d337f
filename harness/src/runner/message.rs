//! The failure message of a case: what libtest prints, readable at 3 a.m.

use std::fmt::Write;

use results::Investigation;
use results::{CaseRecord, Outcome};

/// The text printed for a case that did not pass, or `None` for a pass.
pub fn failure_text(case: &CaseRecord) -> Option<String> {
    let mut out = String::new();
    match &case.outcome {
        Outcome::Passed | Outcome::ExpectedFailure { .. } | Outcome::NotApplicable { .. } => {
            return None
        }
        Outcome::NotRun { reason } => {
            let _ = writeln!(out, "NOT RUN: {reason}");
        }
        Outcome::Flaky { reason } => {
            let _ = writeln!(
                out,
                "FLAKY: failed once, then passed when re-run ({reason})"
            );
        }
        Outcome::NotCovered { reason } => {
            let _ = writeln!(out, "NOT COVERED: {reason}");
            let _ = writeln!(out, "This case could not exercise its rules on this target, so it is not counted as passed.");
        }
        Outcome::UnexpectedPass { reason } => {
            let _ = writeln!(
                out,
                "UNEXPECTED PASS: this case was expected to fail ({reason}) but passed."
            );
            let _ = writeln!(out, "Remove the stale [[expect]] entry.");
        }
        Outcome::Failed => {
            let _ = writeln!(out, "{} violation(s):", case.findings.len());
            for f in &case.findings {
                let at = if f.pointer.is_empty() {
                    String::new()
                } else {
                    format!(" at {}", f.pointer)
                };
                let _ = writeln!(out, "  - [{}]{at}: {}", f.rule, f.message);
            }
        }
    }
    if let Some(i) = &case.investigation {
        let _ = writeln!(out, "failure signature {}: {}", i.signature, i.label);
        if let Some(why) = &i.unfinished {
            let _ = writeln!(out, "{why}");
        } else if i.shrink_steps > 0 {
            let _ = writeln!(
                out,
                "shrunk to its minimum in {} step(s), {} request(s)",
                i.shrink_steps, i.requests
            );
        }
    }
    if let Some(input) = &case.minimal_input {
        let pretty = serde_json::to_string_pretty(input).unwrap_or_default();
        let shrunk = case
            .investigation
            .as_ref()
            .is_none_or(Investigation::is_representative);
        let heading = if shrunk {
            "minimal input"
        } else {
            "input (not shrunk)"
        };
        let _ = writeln!(out, "{heading}:\n{}", indent(&pretty));
    }
    if !case.exchanges.is_empty() {
        let _ = writeln!(out, "exchanges:");
        for (i, x) in case.exchanges.iter().enumerate() {
            let status = x
                .status
                .map_or_else(|| "no response".to_owned(), |s| format!("HTTP {s}"));
            let _ = writeln!(
                out,
                "  {}. {} -> {status} ({:.0} ms)",
                i + 1,
                x.operation,
                x.elapsed_ms
            );
            if let Some(via) = &x.via {
                let _ = writeln!(out, "     via: {via}");
            }
            let _ = writeln!(out, "     {}", x.curl);
            if let Some(body) = &x.response_body {
                let _ = writeln!(out, "     response: {}", clip(body, 600));
            }
            if let Some(returned) = &x.returned {
                let _ = writeln!(out, "     returned to the caller: {}", clip(returned, 600));
            }
        }
    }
    let _ = writeln!(out, "seed: {}", case.seed);
    let _ = write!(out, "re-run: {}", case.rerun);
    Some(out)
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}… ({} bytes in all)", s.len())
}
