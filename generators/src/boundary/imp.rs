//! Boundary-but-valid variants: changes a consumer must accept (empty strings, null where
//! nullable, unknown keys where allowed, very long and exotic Unicode strings, optional keys all
//! absent, numbers at their limits). The main item is [`boundary_variants`].

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use contract::walk::ASSERTED_FORMATS;
use contract::{pointer, Contract};

use crate::document::is_type;
use crate::domain::fit;
use crate::mutate::sites;
use crate::values::{number, replaced};

/// Everything JSON can carry in a few characters: accents, a combining mark, RTL Hebrew and
/// Arabic, an astral emoji, control characters, a zero-width joiner, a bidi override, a BOM and
/// a line separator.
pub const UNICODE_SAMPLE: &str =
    "Zoë 😀 שלום مرحبا e\u{301} \u{0}\u{1f}\u{7f}\u{200d}\u{202e}\u{feff}\u{2028}𝄞";

/// How long the "very long string" variant is, in characters.
pub const LONG_CHARS: usize = 10_000;

/// The keywords of the schemas applying at one place, gathered.
struct Place<'a> {
    schemas: Vec<&'a Map<String, Value>>,
}

impl<'a> Place<'a> {
    fn any(&self, keys: &[&str]) -> bool {
        self.schemas
            .iter()
            .any(|s| keys.iter().any(|k| s.contains_key(*k)))
    }

    fn allows(&self, t: &str) -> bool {
        self.schemas.iter().all(|s| match s.get("type") {
            None => true,
            Some(Value::String(x)) => x == t || (t == "integer" && x == "number"),
            Some(Value::Array(xs)) => xs
                .iter()
                .any(|x| x == t || (t == "integer" && x == "number")),
            Some(_) => false,
        })
    }

    fn max_of(&self, key: &str) -> Option<u64> {
        self.schemas
            .iter()
            .filter_map(|s| s.get(key).and_then(Value::as_u64))
            .min()
    }

    fn min_of(&self, key: &str) -> u64 {
        self.schemas
            .iter()
            .filter_map(|s| s.get(key).and_then(Value::as_u64))
            .max()
            .unwrap_or(0)
    }

    fn f64s(&self, key: &str) -> Vec<f64> {
        self.schemas
            .iter()
            .filter_map(|s| s.get(key).and_then(Value::as_f64))
            .collect()
    }

    /// Whether any schema here pins the value down (enum, const, asserted format, pattern, or a
    /// branching keyword whose outcome is not known statically).
    fn pinned(&self) -> bool {
        self.any(&[
            "enum",
            "const",
            "pattern",
            "anyOf",
            "oneOf",
            "not",
            "if",
            "contentSchema",
        ]) || self.schemas.iter().any(|s| {
            s.get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| ASSERTED_FORMATS.contains(&f))
        })
    }

    fn accepts_null(&self) -> bool {
        self.allows("null")
            && self.schemas.iter().all(|s| {
                s.get("enum")
                    .and_then(Value::as_array)
                    .is_none_or(|e| e.contains(&Value::Null))
                    && s.get("const").is_none_or(Value::is_null)
            })
            && !self.any(&["anyOf", "oneOf", "not", "if"])
    }

    fn declared(&self, key: &str) -> bool {
        self.schemas.iter().any(|s| {
            s.get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| p.contains_key(key))
        })
    }

    fn required(&self) -> Vec<&str> {
        self.schemas
            .iter()
            .flat_map(|s| {
                s.get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(Value::as_str)
            .collect()
    }
}

/// Boundary-but-valid variants of the valid document `doc`, each `(what, document)`, each
/// changing one place. Every one must validate: a consumer that rejects it is wrong.
///
/// Places inside `anyOf`/`oneOf`/`not`/`if` branches, and items of arrays with `uniqueItems` or
/// `contains`, are left alone (a change there can break the branch choice or the uniqueness).
pub fn boundary_variants(contract: &Contract, doc: &Value) -> Vec<(String, Value)> {
    let mut places: BTreeMap<String, Vec<&Map<String, Value>>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for site in sites(contract, doc) {
        if let Some(Value::Object(schema)) = contract.subschema(&site.schema) {
            if !places.contains_key(&site.instance) {
                order.push(site.instance.clone());
            }
            places.entry(site.instance).or_default().push(schema);
        }
    }
    let mut out = Vec::new();
    for at in &order {
        let place = Place {
            schemas: places[at].clone(),
        };
        let Some(value) = doc.pointer(at) else {
            continue;
        };
        if parent_is_constrained_array(&places, at) {
            continue;
        }
        let name = if at.is_empty() {
            "the document".to_owned()
        } else {
            format!("`{at}`")
        };
        let mut push =
            |what: String, v: Value| out.push((format!("{what} at {name}"), replaced(doc, at, v)));
        strings(&place, value, &mut push);
        if place.accepts_null() && !value.is_null() {
            push("null where nullable".into(), Value::Null);
        }
        if let Value::Object(map) = value {
            objects(&place, map, &mut push);
        }
        if let Value::Array(_) = value {
            if place.allows("array")
                && place.min_of("minItems") == 0
                && !place.any(&["contains", "prefixItems"])
                && !place.pinned()
            {
                push("empty array".into(), json!([]));
            }
        }
        numbers(&place, value, &mut push);
    }
    out
}

fn parent_is_constrained_array(
    places: &BTreeMap<String, Vec<&Map<String, Value>>>,
    at: &str,
) -> bool {
    let Some((parent, _)) = pointer::split_last(at) else {
        return false;
    };
    places.get(parent).is_some_and(|schemas| {
        schemas
            .iter()
            .any(|s| s.get("uniqueItems") == Some(&Value::Bool(true)) || s.contains_key("contains"))
    })
}

fn strings(place: &Place<'_>, value: &Value, push: &mut impl FnMut(String, Value)) {
    if !value.is_string() || !place.allows("string") || place.pinned() {
        return;
    }
    let min = place.min_of("minLength") as usize;
    let max = place.max_of("maxLength").map(|m| m as usize);
    if min == 0 {
        push("empty string".into(), json!(""));
    }
    match max {
        None => {
            let unit = "a😀é\u{301}שل\u{0}";
            let long: String = unit.chars().cycle().take(LONG_CHARS).collect();
            push(
                format!("very long string ({LONG_CHARS} characters, multi-byte)"),
                Value::String(long),
            );
        }
        Some(max) if max >= min => {
            push(
                format!("string of exactly maxLength ({max}) astral characters"),
                Value::String("😀".repeat(max)),
            );
        }
        Some(_) => {}
    }
    push(
        "exotic Unicode string".into(),
        Value::String(fit(UNICODE_SAMPLE, min, max)),
    );
}

fn objects(place: &Place<'_>, map: &Map<String, Value>, push: &mut impl FnMut(String, Value)) {
    if !place.allows("object") || place.any(&["anyOf", "oneOf", "not", "if", "const", "enum"]) {
        return;
    }
    let closed = place.schemas.iter().any(|s| {
        s.get("additionalProperties")
            .is_some_and(|a| a != &Value::Bool(true))
            || s.contains_key("propertyNames")
            || s.contains_key("patternProperties")
            || s.contains_key("unevaluatedProperties")
    });
    let unknown = ["x-conformance-unknown", "ünïcødé-ключ-😀"];
    let room = place
        .max_of("maxProperties")
        .is_none_or(|max| map.len() + unknown.len() <= max as usize);
    if !closed
        && room
        && unknown
            .iter()
            .all(|k| !map.contains_key(*k) && !place.declared(k))
    {
        let mut more = map.clone();
        more.insert(
            unknown[0].into(),
            json!({"nested": [1, "two", null, {"deep": true}]}),
        );
        more.insert(unknown[1].into(), json!("值"));
        push("unknown keys where allowed".into(), Value::Object(more));
    }
    let required = place.required();
    let optional: Vec<&String> = map
        .keys()
        .filter(|k| !required.contains(&k.as_str()))
        .collect();
    let dependent = place.any(&["dependentRequired", "dependentSchemas", "dependencies"]);
    if !optional.is_empty()
        && !dependent
        && map.len() - optional.len() >= place.min_of("minProperties") as usize
    {
        let only_required: Map<String, Value> = map
            .iter()
            .filter(|(k, _)| required.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        push(
            format!("every optional key absent ({})", optional.len()),
            Value::Object(only_required),
        );
    }
}

fn numbers(place: &Place<'_>, value: &Value, push: &mut impl FnMut(String, Value)) {
    if !value.is_number() || place.pinned() || place.any(&["multipleOf"]) {
        return;
    }
    let integer_only = !place.allows("number");
    let lo = place
        .f64s("minimum")
        .into_iter()
        .fold(None, |a: Option<f64>, b| Some(a.map_or(b, |a| a.max(b))));
    let hi = place
        .f64s("maximum")
        .into_iter()
        .fold(None, |a: Option<f64>, b| Some(a.map_or(b, |a| a.min(b))));
    let exclusive = place.any(&["exclusiveMinimum", "exclusiveMaximum"]);
    if !exclusive {
        match lo {
            Some(lo) if !integer_only || lo.fract() == 0.0 => {
                push(format!("number at its minimum ({lo})"), number(lo))
            }
            None => push("most negative 64-bit integer".into(), json!(i64::MIN)),
            Some(_) => {}
        }
        match hi {
            Some(hi) if !integer_only || hi.fract() == 0.0 => {
                push(format!("number at its maximum ({hi})"), number(hi))
            }
            None => {
                push("largest unsigned 64-bit integer".into(), json!(u64::MAX));
                push("largest signed 64-bit integer".into(), json!(i64::MAX));
            }
            Some(_) => {}
        }
    }
    if let Some(i) = value.as_i64().filter(|i| i.unsigned_abs() < (1 << 53)) {
        if is_type(&json!(i as f64), "integer") {
            push(
                format!("integral float ({i}.0) where an integer is required"),
                json!(i as f64),
            );
        }
    }
}
