//! A closed stdout (`nhost-conformance trials --list | head`) ends the process quietly, the Unix
//! way, instead of a panic in whichever `println!` (ours or libtest-mimic's) hits it first.

/// Restores the default SIGPIPE disposition (terminate), which Rust's runtime sets to "ignore".
/// Sockets are not affected: the standard library sends with `MSG_NOSIGNAL`.
pub fn quiet_on_closed_stdout() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_DFL installs no handler code and is
    // async-signal-safe; it runs before any other thread of ours exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
