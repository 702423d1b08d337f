//! `nhost-conformance`: property-based conformance tests for Nhost Auth.

fn main() -> std::process::ExitCode {
    harness::cli::main_impl()
}
