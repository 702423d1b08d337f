//! Integration tests of the reports crate, in one binary: property round trips, the
//! independent JUnit reader (Python's junitparser), hostile text through every writer, and
//! headless Chromium.
//!
//! The reader and the browser are installed by `scripts/test-deps`; without them the tests
//! fail with a message naming that script.

mod chromium;
mod common;
mod history;
mod hostile;
mod junit_reader;
mod markdown;
mod roundtrip;
mod strategies;
