//! Every selected suite against the configured target, one libtest-mimic trial per case.
//!
//! `cargo test` runs it against the embedded reference server; point it elsewhere with
//! `NHOST_AUTH_URL=https://… cargo test -p harness --test conformance`. Case files of failures
//! go to `NHOST_OUT_DIR` (default: `target/tmp/nhost-conformance/cases`).

fn main() -> std::process::ExitCode {
    harness::cli::trials::main(Some(std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))))
}
