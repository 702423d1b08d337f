//! The bounds of every numeric setting, declared once, and one parser per kind of value (a count,
//! seconds, a rate) that every source shares through the settings table
//! ([`super::settings::SETTINGS`]).
//!
//! Values are checked before any conversion, so no input can wrap (`4294967296` retries), panic
//! (`1e300` seconds) or pass silently (`1e-300` seconds); the error names the variable, key or flag.

use std::time::Duration;

/// A whole number setting with an inclusive range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// The smallest value allowed.
    pub min: u64,
    /// The largest value allowed.
    pub max: u64,
}

impl Count {
    /// Checks a value against the range.
    pub fn check(&self, n: u64) -> Result<u64, String> {
        if (self.min..=self.max).contains(&n) {
            Ok(n)
        } else {
            Err(format!(
                "must be a whole number from {} to {}, got {n}",
                self.min, self.max
            ))
        }
    }

    /// Parses a whole number and checks it against the range.
    pub fn parse(&self, text: &str) -> Result<u64, String> {
        let t = text.trim();
        let all_digits = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        match t.parse::<u64>() {
            Ok(n) => self.check(n),
            Err(_) if all_digits => Err(format!(
                "must be a whole number from {} to {}, got {t}",
                self.min, self.max
            )),
            Err(_) => Err(format!(
                "expected a whole number from {} to {}, got {text:?}",
                self.min, self.max
            )),
        }
    }

    /// Parses and checks, then converts to `usize` (every range here fits).
    pub fn parse_usize(&self, text: &str) -> Result<usize, String> {
        self.parse(text)
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// Parses and checks, then converts to `u32` (every range here fits).
    pub fn parse_u32(&self, text: &str) -> Result<u32, String> {
        self.parse(text)
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    }
}

/// A duration setting given in seconds (fractions allowed), with an inclusive range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Secs {
    /// The shortest duration allowed.
    pub min: Duration,
    /// The longest duration allowed.
    pub max: Duration,
}

impl Secs {
    /// Checks seconds against the range, then converts them (never panics).
    pub fn check_f64(&self, secs: f64) -> Result<Duration, String> {
        let (min, max) = (self.min.as_secs_f64(), self.max.as_secs_f64());
        if !(secs.is_finite() && (min..=max).contains(&secs)) {
            return Err(format!(
                "must be seconds from {} to {}, got {secs:?}",
                show_secs(self.min),
                show_secs(self.max)
            ));
        }
        Duration::try_from_secs_f64(secs).map_err(|e| format!("bad seconds {secs}: {e}"))
    }

    /// Checks a duration against the range.
    pub fn check(&self, d: Duration) -> Result<Duration, String> {
        if (self.min..=self.max).contains(&d) {
            Ok(d)
        } else {
            Err(format!(
                "must be seconds from {} to {}, got {}",
                show_secs(self.min),
                show_secs(self.max),
                d.as_secs_f64()
            ))
        }
    }

    /// Parses seconds and checks them against the range.
    pub fn parse(&self, text: &str) -> Result<Duration, String> {
        let secs: f64 = text.trim().parse().map_err(|_| {
            format!(
                "expected seconds from {} to {}, got {text:?}",
                show_secs(self.min),
                show_secs(self.max)
            )
        })?;
        self.check_f64(secs)
    }
}

/// A rate in requests per second: `0` for no limit, else within an inclusive range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// The lowest rate allowed (above 0).
    pub min: f64,
    /// The highest rate allowed.
    pub max: f64,
}

impl Rate {
    /// Checks a rate: `0` (no limit) or within the range.
    pub fn check(&self, rate: f64) -> Result<f64, String> {
        if rate == 0.0 || (rate.is_finite() && (self.min..=self.max).contains(&rate)) {
            Ok(rate)
        } else {
            Err(format!(
                "must be auto, 0 (no cap) or {} to {} requests per second, got {rate:?}",
                self.min, self.max
            ))
        }
    }

    /// Parses a rate and checks it.
    pub fn parse(&self, text: &str) -> Result<f64, String> {
        let rate: f64 = text.trim().parse().map_err(|_| {
            format!(
                "expected auto, 0 (no cap) or {} to {} requests per second, got {text:?}",
                self.min, self.max
            )
        })?;
        self.check(rate)
    }
}

fn show_secs(d: Duration) -> String {
    format!("{}", d.as_secs_f64())
}

/// Cases per property: 1 to 100,000 (each case is kept in memory until the run ends).
pub const CASES: Count = Count {
    min: 1,
    max: 100_000,
};

/// Requests in flight at once: 1 to 1,024.
pub const CONCURRENCY: Count = Count { min: 1, max: 1024 };

/// Retries of a 429 answer, when capped: 0 to 100.
pub const MAX_RETRIES: Count = Count { min: 0, max: 100 };

/// Accounts the pool signs up: 1 to 1,000 (with no account, every property that needs one
/// would be left uncovered).
pub const POOL_SIZE: Count = Count { min: 1, max: 1000 };

/// Shrink steps after a failure: 0 to 10,000.
pub const SHRINK_STEPS: Count = Count {
    min: 0,
    max: 10_000,
};

/// Requests the shrinking of one failure may send: 0 to 100,000.
pub const SHRINK_REQUESTS: Count = Count {
    min: 0,
    max: 100_000,
};

/// Requests all the shrinking of a run may send: 0 to 10,000,000.
pub const SHRINK_RUN_REQUESTS: Count = Count {
    min: 0,
    max: 10_000_000,
};

/// Sign-ups all the shrinking of a run may send: 0 to 100,000.
pub const SHRINK_SIGN_UPS: Count = Count {
    min: 0,
    max: 100_000,
};

/// Cap on a response body: 1 byte to 256 MiB.
pub const MAX_RESPONSE_BYTES: Count = Count {
    min: 1,
    max: 256 << 20,
};

/// Timeout of one request: 1 ms to 1 hour.
pub const TIMEOUT: Secs = Secs {
    min: Duration::from_millis(1),
    max: Duration::from_secs(3600),
};

/// Longest wait between 429 retries: 1 ms to 1 hour.
pub const MAX_BACKOFF: Secs = Secs {
    min: Duration::from_millis(1),
    max: Duration::from_secs(3600),
};

/// Time bound on shrinking one case: 1 ms to 1 day.
pub const SHRINK_TIME: Secs = Secs {
    min: Duration::from_millis(1),
    max: Duration::from_secs(86_400),
};

/// Requests per second: `auto`, 0 for no cap, else one per 1,000 s to 10,000 per second.
pub const RATE_LIMIT: Rate = Rate {
    min: 0.001,
    max: 10_000.0,
};

/// Bound on the whole run: 1 s to 7 days.
pub const MAX_DURATION: Secs = Secs {
    min: Duration::from_secs(1),
    max: Duration::from_secs(7 * 86_400),
};

/// Unanswered requests in a row that stop the run: 0 (never) to 1,000.
pub const BREAKER_FAILURES: Count = Count { min: 0, max: 1000 };

/// How long one request keeps waiting out 429 answers: 1 s to 1 day.
pub const MAX_THROTTLE_WAIT: Secs = Secs {
    min: Duration::from_secs(1),
    max: Duration::from_secs(86_400),
};

/// Failed cases after which the run stops: 1 to 1,000,000.
pub const MAX_FAIL: Count = Count {
    min: 1,
    max: 1_000_000,
};

/// `--jobs`, cases run at once: 1 to 256 (one thread each). A flag only.
pub const JOBS: Count = Count { min: 1, max: 256 };

/// The clap value parser of `--jobs`.
pub fn parse_jobs(text: &str) -> Result<usize, String> {
    JOBS.parse_usize(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_never_wrap() {
        assert_eq!(MAX_RETRIES.parse("3"), Ok(3));
        let e = MAX_RETRIES.parse("4294967296").unwrap_err();
        assert!(e.contains("0 to 100"), "{e}");
        assert!(CASES.parse("99999999999").unwrap_err().contains("100000"));
        assert!(CASES
            .parse("999999999999999999999999")
            .unwrap_err()
            .contains("1 to 100000"));
        assert!(CONCURRENCY.parse("18446744073709551615").is_err());
        assert!(CONCURRENCY.parse("0").is_err());
        assert!(CASES
            .parse("-1")
            .unwrap_err()
            .contains("expected a whole number"));
    }

    #[test]
    fn seconds_never_panic_nor_round_to_zero() {
        assert_eq!(TIMEOUT.parse("2.5"), Ok(Duration::from_millis(2500)));
        for bad in ["1e300", "1e-300", "0", "-1", "NaN", "inf", "3601", "soon"] {
            let e = TIMEOUT.parse(bad).unwrap_err();
            assert!(e.contains("seconds from 0.001 to 3600"), "{bad}: {e}");
        }
        assert!(TIMEOUT.check_f64(f64::MAX).is_err());
        assert!(TIMEOUT.check(Duration::ZERO).is_err());
        assert!(MAX_BACKOFF.parse("3600").is_ok());
    }

    #[test]
    fn rates_are_zero_or_bounded() {
        assert_eq!(RATE_LIMIT.parse("0"), Ok(0.0));
        assert_eq!(RATE_LIMIT.parse("5"), Ok(5.0));
        for bad in ["1e-300", "1e300", "-1", "NaN", "fast", "10001"] {
            assert!(RATE_LIMIT.parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn jobs_are_bounded() {
        assert_eq!(parse_jobs("2"), Ok(2));
        assert!(parse_jobs("0").is_err());
        assert!(parse_jobs("100000").unwrap_err().contains("1 to 256"));
    }
}
