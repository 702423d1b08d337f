//! [`LayeredTarget`]: a transport under the standard layers, as the blocking
//! [`AuthApi`] the properties talk to. The suites see only the trait, so a new transport needs
//! no change in them.

use std::sync::Arc;

use suites::{ApiRequest, AuthApi, Response, TargetError, TargetInfo};
use tokio::runtime::Handle;
use tower::ServiceExt;

use super::layers::{self, BoxTarget, StackSettings};
use super::transport::Transport;

/// A target: any [`Transport`] under [`layers::stack`], driven on a runtime.
pub struct LayeredTarget {
    service: BoxTarget,
    info: TargetInfo,
    runtime: Handle,
}

impl LayeredTarget {
    /// Puts `transport` under the standard layers; calls run on `runtime`. `info.url` must
    /// carry no userinfo (it is shown in reports).
    pub fn new<T: Transport>(
        transport: T,
        info: TargetInfo,
        settings: &StackSettings,
        runtime: Handle,
    ) -> Self {
        Self {
            service: layers::stack(transport, settings),
            info,
            runtime,
        }
    }
}

impl AuthApi for LayeredTarget {
    fn info(&self) -> TargetInfo {
        self.info.clone()
    }

    fn send(&self, request: &ApiRequest) -> Result<Response, TargetError> {
        let call = Arc::new(request.clone());
        self.runtime.block_on(self.service.clone().oneshot(call))
    }
}
