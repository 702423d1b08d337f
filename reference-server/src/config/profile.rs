//! Response profiles. The main type is [`Profile`].

use std::fmt;
use std::str::FromStr;

use contract::ServiceVersion;

use crate::errors::ParseProfileError;

/// Which shape the server gives sessions and users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// Every session and user conforms to the published Session schema, and requests follow the
    /// newer versions' request rules (a locale of 2 or 3 characters)
    /// (`schemas/session.schema.json`): `allowedRoles`, `email` always present (anonymous users get
    /// the placeholder `<user-id>@anonymous.invalid`), `metadata` `{}` when unset, `avatarUrl` a URI.
    #[default]
    Published,
    /// Field by field the shape of the deployed service: `roles`, no `email` for anonymous users,
    /// `avatarUrl` `""`, `metadata` `null` when unset, no `updatedAt`, no extra keys; requests
    /// follow hasura-auth v0.42's rules (a locale of exactly 2 characters).
    Deployed,
}

impl Profile {
    /// Both profiles.
    pub fn all() -> &'static [Profile] {
        &[Profile::Published, Profile::Deployed]
    }

    /// The name used on the command line: `published` or `deployed`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Published => "published",
            Profile::Deployed => "deployed",
        }
    }

    /// The service version whose request rules the profile follows: `deployed` is v0.42,
    /// `published` the newer versions.
    pub fn service_version(self) -> ServiceVersion {
        match self {
            Profile::Published => ServiceVersion::Newer,
            Profile::Deployed => ServiceVersion::V0_42,
        }
    }

    /// A one-line description.
    pub fn description(self) -> &'static str {
        match self {
            Profile::Published => "sessions conform to the published Session schema",
            Profile::Deployed => "sessions shaped exactly like the deployed Nhost Auth service",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = ParseProfileError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Profile::all()
            .iter()
            .copied()
            .find(|p| p.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| ParseProfileError {
                given: s.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for profile in Profile::all() {
            assert_eq!(profile.name().parse::<Profile>(), Ok(*profile));
            assert_eq!(profile.to_string(), profile.name());
        }
    }

    #[test]
    fn unknown_name_lists_the_valid_ones() {
        let err = "staging".parse::<Profile>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown profile `staging`; valid profiles: published, deployed"
        );
    }
}
