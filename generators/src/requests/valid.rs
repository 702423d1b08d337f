//! Valid requests a default Nhost Auth server accepts: unique emails, passwords of 3–50
//! characters, options within their limits. The main item is [`sign_up`].

use proptest::prelude::*;

use super::rules::{lengths, SERVER_DEFAULT_ROLES};
use super::types::{AnonymousRequest, Endpoint, SignUpOptions, SignUpRequest};
use crate::domain::json_object;
use crate::text::{
    any_json_char, from_pool, letter, symbol, text, CJK, EMOJI, GREEK_CYRILLIC, LATIN,
};

/// Locales asked for; `en` is the server default, the others may be replaced by it when the
/// server does not allow them (the contract says so).
pub const LOCALES: [&str; 6] = ["en", "fr", "de", "es", "pt", "sv"];

/// The password-hashing input limit implementations are known to have: bcrypt reads only the
/// first 72 bytes. The contract allows longer passwords (50 characters of up to 4 bytes each), so
/// a target must handle them; the boundary suite probes 71, 72 and 73 bytes.
pub const PASSWORD_MAX_BYTES: usize = 72;

fn base36(mut n: u64) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(digits[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `namespace` reduced to what an email tag may hold: lowercase ASCII letters, digits, `-`.
pub fn email_tag(namespace: &str) -> String {
    let tag: String = namespace
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(20)
        .collect();
    let tag = tag.trim_matches('-').to_owned();
    if tag.is_empty() {
        "ns".to_owned()
    } else {
        tag
    }
}

/// A unique address: `name[.part]+{namespace}.{64 random bits}@domain`, lowercase (the service
/// compares addresses case-insensitively), with dots, `+`, hyphens and IDN-like domains.
pub fn email(namespace: &str) -> BoxedStrategy<String> {
    let tag = email_tag(namespace);
    let name = (
        crate::domain::re("[a-z]{1,8}"),
        proptest::option::of(crate::domain::re("[.-][a-z0-9]{1,6}")),
    )
        .prop_map(|(a, b)| format!("{a}{}", b.unwrap_or_default()));
    let domain = prop::sample::select(
        &[
            "example.com",
            "example.org",
            "mail.example.net",
            "xn--bcher-kva.example",
            "sub-domain.example.co.uk",
        ][..],
    );
    (name, any::<u64>(), domain)
        .prop_map(move |(name, unique, domain)| format!("{name}+{tag}.{}@{domain}", base36(unique)))
        .boxed()
}

/// The longest sign-up display name every documented version allows, in characters (the rules
/// table's; 32).
pub fn display_name_max() -> usize {
    lengths(Endpoint::SignUp, "/options/displayName")
        .0
        .max
        .unwrap_or(usize::MAX)
}

/// Passwords of 3 to 50 characters (the rules table's limits, counted in characters), drawn on
/// everything JSON can carry: ASCII, accents, Greek, Cyrillic, CJK, astral emoji, controls and
/// U+0000. Nothing caps their UTF-8 length: a 50-character password may take 200 bytes, well past
/// bcrypt's 72 ([`PASSWORD_MAX_BYTES`]), and a target must handle it.
pub fn password() -> BoxedStrategy<String> {
    let c = prop_oneof![
        8 => proptest::char::range('!', '~'),
        1 => Just(' '),
        1 => from_pool(LATIN),
        1 => from_pool(GREEK_CYRILLIC),
        1 => from_pool(CJK),
        1 => from_pool(EMOJI),
        1 => any_json_char(),
        1 => Just('\0'),
    ];
    let chars = lengths(Endpoint::SignUp, "/password").0;
    (chars.min..=chars.max.unwrap_or(chars.min + 50))
        .prop_flat_map(move |n| proptest::collection::vec(c.clone(), n))
        .prop_map(|chars| chars.into_iter().collect())
        .boxed()
}

/// Display names a server accepts: 1–32 characters of letters (Latin with accents, Greek,
/// Cyrillic, Hebrew, Arabic, CJK, astral), digits, symbols (`\p{S}`, emoji included), single
/// spaces and `,.'-`, no space at either end: everything the contract's pattern allows.
pub fn display_name() -> BoxedStrategy<String> {
    let word = proptest::collection::vec(
        prop_oneof![6 => letter(), 1 => proptest::char::range('0', '9'), 1 => symbol()],
        1..=10,
    )
    .prop_map(|cs| cs.into_iter().collect::<String>());
    let sep = prop::sample::select(&[" ", " ", "-", "'", ", ", ". "][..]);
    (word.clone(), proptest::collection::vec((sep, word), 0..=3))
        .prop_map(|(first, rest)| {
            let mut out = first;
            for (sep, w) in rest {
                out.push_str(sep);
                out.push_str(&w);
            }
            let cut: String = out.chars().take(display_name_max()).collect();
            let trimmed = cut.trim_end_matches([' ', ',', '.', '\'', '-']).to_owned();
            if trimmed.is_empty() {
                "A".to_owned()
            } else {
                trimmed
            }
        })
        .boxed()
}

/// A locale, mostly `en`.
pub fn locale() -> BoxedStrategy<String> {
    prop_oneof![3 => Just("en".to_owned()), 2 => prop::sample::select(&LOCALES[..]).prop_map(str::to_owned)].boxed()
}

/// Metadata a server stores and echoes: nested objects of strings and keys drawn on everything
/// JSON can carry (U+0000 and other controls included: a store that cannot hold them must refuse
/// them with a 4xx), integers, booleans and nulls.
pub fn metadata() -> BoxedStrategy<serde_json::Value> {
    json_object(true)
}

/// Sign-up options a default server accepts: roles ⊆ `["user", "me"]`, the default role among
/// them (set whenever `user` is not allowed), a display name, a locale, metadata. `redirectTo`
/// is left out: which URLs a server allows is its configuration.
pub fn options() -> BoxedStrategy<SignUpOptions> {
    let roles = proptest::option::of(
        prop::sample::subsequence(SERVER_DEFAULT_ROLES.to_vec(), 1..=2).prop_shuffle(),
    );
    (
        roles,
        any::<prop::sample::Index>(),
        any::<bool>(),
        proptest::option::of(display_name()),
        proptest::option::of(locale()),
        proptest::option::of(metadata()),
    )
        .prop_map(
            |(roles, pick, set_default, display_name, locale, metadata)| {
                let allowed: Vec<&str> = roles
                    .as_ref()
                    .map_or(SERVER_DEFAULT_ROLES.to_vec(), |r| r.to_vec());
                let default_role = (set_default || !allowed.contains(&"user"))
                    .then(|| pick.get(&allowed).to_string());
                SignUpOptions {
                    allowed_roles: roles.map(|r| r.into_iter().map(str::to_owned).collect()),
                    default_role,
                    display_name,
                    locale,
                    metadata,
                    redirect_to: None,
                }
            },
        )
        .boxed()
}

/// Valid sign-ups; see the crate docs. `namespace` is mixed into every email so that replaying
/// a seed against a persistent target does not collide; the rest is a pure function of the RNG.
pub fn sign_up(namespace: &str) -> BoxedStrategy<SignUpRequest> {
    (
        email(namespace),
        password(),
        proptest::option::of(options()),
    )
        .prop_map(|(email, password, options)| SignUpRequest {
            email,
            password,
            options,
        })
        .boxed()
}

/// Anonymous display names: the contract sets no length or character limit there, so besides
/// names like sign-up's they are free text drawn on everything JSON can carry, U+0000 included.
pub fn anonymous_display_name() -> BoxedStrategy<String> {
    prop_oneof![
        3 => display_name(),
        1 => text(1, Some(40)),
        1 => (text(0, Some(8)), text(0, Some(8))).prop_map(|(a, b)| format!("{a}\u{0}{b}")),
    ]
    .boxed()
}

/// Valid anonymous sign-ins: display name, locale and metadata each present or absent.
pub fn anonymous() -> BoxedStrategy<AnonymousRequest> {
    (
        proptest::option::of(anonymous_display_name()),
        proptest::option::of(locale()),
        proptest::option::of(metadata()),
    )
        .prop_map(|(display_name, locale, metadata)| AnonymousRequest {
            display_name,
            locale,
            metadata,
        })
        .boxed()
}
