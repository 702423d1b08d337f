//! `nhost-conformance serve` and `nhost-conformance faults`.

use std::net::{Ipv4Addr, SocketAddr};

use std::time::Duration;

use reference_server::{Fault, JwtConfig, RateLimit, ServerConfig};

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
        email_verification_required: args.verify_email,
        signup_disabled: args.signup_disabled,
        rate_limit: args
            .rate_limit
            .as_deref()
            .map(parse_rate_limit)
            .transpose()
            .map_err(|m| flag("--rate-limit", m))?,
        ..ServerConfig::default()
    };
    config.jwt = match (&args.jwt_secret, args.rs256) {
        (_, true) => JwtConfig::Rs256,
        (Some(secret), false) => JwtConfig::Hs256 {
            secret: secret.clone(),
        },
        (None, false) => JwtConfig::test_hs256(),
    };
    if let Some(list) = &args.locales {
        config.allowed_locales = crate::config::parse_list(list);
    }
    config
        .validate()
        .map_err(|e| flag("serve", e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| HarnessError::Runtime(e.to_string()))?;
    runtime.block_on(async {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port.unwrap_or(0)));
        let server = reference_server::spawn_on(config, addr)
            .await
            .map_err(|e| HarnessError::Server(e.to_string()))?;
        // The URL is the one line on stdout (a script may read it and close the pipe); the
        // hint goes to stderr.
        {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = writeln!(out, "reference Auth server listening at {}", server.url());
            let _ = out.flush();
        }
        eprintln!("press Ctrl-C to stop");
        let _ = tokio::signal::ctrl_c().await;
        drop(server);
        Ok(exit::PASSED)
    })
}

/// Parses `MAX/SECONDS` (10/300: ten requests per five minutes).
fn parse_rate_limit(text: &str) -> Result<RateLimit, String> {
    let bad = || format!("expected MAX/SECONDS such as 10/300, got {text:?}");
    let (max, secs) = text.split_once('/').ok_or_else(bad)?;
    let max_requests: u32 = max.trim().parse().map_err(|_| bad())?;
    let secs: u64 = secs.trim().parse().map_err(|_| bad())?;
    if max_requests == 0 || !(1..=86_400).contains(&secs) {
        return Err(format!(
            "{text:?}: MAX must be at least 1 and SECONDS 1 to 86400"
        ));
    }
    Ok(RateLimit {
        max_requests,
        window: Duration::from_secs(secs),
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
