//! The boundary phase: deterministic, named request inputs at every rule of the request rules
//! table. The main item is [`boundary_inputs`].
//!
//! For every field of every request body ([`contract::requests`]):
//! - each documented length limit (in any service version) at `limit − 1`, `limit` and
//!   `limit + 1`, measured in characters (as JSON Schema counts), in UTF-8 bytes and in UTF-16
//!   units, built from 1-, 2-, 3- and 4-byte characters (ASCII filler makes up a remainder), and
//!   bcrypt's 72-byte input limit for the sign-up password (a limit implementations are known to
//!   have);
//! - U+0000 and other control characters in every string, and in metadata values and keys
//!   (PostgreSQL `text` and `jsonb` cannot hold U+0000);
//! - `null`, a value of each wrong JSON type, the empty string, and for arrays a `null` and a
//!   wrongly typed item;
//! - an unknown key in every object (the top level of every body, sign-up `options`).
//!
//! Every input says what the documented versions make of it ([`BoundaryInput::admission`], judged
//! by [`super::admission`]), so a suite can judge it like any case.

use serde_json::{json, Value};

use contract::requests::{self, Field, FieldType, Keys, NULLABILITY_SOURCE};
use contract::ServiceVersion;

use super::rules::{admission, Admission};
use super::types::{Endpoint, RequestBody};
use super::valid::PASSWORD_MAX_BYTES;
use crate::values::set_at;

/// The email every sign-up template carries; a suite replaces it with a unique one.
pub const PLACEHOLDER_EMAIL: &str = "boundary@example.com";

/// One named boundary input.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryInput {
    /// The endpoint it is sent to.
    pub endpoint: Endpoint,
    /// The boundary, named: `{"field":"password","measure":"utf8-bytes","at":"limit+1",
    /// "limit":72,"char_width":3}`, `{"field":"all","edge":"null"}`, … plus `"source"` saying
    /// where the rule comes from.
    pub boundary: Value,
    /// The body (sign-ups carry [`PLACEHOLDER_EMAIL`] unless the email is the boundary).
    pub body: Value,
    /// What the documented versions make of it.
    pub admission: Admission,
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

/// One character of each UTF-8 width (letters and a symbol, as a display name may hold).
const WIDTHS: [char; 4] = ['a', 'é', '漢', '😀'];
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
    /// The measures the limit is probed in (all three for documented limits).
    measures: &'static [Measure],
    source: String,
}

const ALL_MEASURES: &[Measure] = &[Measure::Chars, Measure::Utf8Bytes, Measure::Utf16Units];

/// Every documented length limit of a string field (in any version), and bcrypt's 72 bytes.
fn limits() -> Vec<Limit> {
    let mut out: Vec<Limit> = Vec::new();
    for endpoint in Endpoint::ALL {
        for field in strings_of(endpoint) {
            for version in ServiceVersion::ALL {
                let chars = field.chars.get(version);
                let sides = [
                    (chars.min > 0).then_some((chars.min, false)),
                    chars.max.map(|m| (m, true)),
                ];
                for (value, max) in sides.into_iter().flatten() {
                    let known = out.iter().any(|l| {
                        l.endpoint == endpoint
                            && l.field == field.path
                            && l.value == value
                            && l.max == max
                    });
                    if !known {
                        out.push(Limit {
                            endpoint,
                            field: field.path,
                            value,
                            max,
                            measures: ALL_MEASURES,
                            source: field.source.to_owned(),
                        });
                    }
                }
            }
        }
    }
    out.push(Limit {
        endpoint: Endpoint::SignUp,
        field: "/password",
        value: PASSWORD_MAX_BYTES,
        max: true,
        measures: &[Measure::Utf8Bytes],
        source: "implementation: bcrypt reads only the first 72 bytes (nhost-auth-contract.md § Request bodies: a correct service must not answer 5xx)".to_owned(),
    });
    out
}

/// The string fields of `endpoint`'s body.
fn strings_of(endpoint: Endpoint) -> impl Iterator<Item = &'static Field> {
    requests::body(endpoint.kind())
        .fields
        .iter()
        .filter(|f| f.ty == FieldType::String)
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

/// The template with `value` at `pointer`.
fn body_with(endpoint: Endpoint, pointer: &str, value: Value) -> Value {
    let mut body = template(endpoint);
    set_at(&mut body, pointer, value);
    body
}

fn input(endpoint: Endpoint, mut boundary: Value, body: Value) -> BoundaryInput {
    boundary["endpoint"] = json!(endpoint.name());
    let admission = admission(endpoint, &RequestBody::Json(body.clone()));
    BoundaryInput {
        endpoint,
        boundary,
        body,
        admission,
    }
}

fn field_name(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}

fn length_inputs(out: &mut Vec<BoundaryInput>) {
    for limit in limits() {
        for (width, &c) in WIDTHS.iter().enumerate() {
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
                    let text = if limit.field.ends_with("/locale") && width == 0 {
                        // ASCII locales are real codes, so an echo can tell "kept" from
                        // "replaced by the default".
                        LOCALE_ASCII
                            .get(target)
                            .copied()
                            .unwrap_or("fil-")
                            .to_owned()
                    } else {
                        measured(c, WIDTHS[0], measure, target)
                    };
                    let body = body_with(limit.endpoint, limit.field, Value::String(text));
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

/// Where the character inputs come from.
const CHARACTERS_SOURCE: &str = "nhost-auth-contract.md § Request bodies: U+0000 is valid JSON in any string; PostgreSQL text and jsonb cannot hold it; a correct service answers 4xx or stores it, never 5xx";

/// A valid value of a string field: the template's, else the table's example.
fn base_string(endpoint: Endpoint, field: &Field) -> String {
    template(endpoint)
        .pointer(field.path)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| field.example_value().as_str().map(str::to_owned))
        .unwrap_or_else(|| "ab".to_owned())
}

/// `base` with its middle character replaced by `middle` and, when `first` is given, its first
/// by `first`: the character count stays, so a length rule is not what the input probes.
fn with_controls(base: &str, middle: char, first: Option<char>) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    if chars.is_empty() {
        chars.push('a');
    }
    let mid = chars.len() / 2;
    chars[mid] = middle;
    if let Some(c) = first {
        if chars.len() > 1 {
            chars[0] = c;
        }
    }
    chars.into_iter().collect()
}

/// U+0000 and other controls in every string field, and in metadata values and keys.
fn character_inputs(out: &mut Vec<BoundaryInput>) {
    for endpoint in Endpoint::ALL {
        for field in strings_of(endpoint) {
            let base = base_string(endpoint, field);
            for (what, value) in [
                ("U+0000", with_controls(&base, '\u{0}', None)),
                (
                    "C0 and C1 controls",
                    with_controls(&base, '\u{1f}', Some('\u{9f}')),
                ),
            ] {
                let body = body_with(endpoint, field.path, Value::String(value));
                let boundary = json!({ "field": field.name(), "characters": what, "source": CHARACTERS_SOURCE });
                out.push(input(endpoint, boundary, body));
            }
        }
        let metadata = requests::body(endpoint.kind())
            .fields
            .iter()
            .filter(|f| f.ty == FieldType::Object(Keys::Open));
        for field in metadata {
            for (key, what, value) in [
                ("note", "U+0000", json!("a\u{0}b")),
                ("a\u{0}b", "U+0000 in a key", json!(1)),
                (
                    "controls",
                    "C0 and C1 controls",
                    json!("\u{1}\u{1f}\u{7f}\u{9f}\u{2028}\u{feff}"),
                ),
            ] {
                let body = body_with(endpoint, &format!("{}/{key}", field.path), value);
                let boundary = json!({ "field": field.name(), "characters": what, "source": CHARACTERS_SOURCE });
                out.push(input(endpoint, boundary, body));
            }
        }
    }
}

/// Makes a value of one JSON type.
type MakeValue = fn() -> Value;

/// A value of every JSON type but `null`, named by type.
const WRONG_TYPES: [(&str, MakeValue); 5] = [
    ("string", || json!("x")),
    ("number", || json!(5)),
    ("boolean", || json!(true)),
    ("array", || json!([])),
    ("object", || json!({})),
];

/// `null`, each wrong JSON type and the empty string in every field; `null` and a wrongly typed
/// item in every array.
fn edge_inputs(out: &mut Vec<BoundaryInput>) {
    for endpoint in Endpoint::ALL {
        for field in requests::body(endpoint.kind()).fields {
            let mut edges: Vec<(Value, Value)> = vec![(
                json!({ "edge": "null", "source": NULLABILITY_SOURCE }),
                Value::Null,
            )];
            for (name, value) in WRONG_TYPES {
                if name != field.ty.json_type() {
                    edges.push((
                        json!({ "edge": "wrong-type", "json_type": name, "source": field.source }),
                        value(),
                    ));
                }
            }
            match field.ty {
                FieldType::String => edges.push((
                    json!({ "edge": "empty-string", "source": field.source }),
                    json!(""),
                )),
                FieldType::StringArray => {
                    edges.push((
                        json!({ "edge": "null-item", "source": NULLABILITY_SOURCE }),
                        json!([null]),
                    ));
                    edges.push((
                        json!({ "edge": "wrong-item-type", "json_type": "number", "source": field.source }),
                        json!([5]),
                    ));
                }
                FieldType::Boolean | FieldType::Object(_) => {}
            }
            for (mut boundary, value) in edges {
                boundary["field"] = json!(field.name());
                let body = body_with(endpoint, field.path, value);
                out.push(input(endpoint, boundary, body));
            }
        }
    }
}

/// A key the rules do not name, in every object of every body: refused where the object is
/// closed, accepted (and ignored) where it is open.
fn unknown_key_inputs(out: &mut Vec<BoundaryInput>) {
    for endpoint in Endpoint::ALL {
        for (object, keys, source) in requests::body(endpoint.kind()).objects() {
            let body = body_with(endpoint, &format!("{object}/x-unknown-key"), json!(true));
            let boundary = json!({
                "field": if object.is_empty() { "(top level)".to_owned() } else { field_name(object) },
                "unknown_key": "x-unknown-key",
                "keys": if keys == Keys::Closed { "closed" } else { "open" },
                "source": source,
            });
            out.push(input(endpoint, boundary, body));
        }
    }
}

/// Every boundary input, in a stable order: lengths, characters, edge values, unknown keys. A
/// body already sent under another boundary's name (locale `min + 1` is locale `max`) is sent
/// once, under the first name. Built (and judged against the request rules) once per process.
pub fn boundary_inputs() -> &'static [BoundaryInput] {
    static ALL: std::sync::OnceLock<Vec<BoundaryInput>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut all = Vec::new();
        length_inputs(&mut all);
        character_inputs(&mut all);
        edge_inputs(&mut all);
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

    fn allowed(i: &BoundaryInput) -> bool {
        i.admission == Admission::Allowed
    }

    #[test]
    fn limits_are_judged_by_the_rules_table() {
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
        assert!(allowed(find("password", 50, "chars", "limit", 4)));
        assert_eq!(
            find("password", 50, "chars", "limit+1", 1).admission,
            Admission::Refused
        );
        assert_eq!(
            find("password", 3, "chars", "limit-1", 1).admission,
            Admission::Refused
        );
        assert_eq!(
            find("password", 3, "utf8-bytes", "limit", 3).admission,
            Admission::Refused,
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
        assert!(allowed(past_bcrypt));
        assert_eq!(past_bcrypt.body["password"].as_str().unwrap().len(), 73);
        assert_eq!(
            find("options.displayName", 32, "chars", "limit+1", 2).admission,
            Admission::Refused
        );
        assert_eq!(
            find("options.locale", 2, "chars", "limit", 1).body["options"]["locale"],
            "fr"
        );
        // A 3-character locale: v0.42 refuses it, newer versions allow it.
        let fil = find("options.locale", 2, "chars", "limit+1", 1);
        assert_eq!(fil.body["options"]["locale"], "fil");
        assert_eq!(
            fil.admission,
            Admission::VersionDependent {
                allowed_in: vec![ServiceVersion::Newer]
            }
        );
        assert!(allowed(find(
            "options.displayName",
            32,
            "utf16-units",
            "limit+1",
            4
        )));
        let mut names: Vec<String> = all.iter().map(|i| i.boundary.to_string()).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n, "every boundary is named once");
        assert!(all
            .iter()
            .any(|i| allowed(i) && i.body.to_string().contains("\\u0000")));
    }

    #[test]
    fn unknown_keys_are_refused_where_the_body_is_closed() {
        let unknown: Vec<&BoundaryInput> = boundary_inputs()
            .iter()
            .filter(|i| i.boundary.get("unknown_key").is_some())
            .collect();
        // 5 bodies, sign-up options, and the two metadata objects.
        assert_eq!(unknown.len(), 8);
        let closed = unknown.iter().filter(|i| i.boundary["keys"] == "closed");
        assert_eq!(closed.count(), 5, "4 bodies and sign-up options are closed");
        for i in unknown {
            let want = if i.boundary["keys"] == "open" {
                Admission::Allowed
            } else {
                Admission::Refused
            };
            assert_eq!(i.admission, want, "{}", i.boundary);
        }
        let signout = boundary_inputs()
            .iter()
            .find(|i| i.endpoint == Endpoint::SignOut && i.boundary.get("unknown_key").is_some())
            .expect("an unknown key at sign-out");
        assert_eq!(signout.boundary["keys"], "open");
    }

    #[test]
    fn every_field_gets_null_and_sign_out_all_null_is_planned() {
        for endpoint in Endpoint::ALL {
            for field in requests::body(endpoint.kind()).fields {
                let null = boundary_inputs().iter().find(|i| {
                    i.endpoint == endpoint
                        && i.boundary["field"] == field.name()
                        && i.boundary["edge"] == "null"
                });
                let null = null.unwrap_or_else(|| panic!("{endpoint:?} {} null", field.path));
                assert_eq!(null.admission, Admission::Refused, "{}", null.boundary);
                assert_eq!(null.body.pointer(field.path), Some(&Value::Null));
            }
        }
        let all_null = boundary_inputs()
            .iter()
            .find(|i| i.endpoint == Endpoint::SignOut && i.body.get("all") == Some(&Value::Null))
            .expect("sign-out with all: null");
        assert_eq!(all_null.admission, Admission::Refused);
    }
}
