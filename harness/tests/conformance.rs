//! Every selected suite against the configured target, one libtest-mimic trial per case.
//!
//! `cargo test` runs it against the embedded reference server; point it elsewhere with
//! `NHOST_AUTH_URL=https://… cargo test -p harness --test conformance`.

fn main() -> std::process::ExitCode {
    harness::runner::libtest::main()
}
