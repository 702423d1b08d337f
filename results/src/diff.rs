//! Where two JSON values differ, as data: [`json_diff`] returns one [`Difference`] per JSON
//! pointer at which they disagree, with both values; [`Difference::describe`] says it in one
//! line. Every place that compares two JSON values (what an SDK handed its caller against what
//! it was served, `GET /user` against a session's user, the HTTP against the SDK run of
//! `compare`) reports these instead of the two whole values.
//!
//! Objects are compared key by key (in any order); arrays index by index, the items one array
//! has beyond the other's length being absent on the other side; everything else (strings,
//! numbers, booleans, `null`, and two values of different types) by a leaf comparison the caller
//! chooses ([`json_diff_by`]), `==` for [`json_diff`].
//!
//! ```
//! use results::diff::json_diff;
//! use serde_json::json;
//!
//! let served = json!({"user": {"roles": ["user", "me"], "avatarUrl": null, "locale": "en"}});
//! let handed = json!({"user": {"roles": ["user"], "locale": "en", "extra": 1}});
//! let lines: Vec<String> = json_diff(&served, &handed)
//!     .iter()
//!     .map(|d| d.describe("served", "handed on"))
//!     .collect();
//! assert_eq!(
//!     lines,
//!     [
//!         "/user/roles/1: served \"me\", handed on (absent)",
//!         "/user/avatarUrl: served null, handed on (absent)",
//!         "/user/extra: served (absent), handed on 1",
//!     ]
//! );
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::text::truncate;

/// How a missing value reads in [`Difference::describe`] and [`show`].
pub const ABSENT: &str = "(absent)";

/// Longest value shown by [`Difference::describe`], in characters.
pub const SHOWN_CHARS: usize = 120;

/// One place where two JSON values differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// The JSON pointer (RFC 6901) of the place, `""` for the whole value.
    pub pointer: String,
    /// The left value there, `None` when the left side has no such key or index.
    pub left: Option<Value>,
    /// The right value there, `None` when the right side has no such key or index.
    pub right: Option<Value>,
}

impl Difference {
    /// One line: `POINTER: LEFT_NAME LEFT, RIGHT_NAME RIGHT` (see [`Difference::values`]); the
    /// root pointer reads `/`.
    pub fn describe(&self, left_name: &str, right_name: &str) -> String {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        format!("{at}: {}", self.values(left_name, right_name))
    }

    /// Both values: `LEFT_NAME LEFT, RIGHT_NAME RIGHT`, each as compact JSON cut to
    /// [`SHOWN_CHARS`] characters, a missing one as `(absent)`.
    pub fn values(&self, left_name: &str, right_name: &str) -> String {
        format!(
            "{left_name} {}, {right_name} {}",
            show(self.left.as_ref()),
            show(self.right.as_ref())
        )
    }
}

/// A value as compact JSON cut to [`SHOWN_CHARS`] characters, or `(absent)`.
pub fn show(value: Option<&Value>) -> String {
    value.map_or_else(
        || ABSENT.to_owned(),
        |v| truncate(&v.to_string(), SHOWN_CHARS),
    )
}

/// Every place where `left` and `right` differ, leaves compared with `==`, in the order of
/// `left`'s keys and items (then the keys only `right` has). Empty when they are equal.
pub fn json_diff(left: &Value, right: &Value) -> Vec<Difference> {
    json_diff_by(left, right, &|a, b| a == b)
}

/// Like [`json_diff`], with `same` deciding whether two leaves (values that are not both
/// objects or both arrays) are equal: e.g. numbers as binary64, or timestamps as instants.
pub fn json_diff_by(
    left: &Value,
    right: &Value,
    same: &dyn Fn(&Value, &Value) -> bool,
) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(&mut String::new(), left, right, same, &mut out);
    out
}

fn walk(
    at: &mut String,
    left: &Value,
    right: &Value,
    same: &dyn Fn(&Value, &Value) -> bool,
    out: &mut Vec<Difference>,
) {
    let len = at.len();
    match (left, right) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                push_key(at, key);
                match b.get(key) {
                    Some(other) => walk(at, value, other, same, out),
                    None => out.push(difference(at, Some(value), None)),
                }
                at.truncate(len);
            }
            for (key, other) in b.iter().filter(|(key, _)| !a.contains_key(*key)) {
                push_key(at, key);
                out.push(difference(at, None, Some(other)));
                at.truncate(len);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for index in 0..a.len().max(b.len()) {
                at.push('/');
                at.push_str(&index.to_string());
                match (a.get(index), b.get(index)) {
                    (Some(value), Some(other)) => walk(at, value, other, same, out),
                    (value, other) => out.push(difference(at, value, other)),
                }
                at.truncate(len);
            }
        }
        _ if same(left, right) => {}
        _ => out.push(difference(at, Some(left), Some(right))),
    }
}

fn push_key(at: &mut String, key: &str) {
    at.push('/');
    at.push_str(&key.replace('~', "~0").replace('/', "~1"));
}

fn difference(at: &str, left: Option<&Value>, right: Option<&Value>) -> Difference {
    Difference {
        pointer: at.to_owned(),
        left: left.cloned(),
        right: right.cloned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn described(left: &Value, right: &Value) -> Vec<String> {
        json_diff(left, right)
            .iter()
            .map(|d| d.describe("L", "R"))
            .collect()
    }

    #[test]
    fn equal_values_have_no_difference_whatever_the_key_order() {
        let a = json!({"a": [1, {"b": null}], "c": "x"});
        let b = json!({"c": "x", "a": [1, {"b": null}]});
        assert!(json_diff(&a, &b).is_empty());
        assert!(json_diff(&Value::Null, &Value::Null).is_empty());
    }

    #[test]
    fn nested_arrays_nulls_and_missing_keys_each_get_their_pointer() {
        let left = json!({
            "session": {
                "user": {
                    "roles": ["user", "me"],
                    "metadata": {"a": [1, [2, 3]], "gone": null},
                    "avatarUrl": null,
                    "locale": "en"
                },
                "refreshToken": "r"
            }
        });
        let right = json!({
            "session": {
                "user": {
                    "roles": ["user", "me", "admin"],
                    "metadata": {"a": [1, [2, null]]},
                    "avatarUrl": "",
                    "locale": null
                },
                "refreshToken": "r",
                "added": {"x": 1}
            }
        });
        assert_eq!(
            described(&left, &right),
            [
                "/session/user/roles/2: L (absent), R \"admin\"",
                "/session/user/metadata/a/1/1: L 3, R null",
                "/session/user/metadata/gone: L null, R (absent)",
                "/session/user/avatarUrl: L null, R \"\"",
                "/session/user/locale: L \"en\", R null",
                "/session/added: L (absent), R {\"x\":1}",
            ]
        );
    }

    #[test]
    fn different_types_and_the_root_differ_as_a_whole() {
        assert_eq!(
            described(&json!({"a": [1]}), &json!({"a": {"0": 1}})),
            ["/a: L [1], R {\"0\":1}"]
        );
        assert_eq!(described(&json!(1), &json!("1")), ["/: L 1, R \"1\""]);
        assert_eq!(described(&json!([]), &json!(null)), ["/: L [], R null"]);
    }

    #[test]
    fn keys_with_slashes_and_tildes_are_escaped_in_pointers() {
        let found = json_diff(&json!({"a/b": 1, "c~d": 2}), &json!({"a/b": 2, "c~d": 3}));
        let pointers: Vec<&str> = found.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/a~1b", "/c~0d"]);
    }

    #[test]
    fn the_leaf_comparison_is_the_callers() {
        let loose = |a: &Value, b: &Value| a.as_f64().is_some() && a.as_f64() == b.as_f64();
        let (a, b) = (json!({"n": [1, 2.0]}), json!({"n": [1.0, 2]}));
        assert_eq!(json_diff(&a, &b).len(), 2, "== tells 1 from 1.0");
        assert!(json_diff_by(&a, &b, &loose).is_empty());
    }

    #[test]
    fn long_values_are_cut_in_the_description() {
        let long = Value::String("x".repeat(500));
        let line = json_diff(&long, &Value::Null)[0].describe("L", "R");
        assert!(line.chars().count() < SHOWN_CHARS + 20, "{line}");
        assert!(line.contains('…'));
    }
}
