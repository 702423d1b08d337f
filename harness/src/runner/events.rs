//! The run's event stream: [`Events`] sends the engine's [`RunEvent`]s (the one vocabulary, in
//! `results`) to its [`EventSink`]s (the report writers, the console), one event at a time,
//! and keeps the first error a sink gave. No sink calls back into the engine.

use std::sync::Mutex;
use std::time::Instant;

use results::{EventSink, RunEvent, RunEventKind};

use crate::errors::HarnessError;

/// Fans events out to every sink, in order, one event at a time. After the final event
/// ([`Events::emit_final`]) every later one is dropped, so no sink sees a case after the run's end.
pub struct Events {
    started: Instant,
    sinks: Mutex<(Vec<Box<dyn EventSink>>, bool)>,
    errors: Mutex<Vec<HarnessError>>,
}

impl Events {
    /// A stream feeding `sinks`.
    pub fn new(sinks: Vec<Box<dyn EventSink>>) -> Self {
        Self {
            started: Instant::now(),
            sinks: Mutex::new((sinks, false)),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// Sends one event to every sink.
    pub fn emit(&self, kind: RunEventKind<'_>) {
        self.send(kind, false);
    }

    /// Sends the last event; later ones are dropped.
    pub fn emit_final(&self, kind: RunEventKind<'_>) {
        self.send(kind, true);
    }

    fn send(&self, kind: RunEventKind<'_>, last: bool) {
        let event = RunEvent::now(self.started.elapsed(), kind);
        let mut guard = self.sinks.lock().unwrap_or_else(|e| e.into_inner());
        let (sinks, closed) = &mut *guard;
        if *closed {
            return;
        }
        *closed = last;
        for sink in sinks.iter_mut() {
            if let Err(e) = sink.event(&event) {
                self.record_error(HarnessError::Sink(e));
            }
        }
    }

    /// Remembers an error of writing a report or case file (the run goes on and exits 4).
    pub fn record_error(&self, error: HarnessError) {
        tracing::error!("{error}");
        self.errors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(error);
    }

    /// The first sink error of the run, if any.
    pub fn take_error(&self) -> Option<HarnessError> {
        let mut errors = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        (!errors.is_empty()).then(|| errors.remove(0))
    }
}
