//! SIGINT/SIGTERM handling for the whole process. The first signal stops the current run
//! ([`StopReason::Interrupted`] / [`StopReason::Terminated`]): no new case starts, in-flight
//! cases get a short grace period, every report is written, and the process exits 130 or 143.
//! A second signal, or a signal while no run is going, exits at once with that code.
//!
//! The handler is installed once, on a thread of its own running tokio's signal streams, and
//! forwards to whichever run registered its [`StopFlag`] last.

use std::sync::{Mutex, OnceLock};

use super::stop::{StopFlag, StopReason};

static CURRENT: Mutex<Option<StopFlag>> = Mutex::new(None);
static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();

/// Registers `flag` as the run the next signal stops, installing the handler on first use.
pub fn register(flag: &StopFlag) -> Result<(), String> {
    INSTALLED.get_or_init(install).clone()?;
    *CURRENT.lock().unwrap_or_else(|e| e.into_inner()) = Some(flag.clone());
    Ok(())
}

/// Forgets the current run: a signal now exits at once.
pub fn unregister() {
    *CURRENT.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

fn install() -> Result<(), String> {
    use tokio::signal::unix::{signal, SignalKind};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .map_err(|e| format!("cannot start the signal handler: {e}"))?;
    // Registering here, before the thread starts, means the handler is in place on return.
    let (mut int, mut term) = runtime
        .block_on(async { Ok::<_, std::io::Error>((signal(SignalKind::interrupt())?, signal(SignalKind::terminate())?)) })
        .map_err(|e| format!("cannot install the signal handler: {e}"))?;
    std::thread::Builder::new()
        .name("nhost-conformance-signals".into())
        .spawn(move || {
            runtime.block_on(async move {
                loop {
                    let reason = tokio::select! {
                        _ = int.recv() => StopReason::Interrupted,
                        _ = term.recv() => StopReason::Terminated,
                    };
                    on_signal(reason);
                }
            });
        })
        .map_err(|e| format!("cannot start the signal handler thread: {e}"))?;
    Ok(())
}

fn on_signal(reason: StopReason) {
    let code = reason.exit_code();
    let current = CURRENT.lock().unwrap_or_else(|e| e.into_inner()).clone();
    match current {
        Some(flag) if flag.stop(reason.clone()) => {
            eprintln!("{reason}: finishing in-flight cases and writing the reports (signal again to exit at once)");
        }
        _ => {
            eprintln!("{reason}: exiting at once");
            std::process::exit(i32::from(code));
        }
    }
}
