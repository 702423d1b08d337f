//! JUnit XML through quick-junit. The main type is [`JunitSink`]; [`junit_report`] builds the
//! quick-junit [`Report`](quick_junit::Report) a run maps to, and `xml` is its sanitiser: every
//! string in that model passes through it, so the file is well-formed XML 1.0 whatever a target
//! sent.

mod imp;
mod xml;

pub use imp::{junit_report, JunitSink, REPORT_NAME};
