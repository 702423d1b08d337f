//! `nhost-conformance serve` and `nhost-conformance faults`.

use std::net::{Ipv4Addr, SocketAddr};

use reference_server::{Fault, JwtConfig, ServerConfig};

use super::args::ServeArgs;
use super::exit;
use crate::config::parse_faults;
use crate::errors::{ConfigError, HarnessError};

/// Serves the reference server until Ctrl-C.
pub fn serve(args: &ServeArgs) -> Result<u8, HarnessError> {
    let flag =
        |name: &str, m: String| HarnessError::Config(ConfigError::new("command line", name, m));
    let mut config = ServerConfig {
        profile: args
            .profile
            .parse()
            .map_err(|e| flag("--profile", format!("{e}")))?,
        faults: parse_faults(&args.faults)
            .map_err(|m| flag("--fault", m))?
            .into_iter()
            .collect(),
        anonymous_enabled: args.anonymous,
        ..ServerConfig::default()
    };
    if args.rs256 {
        config.jwt = JwtConfig::Rs256;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| HarnessError::Runtime(e.to_string()))?;
    runtime.block_on(async {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port.unwrap_or(0)));
        let server = reference_server::spawn_on(config, addr)
            .await
            .map_err(|e| HarnessError::Server(e.to_string()))?;
        println!("reference Auth server listening at {}", server.url());
        println!("press Ctrl-C to stop");
        let _ = tokio::signal::ctrl_c().await;
        drop(server);
        Ok(exit::PASSED)
    })
}

/// Prints the fault catalogue.
pub fn faults() -> u8 {
    let width = Fault::all()
        .iter()
        .map(|f| f.name().len())
        .max()
        .unwrap_or(0);
    for f in Fault::all() {
        println!("{:width$}  {}", f.name(), f.description());
    }
    exit::PASSED
}
