//! The SDK target: the Auth API through the official `@nhost/nhost-js` SDK. The main type is
//! [`SdkTransport`], a transport like the HTTP one (so it gets the same layers); [`Bridge`] is the
//! Node process it talks to; [`install`] prepares the bridge and its pinned packages; [`SdkLine`]
//! names the SDK line.

mod bridge;
pub mod install;
mod line;
mod stage;
mod transport;

pub use bridge::{Bridge, BridgeFailure, BridgeSettings, HARD_MARGIN};
pub use install::{prepare, BridgeDir};
pub use line::SdkLine;
pub use stage::{BridgeStage, STAGE_CALL_TIMEOUT};
pub use transport::{command, wire_parts, SdkTransport, Wire};
