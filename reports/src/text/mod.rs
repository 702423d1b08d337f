//! Plain-text helpers shared by the writers: one-line messages and truncation (from
//! [`results::text`]), the
//! characters no reader should get raw and their visible escapes ([`controls`]), and the
//! terminal sanitiser [`terminal_safe`].
//!
//! Each report format has one sanitiser built on [`controls`]: JUnit in `junit::xml`, Markdown
//! and HTML in `summary::escape`, NDJSON in `ndjson::formatter`, terminals here.

mod controls;
mod terminal;

pub(crate) use controls::{escape_controls, escape_controls_multiline, is_unsafe, push_escape};
pub(crate) use results::text::{one_line, truncate};
pub use terminal::terminal_safe;
