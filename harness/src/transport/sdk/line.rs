//! [`SdkLine`]: which line of the official `@nhost/nhost-js` SDK the bridge drives. Parsed and
//! printed here only; each line's exact version is pinned by its lockfile in `sdk-bridge/<line>/`.

use std::fmt;
use std::str::FromStr;

/// A line of `@nhost/nhost-js`, each pinned by a lockfile of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SdkLine {
    /// The current 4.x line (`sdk-bridge/v4`).
    #[default]
    V4,
    /// The last 3.x line, which many apps still ship (`sdk-bridge/v3`).
    V3,
}

impl SdkLine {
    /// Every line, newest first.
    pub const ALL: [SdkLine; 2] = [SdkLine::V4, SdkLine::V3];

    /// The name used on the command line, in settings and as the bridge's folder (`v4`, `v3`).
    pub fn name(self) -> &'static str {
        match self {
            SdkLine::V4 => "v4",
            SdkLine::V3 => "v3",
        }
    }
}

impl fmt::Display for SdkLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SdkLine {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        SdkLine::ALL
            .into_iter()
            .find(|l| l.name() == s.trim())
            .ok_or_else(|| {
                format!("unknown SDK line {s:?}: expected v4 (@nhost/nhost-js 4.x) or v3 (3.x)")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for line in SdkLine::ALL {
            assert_eq!(line.name().parse::<SdkLine>(), Ok(line));
        }
        assert!("4".parse::<SdkLine>().unwrap_err().contains("v4"));
    }
}
