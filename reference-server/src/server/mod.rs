//! Serving the application on a loopback socket. The main type is [`RunningServer`].

mod running;

pub use running::{spawn, spawn_on, RunningServer};
