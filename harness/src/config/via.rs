//! [`Via`]: how the requests reach the target, straight over HTTP or through an official SDK.
//! Two settings make it: `via` (`http` or `sdk`) and `sdk` (the SDK line, `v4` or `v3`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::transport::sdk::SdkLine;

/// How the requests reach the target. Written and read as it prints (`http`, `sdk v4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Via {
    /// Straight over HTTP (`NHOST_VIA=http`, the default).
    #[default]
    Http,
    /// Through the official JS SDK's own calls (`NHOST_VIA=sdk`; the line from `NHOST_SDK`,
    /// default `v4`).
    Sdk(SdkLine),
}

/// The names `via` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViaKind {
    /// `http`.
    Http,
    /// `sdk`.
    Sdk,
}

impl ViaKind {
    /// `http` or `sdk`, as [`ViaKind::parse`] reads it.
    pub fn name(self) -> &'static str {
        match self {
            ViaKind::Http => "http",
            ViaKind::Sdk => "sdk",
        }
    }

    /// Parses `http` or `sdk`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim() {
            "http" => Ok(ViaKind::Http),
            "sdk" => Ok(ViaKind::Sdk),
            other => Err(format!("expected http or sdk, got {other:?}")),
        }
    }
}

impl Via {
    /// The via from its two settings.
    pub fn from_parts(kind: ViaKind, line: SdkLine) -> Self {
        match kind {
            ViaKind::Http => Via::Http,
            ViaKind::Sdk => Via::Sdk(line),
        }
    }

    /// The SDK line, when the run goes through an SDK.
    pub fn sdk(self) -> Option<SdkLine> {
        match self {
            Via::Http => None,
            Via::Sdk(line) => Some(line),
        }
    }
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Via::Http => f.write_str("http"),
            Via::Sdk(line) => write!(f, "sdk {line}"),
        }
    }
}

impl FromStr for Via {
    type Err = String;

    /// Parses what [`Via`]'s `Display` prints: `http`, `sdk v4`, `sdk v3`.
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim() {
            "http" => Ok(Via::Http),
            other => other
                .strip_prefix("sdk ")
                .and_then(|line| line.parse::<SdkLine>().ok())
                .map(Via::Sdk)
                .ok_or_else(|| format!("{other:?} is not http, sdk v4 or sdk v3")),
        }
    }
}

impl TryFrom<String> for Via {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

impl From<Via> for String {
    fn from(via: Via) -> String {
        via.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_via_reads_back_what_it_prints_and_nothing_else() {
        for via in [Via::Http, Via::Sdk(SdkLine::V4), Via::Sdk(SdkLine::V3)] {
            assert_eq!(via.to_string().parse::<Via>(), Ok(via));
        }
        for bad in ["sdk", "sdk v9", "HTTP", "v4", ""] {
            assert!(bad.parse::<Via>().is_err(), "{bad}");
        }
    }
}
