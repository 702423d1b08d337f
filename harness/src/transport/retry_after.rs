//! `Retry-After` values (RFC 9110 §10.2.3): delay-seconds or an IMF-fixdate, read without ever
//! panicking and capped before any conversion.

use std::time::{Duration, SystemTime};

/// The wait a `Retry-After` value asks for, capped at `cap` before any conversion (so no value
/// can panic): delay-seconds (fractions accepted), or an HTTP-date (any of the three formats
/// RFC 9110 allows) relative to `now`. `None` when it is neither.
pub fn retry_after(value: &str, now: SystemTime, cap: Duration) -> Option<Duration> {
    let value = value.trim();
    let secs = match value.parse::<f64>() {
        Ok(s) if s.is_finite() && s >= 0.0 => s,
        Ok(_) => return None,
        Err(_) => {
            let at = httpdate::parse_http_date(value).ok()?;
            at.duration_since(now)
                .unwrap_or(Duration::ZERO)
                .as_secs_f64()
        }
    };
    Duration::try_from_secs_f64(secs.min(cap.as_secs_f64())).ok()
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn retry_after_is_capped_and_never_panics() {
        let cap = Duration::from_secs(10);
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(retry_after("2", now, cap), Some(Duration::from_secs(2)));
        assert_eq!(
            retry_after(" 0.5 ", now, cap),
            Some(Duration::from_millis(500))
        );
        for huge in ["1e300", "1e308", "18446744073709551616", "9999999999999"] {
            assert_eq!(retry_after(huge, now, cap), Some(cap), "{huge}");
        }
        for bad in ["-1", "NaN", "inf", "soon", ""] {
            assert_eq!(retry_after(bad, now, cap), None, "{bad}");
        }
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now, cap),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now, cap),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now, cap),
            Some(cap)
        );
        assert_eq!(
            retry_after("Sunday, 06-Nov-94 08:49:40 GMT", now, cap),
            Some(Duration::from_secs(3)),
            "the obsolete RFC 850 form"
        );
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:40 PST", now, cap), None);
    }
}
