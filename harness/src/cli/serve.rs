//! `nhost-conformance serve` and `nhost-conformance faults`.

use std::net::{Ipv4Addr, SocketAddr};

use std::time::Duration;

use reference_server::{Fault, JwtConfig, RateLimit, RateLimits, ServerConfig};

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
        rate_limits: args
            .rate_limit
            .as_deref()
            .map(|spec| parse_rate_limits(spec, args.retry_after))
            .transpose()
            .map_err(|m| flag("--rate-limit", m))?
            .unwrap_or_default(),
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

/// Parses `nhost`, `sign_up=MAX/SECONDS,sign_in=…,all=…`, or a bare `MAX/SECONDS` (all).
fn parse_rate_limits(spec: &str, retry_after: bool) -> Result<RateLimits, String> {
    let mut limits = if spec.trim() == "nhost" {
        RateLimits::nhost()
    } else {
        let mut limits = RateLimits::default();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (slot, limit) = match item.split_once('=') {
                Some(("sign_up", l)) => (&mut limits.sign_ups, l),
                Some(("sign_in", l)) => (&mut limits.sign_ins, l),
                Some(("all", l)) => (&mut limits.global, l),
                Some((other, _)) => {
                    return Err(format!(
                        "unknown limit {other:?}: expected sign_up, sign_in or all (e.g. sign_up=10/300)"
                    ))
                }
                None => (&mut limits.global, item),
            };
            *slot = Some(parse_rate_limit(limit)?);
        }
        if !limits.is_on() {
            return Err(format!(
                "{spec:?} sets no limit (try nhost or sign_up=10/300)"
            ));
        }
        limits
    };
    limits.retry_after = retry_after;
    Ok(limits)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_specs() {
        assert_eq!(parse_rate_limits("nhost", false), Ok(RateLimits::nhost()));
        let own = parse_rate_limits("sign_up=10/2, all=500/60", true).unwrap();
        assert_eq!(own.sign_ups, Some(RateLimit::per(10, 2)));
        assert_eq!(own.global, Some(RateLimit::per(500, 60)));
        assert_eq!(own.sign_ins, None);
        assert!(own.retry_after);
        let bare = parse_rate_limits("3/60", false).unwrap();
        assert_eq!(bare.global, Some(RateLimit::per(3, 60)));
        for bad in ["", "signup=1/1", "0/5", "1/0", "x", "sign_up=1"] {
            let e = parse_rate_limits(bad, false).unwrap_err();
            assert!(!e.contains('\n'), "{bad}: {e}");
        }
    }
}
