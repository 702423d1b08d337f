//! A closed stdout (`nhost-conformance trials --list | head`) ends a listing quietly, the Unix
//! way, instead of a panic in whichever `println!` (ours or libtest-mimic's) hits it first.
//!
//! Only for commands that print and never open a socket (`--list`, `faults`, `rules`,
//! `check-schema`): hyper writes requests and responses with `writev`, which cannot suppress
//! SIGPIPE the way `send(MSG_NOSIGNAL)` does, so with the default disposition a peer closing a
//! connection mid-write would kill a run. Commands that talk to a target keep Rust's "ignore" and
//! write their stdout lines without panicking.

/// Restores the default SIGPIPE disposition (terminate), which Rust's runtime sets to "ignore".
/// Call it only in a command that opens no socket (see the module doc).
pub fn quiet_on_closed_stdout() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_DFL installs no handler code and is
    // async-signal-safe; it runs before the listing starts any thread.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
