//! The boundary phase: deterministic, named request inputs at every limit. The main item is
//! [`boundary_inputs`].
//!
//! Each request field with a limit gets inputs at `limit − 1`, `limit` and `limit + 1`, measured
//! in characters (as JSON Schema counts), in UTF-8 bytes and in UTF-16 units, built from 1-, 2-,
//! 3- and 4-byte characters (ASCII filler makes up a remainder). Limits come from the request
//! schemas (`schemas/*-request.schema.json`, which cite `../shared/nhost-auth-contract.md`) and
//! from limits implementations are known to have (bcrypt's 72-byte input, PostgreSQL text's
//! U+0000). Every input says whether the contract allows it ([`BoundaryInput::valid`], judged by
//! [`super::rules_broken`]), so a suite can judge it like any case.

use serde_json::{json, Value};

use super::rules::rules_broken;
use super::types::{Endpoint, RequestBody};
use super::valid::{DISPLAY_NAME_MAX, PASSWORD_MAX_BYTES};

/// The email every sign-up template carries; a suite replaces it with a unique one.
pub const PLACEHOLDER_EMAIL: &str = "boundary@example.com";

/// One named boundary input.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryInput {
    /// The endpoint it is sent to.
    pub endpoint: Endpoint,
    /// The boundary, named: `{"field":"password","measure":"utf8-bytes","at":"limit+1",
    /// "limit":72,"char_width":3}`, plus `"source"` saying where the limit comes from.
    pub boundary: Value,
    /// The body (sign-ups carry [`PLACEHOLDER_EMAIL`]).
    pub body: Value,
    /// Whether the request contract allows it (no request rule broken).
    pub valid: bool,
}

/// How a length is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Unicode scalar values, as JSON Schema's `minLength`/`maxLength` count.
    Chars,
    /// UTF-8 bytes (what a byte-limited column or bcrypt counts).
    Utf8Bytes,
    /// UTF-16 code units (what JavaScript's `length` counts).
    Utf16Units,
}

impl Measure {
    /// The name used in case descriptions.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Chars => "chars",
            Measure::Utf8Bytes => "utf8-bytes",
            Measure::Utf16Units => "utf16-units",
        }
    }

    fn of(self, c: char) -> usize {
        match self {
            Measure::Chars => 1,
            Measure::Utf8Bytes => c.len_utf8(),
            Measure::Utf16Units => c.len_utf16(),
        }
    }
}

/// A string whose `measure` is exactly `target`, made of as many `c` as fit and ASCII `filler`
/// for the remainder.
pub fn measured(c: char, filler: char, measure: Measure, target: usize) -> String {
    let unit = measure.of(c);
    let mut out: String = std::iter::repeat_n(c, target / unit).collect();
    out.extend(std::iter::repeat_n(filler, target % unit));
    out
}

/// One character of each UTF-8 width a field may hold.
struct Widths([char; 4]);

const PASSWORD_CHARS: Widths = Widths(['a', 'é', '漢', '😀']);
/// Display names: letters and a symbol (`\p{S}`), as the contract's pattern allows.
const NAME_CHARS: Widths = Widths(['a', 'é', '漢', '😀']);
const LOCALE_CHARS: Widths = Widths(['e', 'é', '漢', '😀']);
/// ASCII locales by length: real codes (`fr`, `fil`) where there is one.
const LOCALE_ASCII: [&str; 5] = ["", "f", "fr", "fil", "fil-"];

/// A length limit of one field.
struct Limit {
    endpoint: Endpoint,
    /// JSON pointer of the field in the body.
    field: &'static str,
    /// The limit's value.
    value: usize,
    /// `min` or `max`: which side is outside.
    max: bool,
    /// The measures the limit is probed in (all three for contract limits).
    measures: &'static [Measure],
    chars: Widths,
    source: &'static str,
}

const ALL_MEASURES: &[Measure] = &[Measure::Chars, Measure::Utf8Bytes, Measure::Utf16Units];
const CONTRACT: &str = "../shared/nhost-auth-contract.md";

fn limits() -> Vec<Limit> {
    vec![
        Limit {
            endpoint: Endpoint::SignUp,
            field: "/password",
            value: 3,
            max: false,
            measures: ALL_MEASURES,
            chars: PASSWORD_CHARS,
            source: "contract: Password: 3 to 50 characters",
        },
        Limit {
            endpoint: Endpoint::SignUp,
            field: "/password",
            value: 50,
            max: true,
            measures: ALL_MEASURES,
            chars: PASSWORD_CHARS,
            source: "contract: Password: 3 to 50 characters",
        },
        Limit {
            endpoint: Endpoint::SignUp,
            field: "/password",
            value: PASSWORD_MAX_BYTES,
            max: true,
            measures: &[Measure::Utf8Bytes],
            chars: PASSWORD_CHARS,
            source: "implementation: bcrypt reads only the first 72 bytes",
        },
        Limit {
            endpoint: Endpoint::SignUp,
            field: "/options/displayName",
            value: DISPLAY_NAME_MAX,
            max: true,
            measures: ALL_MEASURES,
            chars: NAME_CHARS,
            source: "contract: displayName at most 32 chars",
        },
        Limit {
            endpoint: Endpoint::SignUp,
            field: "/options/locale",
            value: 2,
            max: false,
            measures: ALL_MEASURES,
            chars: LOCALE_CHARS,
            source: "contract: locale 2 chars (newer versions allow 2-3)",
        },
        Limit {
            endpoint: Endpoint::SignUp,
            field: "/options/locale",
            value: 3,
            max: true,
            measures: ALL_MEASURES,
            chars: LOCALE_CHARS,
            source: "contract: locale 2 chars (newer versions allow 2-3)",
        },
    ]
}

fn template(endpoint: Endpoint) -> Value {
    match endpoint {
        Endpoint::SignUp | Endpoint::SignIn => {
            json!({ "email": PLACEHOLDER_EMAIL, "password": "Boundary-password-1" })
        }
        Endpoint::Anonymous => json!({}),
        Endpoint::Refresh => json!({ "refreshToken": "00000000-0000-4000-8000-000000000000" }),
        Endpoint::SignOut => json!({ "refreshToken": "00000000-0000-4000-8000-000000000000" }),
    }
}

/// Sets `value` at `pointer` (creating objects on the way).
fn set(body: &mut Value, pointer: &str, value: Value) {
    let mut at = body;
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    for (i, t) in tokens.iter().enumerate() {
        let Some(map) = at.as_object_mut() else {
            return;
        };
        if i + 1 == tokens.len() {
            map.insert((*t).to_owned(), value);
            return;
        }
        at = map.entry((*t).to_owned()).or_insert_with(|| json!({}));
    }
}

fn input(endpoint: Endpoint, mut boundary: Value, body: Value) -> BoundaryInput {
    boundary["endpoint"] = json!(endpoint.name());
    let valid = rules_broken(endpoint, &RequestBody::Json(body.clone())).is_empty();
    BoundaryInput {
        endpoint,
        boundary,
        body,
        valid,
    }
}

fn field_name(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}

fn length_inputs(out: &mut Vec<BoundaryInput>) {
    for limit in limits() {
        for (width, &c) in limit.chars.0.iter().enumerate() {
            for &measure in limit.measures {
                // Where the measure counts every character of this width as one, it is the
                // character count again: skip the duplicate.
                if measure != Measure::Chars
                    && measure.of(c) == 1
                    && limit.measures.contains(&Measure::Chars)
                {
                    continue;
                }
                for (at, target) in [
                    ("limit-1", limit.value.checked_sub(1)),
                    ("limit", Some(limit.value)),
                    ("limit+1", Some(limit.value + 1)),
                ] {
                    let Some(target) = target else { continue };
                    let text = if limit.field == "/options/locale" && width == 0 {
                        // ASCII locales are real codes, so an echo can tell "kept" from
                        // "replaced by the default".
                        LOCALE_ASCII
                            .get(target)
                            .copied()
                            .unwrap_or("fil-")
                            .to_owned()
                    } else {
                        measured(c, limit.chars.0[0], measure, target)
                    };
                    let mut body = template(limit.endpoint);
                    set(&mut body, limit.field, Value::String(text));
                    let boundary = json!({
                        "field": field_name(limit.field),
                        "measure": measure.name(),
                        "at": at,
                        "limit": limit.value,
                        "side": if limit.max { "max" } else { "min" },
                        "char_width": width + 1,
                        "source": limit.source,
                    });
                    out.push(input(limit.endpoint, boundary, body));
                }
            }
        }
    }
}

/// Characters some stores cannot hold, in every free-form field that is stored or hashed.
fn character_inputs(out: &mut Vec<BoundaryInput>) {
    let source = "implementation: PostgreSQL text and jsonb cannot hold U+0000";
    let cases: [(Endpoint, &str, &str, Value); 7] = [
        (
            Endpoint::SignUp,
            "/password",
            "U+0000",
            json!("ab\u{0}cdefgh"),
        ),
        (
            Endpoint::SignUp,
            "/options/metadata/note",
            "U+0000",
            json!("a\u{0}b"),
        ),
        (
            Endpoint::SignUp,
            "/options/metadata/a\u{0}b",
            "U+0000 in a key",
            json!(1),
        ),
        (
            Endpoint::SignUp,
            "/options/metadata/controls",
            "C0 and C1 controls",
            json!("\u{1}\u{1f}\u{7f}\u{9f}\u{2028}\u{feff}"),
        ),
        (
            Endpoint::SignUp,
            "/options/displayName",
            "U+0000",
            json!("Jane\u{0}Doe"),
        ),
        (
            Endpoint::Anonymous,
            "/metadata/note",
            "U+0000",
            json!("a\u{0}b"),
        ),
        (
            Endpoint::Anonymous,
            "/displayName",
            "U+0000",
            json!("Jane\u{0}Doe"),
        ),
    ];
    for (endpoint, field, what, value) in cases {
        let mut body = template(endpoint);
        set(&mut body, field, value);
        let name = field
            .trim_start_matches('/')
            .split('/')
            .take(2)
            .collect::<Vec<_>>()
            .join(".");
        let boundary = json!({ "field": name, "characters": what, "source": source });
        out.push(input(endpoint, boundary, body));
    }
}

/// A key the request schema does not name, at the top level of every body: the contract does
/// not close the top level (only sign-up `options`), so a target may accept or refuse it.
fn unknown_key_inputs(out: &mut Vec<BoundaryInput>) {
    for endpoint in Endpoint::ALL {
        let mut body = template(endpoint);
        set(&mut body, "/x-unknown-key", json!(true));
        let boundary = json!({
            "field": "(top level)",
            "unknown_key": "x-unknown-key",
            "source": format!("{CONTRACT}: only sign-up options forbid other keys"),
        });
        out.push(input(endpoint, boundary, body));
    }
}

/// Every boundary input, in a stable order: lengths, then characters, then unknown keys. A body
/// already sent under another boundary's name (locale `min + 1` is locale `max`) is sent once,
/// under the first name. Built (and judged against the request contract) once per process.
pub fn boundary_inputs() -> &'static [BoundaryInput] {
    static ALL: std::sync::OnceLock<Vec<BoundaryInput>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut all = Vec::new();
        length_inputs(&mut all);
        character_inputs(&mut all);
        unknown_key_inputs(&mut all);
        let mut seen = std::collections::HashSet::new();
        all.retain(|i| seen.insert((i.endpoint, i.body.to_string())));
        all
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measured_strings_hit_their_target() {
        for c in ['a', 'é', '漢', '😀'] {
            for target in [0, 1, 2, 3, 49, 50, 51, 71, 72, 73] {
                assert_eq!(
                    measured(c, 'a', Measure::Chars, target).chars().count(),
                    target
                );
                assert_eq!(measured(c, 'a', Measure::Utf8Bytes, target).len(), target);
                assert_eq!(
                    measured(c, 'a', Measure::Utf16Units, target)
                        .encode_utf16()
                        .count(),
                    target
                );
            }
        }
    }

    #[test]
    fn limits_are_judged_by_the_contract() {
        let all = boundary_inputs();
        let find = |field: &str, limit: usize, measure: &str, at: &str, width: usize| {
            all.iter()
                .find(|i| {
                    i.boundary["field"] == field
                        && i.boundary["limit"] == limit
                        && i.boundary["measure"] == measure
                        && i.boundary["at"] == at
                        && i.boundary["char_width"] == width
                })
                .unwrap_or_else(|| panic!("{field} {limit} {measure} {at} {width}"))
        };
        assert!(find("password", 50, "chars", "limit", 4).valid);
        assert!(!find("password", 50, "chars", "limit+1", 1).valid);
        assert!(!find("password", 3, "chars", "limit-1", 1).valid);
        assert!(
            !find("password", 3, "utf8-bytes", "limit", 3).valid,
            "3 bytes of a 3-byte character are one character: too short"
        );
        // 73 bytes of 3-byte characters are 25 characters: allowed, past bcrypt's limit.
        let past_bcrypt = all
            .iter()
            .find(|i| {
                i.boundary["limit"] == 72
                    && i.boundary["at"] == "limit+1"
                    && i.boundary["char_width"] == 3
            })
            .unwrap();
        assert!(past_bcrypt.valid);
        assert_eq!(past_bcrypt.body["password"].as_str().unwrap().len(), 73);
        assert!(!find("options.displayName", 32, "chars", "limit+1", 2).valid);
        assert_eq!(
            find("options.locale", 2, "chars", "limit", 1).body["options"]["locale"],
            "fr"
        );
        assert!(find("options.displayName", 32, "utf16-units", "limit+1", 4).valid);
        let mut names: Vec<String> = all.iter().map(|i| i.boundary.to_string()).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n, "every boundary is named once");
        assert!(all
            .iter()
            .any(|i| i.valid && i.body.to_string().contains("\\u0000")));
        let signout = all
            .iter()
            .find(|i| i.endpoint == Endpoint::SignOut && i.boundary.get("unknown_key").is_some())
            .unwrap();
        assert!(signout.valid, "the sign-out body is open");
    }
}
