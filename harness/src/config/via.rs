//! [`Via`]: how the requests reach the target, straight over HTTP or through an official SDK.
//! Two settings make it: `via` (`http` or `sdk`) and `sdk` (the SDK line, `v4` or `v3`).

use std::fmt;

use crate::target::sdk::SdkLine;

/// How the requests reach the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
