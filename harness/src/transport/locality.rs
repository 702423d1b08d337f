//! [`Locality`]: whether a target sits on this machine or a private network (where the run
//! goes at full speed) or on a public host (where it starts gently and learns the pace).

use std::net::IpAddr;
use std::time::Duration;

/// Where a target's host is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locality {
    /// Loopback, a private or link-local address, or a name that resolves only to such.
    Private,
    /// Anything else, or a name that could not be resolved in time.
    Public,
}

impl Locality {
    /// The locality of `url`'s host: literal addresses and `localhost` are read as they are; a
    /// name is resolved (within `timeout`) and is private only when every address it has is.
    pub async fn of(url: &str, timeout: Duration) -> Self {
        let Ok(parsed) = reqwest::Url::parse(url) else {
            return Locality::Public;
        };
        let host = parsed
            .host_str()
            .unwrap_or("")
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        if host.eq_ignore_ascii_case("localhost") || host.ends_with(".localhost") {
            return Locality::Private;
        }
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Self::of_ip(ip);
        }
        let port = parsed.port_or_known_default().unwrap_or(443);
        match tokio::time::timeout(timeout, tokio::net::lookup_host(format!("{host}:{port}"))).await
        {
            Ok(Ok(addrs)) => {
                let ips: Vec<IpAddr> = addrs.map(|a| a.ip()).collect();
                if !ips.is_empty() && ips.iter().all(|ip| Self::of_ip(*ip) == Locality::Private) {
                    Locality::Private
                } else {
                    Locality::Public
                }
            }
            _ => Locality::Public,
        }
    }

    /// The locality of one address.
    pub fn of_ip(ip: IpAddr) -> Self {
        let private = match ip {
            IpAddr::V4(v4) => {
                v4.is_loopback()
                    || v4.is_private()
                    || v4.is_link_local()
                    // 100.64.0.0/10, carrier-grade NAT (RFC 6598): not reachable from outside.
                    || (v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64)
            }
            IpAddr::V6(v6) => {
                let first = v6.segments()[0];
                v6.is_loopback()
                    || (first & 0xfe00) == 0xfc00 // unique local, fc00::/7
                    || (first & 0xffc0) == 0xfe80 // link-local, fe80::/10
                    || v6.to_ipv4_mapped().is_some_and(|v4| {
                        Self::of_ip(IpAddr::V4(v4)) == Locality::Private
                    })
            }
        };
        if private {
            Locality::Private
        } else {
            Locality::Public
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_public_addresses() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.0.1",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:192.168.0.1",
        ] {
            let ip: IpAddr = private.parse().unwrap();
            assert_eq!(Locality::of_ip(ip), Locality::Private, "{private}");
        }
        for public in [
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2001:db8::1",
            "::ffff:1.1.1.1",
        ] {
            let ip: IpAddr = public.parse().unwrap();
            assert_eq!(Locality::of_ip(ip), Locality::Public, "{public}");
        }
    }

    #[tokio::test]
    async fn urls_read_their_host() {
        let t = Duration::from_secs(2);
        assert_eq!(
            Locality::of("http://127.0.0.1:9/v1", t).await,
            Locality::Private
        );
        assert_eq!(
            Locality::of("http://[::1]:9/v1", t).await,
            Locality::Private
        );
        assert_eq!(
            Locality::of("http://localhost:9", t).await,
            Locality::Private
        );
        assert_eq!(
            Locality::of("https://8.8.8.8/v1", t).await,
            Locality::Public
        );
        assert_eq!(Locality::of("not a url", t).await, Locality::Public);
        // A name that cannot resolve here (no network) is treated as public.
        assert_eq!(
            Locality::of("https://surely-not-a-host.invalid/v1", t).await,
            Locality::Public
        );
    }
}
