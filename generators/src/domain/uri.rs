//! URIs (RFC 3986): web URLs with ports, IP literals, percent-encoded Unicode paths, queries and
//! fragments, and other schemes. The main item is [`uri`].

use proptest::prelude::*;

use super::re;

use super::ids::uuid;

fn host() -> BoxedStrategy<String> {
    prop_oneof![
        4 => re("[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,4})?\\.(com|org|example|io)"),
        1 => Just("www.gravatar.com".to_owned()),
        1 => (0u8..=255, 0u8..=255, 0u8..=255, 1u8..=254).prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        1 => prop::sample::select(&["[::1]", "[2001:db8::7]", "[fe80::1:2:3:4]"][..]).prop_map(str::to_owned),
        1 => Just("xn--bcher-kva.example".to_owned()),
    ]
    .boxed()
}

/// One path segment: unreserved characters, or Unicode percent-encoded as UTF-8.
fn segment() -> BoxedStrategy<String> {
    prop_oneof![
        4 => re("[A-Za-z0-9._~-]{1,12}"),
        1 => re("[é一-丐😀]{1,3}").prop_map(|s| percent_encode(&s)),
    ]
    .boxed()
}

/// Percent-encodes every byte of `s` outside the unreserved set.
pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An absolute `http`/`https` URL.
pub fn web_url() -> BoxedStrategy<String> {
    (
        prop::sample::select(&["https", "http"][..]),
        host(),
        proptest::option::of(1u16..=65535),
        proptest::collection::vec(segment(), 0..=3),
        proptest::option::of(re(
            "[a-z]{1,5}=([A-Za-z0-9]|%[0-9A-F]{2}){0,6}(&[a-z]{1,5}=[0-9]{1,3}){0,2}",
        )),
        proptest::option::of(re("[A-Za-z0-9-]{0,8}")),
    )
        .prop_map(|(scheme, host, port, path, query, fragment)| {
            let mut out = format!("{scheme}://{host}");
            if let Some(port) = port {
                out.push_str(&format!(":{port}"));
            }
            for s in path {
                out.push('/');
                out.push_str(&s);
            }
            if let Some(q) = query {
                out.push('?');
                out.push_str(&q);
            }
            if let Some(f) = fragment {
                out.push('#');
                out.push_str(&f);
            }
            out
        })
        .boxed()
}

/// An absolute URI: mostly web URLs, sometimes `urn:`, `mailto:` or `file:`.
pub fn uri() -> BoxedStrategy<String> {
    prop_oneof![
        8 => web_url(),
        1 => uuid().prop_map(|u| format!("urn:uuid:{u}")),
        1 => Just("mailto:jane@example.com".to_owned()),
        1 => Just("file:///tmp/avatar.png".to_owned()),
    ]
    .boxed()
}

/// A URI reference: an absolute URI or a relative reference (possibly empty).
pub fn uri_reference() -> BoxedStrategy<String> {
    prop_oneof![
        3 => uri(),
        1 => proptest::collection::vec(segment(), 1..=3).prop_map(|s| format!("/{}", s.join("/"))),
        1 => prop::sample::select(&["", "../up", "?q=1", "#frag", "relative/path"][..]).prop_map(str::to_owned),
    ]
    .boxed()
}
