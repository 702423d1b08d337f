//! The [`ServiceVersion`] enum: which documented version of the Auth service a request rule is
//! stated for, and [`PerVersion`], a value that may differ between them.

use std::fmt;

/// A documented version of the Nhost Auth service whose request rules the table states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServiceVersion {
    /// hasura-auth v0.42, the deployed service (the `deployed` contract and profile).
    V0_42,
    /// The versions after v0.42 (the `published` contract and profile).
    Newer,
}

impl ServiceVersion {
    /// Every version, oldest first.
    pub const ALL: [ServiceVersion; 2] = [ServiceVersion::V0_42, ServiceVersion::Newer];

    /// A short name: `v0.42`, `newer`.
    pub fn name(self) -> &'static str {
        match self {
            ServiceVersion::V0_42 => "v0.42",
            ServiceVersion::Newer => "newer",
        }
    }

    /// The version whose request rules go with a Session contract: `deployed` is v0.42, every
    /// other contract (`published`, a schema file) the newer versions.
    pub fn of_contract(contract: &str) -> ServiceVersion {
        if contract == "deployed" {
            ServiceVersion::V0_42
        } else {
            ServiceVersion::Newer
        }
    }

    /// The version's position in [`ServiceVersion::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for ServiceVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A value stated per service version (most are the same in every version).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PerVersion<T> {
    /// In v0.42.
    pub v0_42: T,
    /// In the newer versions.
    pub newer: T,
}

impl<T: Copy> PerVersion<T> {
    /// The same value in every version.
    pub const fn same(value: T) -> Self {
        PerVersion {
            v0_42: value,
            newer: value,
        }
    }

    /// The value in `version`.
    pub fn get(&self, version: ServiceVersion) -> T {
        match version {
            ServiceVersion::V0_42 => self.v0_42,
            ServiceVersion::Newer => self.newer,
        }
    }

    /// Whether every version states the same value.
    pub fn is_same(&self) -> bool
    where
        T: PartialEq,
    {
        self.v0_42 == self.newer
    }
}
