//! Strings for a string-typed location: format values, pattern matches, field realism or plain
//! text, within `minLength`/`maxLength` counted in characters. The main item is [`string`].

use std::cell::RefCell;
use std::collections::HashMap;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{json, Map, Value};

use contract::walk::ASSERTED_FORMATS;
use contract::Contract;

use super::effective::EXTRA_PATTERNS;
use crate::domain::{by_format, by_name};
use crate::text::text;

/// Checks strings against a location's string keywords (`format`, `pattern`s, lengths) exactly
/// as the validator does: it is the validator, compiled for just those keywords.
#[derive(Clone)]
struct StringCheck(Contract);

impl StringCheck {
    /// `None` when the location has no string keyword to check.
    fn new(
        format: Option<&str>,
        patterns: &[String],
        min: usize,
        max: Option<usize>,
    ) -> Option<StringCheck> {
        if format.is_none() && patterns.is_empty() && min == 0 && max.is_none() {
            return None;
        }
        let mut all: Vec<Value> = patterns.iter().map(|p| json!({"pattern": p})).collect();
        all.push(json!({"minLength": min}));
        if let Some(f) = format {
            all.push(json!({"format": f}));
        }
        if let Some(m) = max {
            all.push(json!({"maxLength": m}));
        }
        Contract::from_value("string keywords", json!({"allOf": all}))
            .ok()
            .map(StringCheck)
    }

    fn accepts(&self, s: &str) -> bool {
        self.0.is_valid(&Value::String(s.to_owned()))
    }
}

/// Whether `strategy`'s first values (from a fixed seed) all pass `check`.
fn probe(strategy: &BoxedStrategy<String>, check: Option<&StringCheck>) -> bool {
    const PROBES: usize = 8;
    let Some(check) = check else { return true };
    let mut runner = TestRunner::deterministic();
    (0..PROBES).all(|_| {
        strategy
            .new_tree(&mut runner)
            .is_ok_and(|t| check.accepts(&t.current()))
    })
}

fn patterns(schema: &Map<String, Value>) -> Vec<String> {
    let mut out: Vec<String> = schema
        .get("pattern")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .into_iter()
        .collect();
    if let Some(Value::Array(extra)) = schema.get(EXTRA_PATTERNS) {
        out.extend(extra.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    out
}

/// `pattern` rewritten for generation: outer anchors dropped (a generated string is a whole
/// match anyway) and ECMA-262 ASCII classes spelled out (`\\d` is `[0-9]` there, not any
/// Unicode digit). The result is still checked against the original pattern.
fn generable(pattern: &str) -> String {
    let mut p = pattern.strip_prefix('^').unwrap_or(pattern).to_owned();
    if p.ends_with('$') && !p.ends_with("\\$") {
        p.pop();
    }
    p.replace("\\d", "[0-9]")
        .replace("\\w", "[A-Za-z0-9_]")
        .replace("\\s", "[ \\t\\n]")
}

/// A string the schema accepts, as a JSON value.
///
/// Candidates, in order: valid values of an asserted `format`; realistic values for the property
/// name `hint`; strings generated from the first `pattern`. The first candidate whose first
/// values all pass the location's string keywords is used, else plain text of any characters.
/// The keywords are then enforced with one filter whose reason names them; it rarely rejects,
/// since the chosen candidate was seen to pass.
pub fn string(schema: &Map<String, Value>, hint: Option<&str>) -> BoxedStrategy<Value> {
    let key = Key::of(schema, hint);
    if let Some(hit) = BUILT.with(|built| built.borrow().get(&key).cloned()) {
        return hit;
    }
    let strategy = build(schema, hint);
    BUILT.with(|built| built.borrow_mut().insert(key, strategy.clone()));
    strategy
}

/// What a string strategy depends on: its keywords and the property name.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    format: Option<String>,
    patterns: Vec<String>,
    min: Option<u64>,
    max: Option<u64>,
    hint: Option<String>,
}

impl Key {
    fn of(schema: &Map<String, Value>, hint: Option<&str>) -> Self {
        Self {
            format: schema
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned),
            patterns: patterns(schema),
            min: schema.get("minLength").and_then(Value::as_u64),
            max: schema.get("maxLength").and_then(Value::as_u64),
            hint: hint.map(str::to_owned),
        }
    }
}

thread_local! {
    /// Every string strategy this thread built, by [`Key`]. Document strategies are built per
    /// case (a property's strategy fn runs for each case), and building one compiles a validator
    /// for the location's keywords, parses its pattern and probes its candidates: with this, that
    /// happens once per location and thread. Bounded by the string locations of the contracts in
    /// use. Thread-local because a `BoxedStrategy` is not `Send`.
    static BUILT: RefCell<HashMap<Key, BoxedStrategy<Value>>> = RefCell::new(HashMap::new());
}

/// [`string`] without the cache.
fn build(schema: &Map<String, Value>, hint: Option<&str>) -> BoxedStrategy<Value> {
    let min = schema
        .get("minLength")
        .and_then(Value::as_u64)
        .map_or(0, |n| n as usize);
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|n| n as usize);
    let patterns = patterns(schema);
    let format = schema
        .get("format")
        .and_then(Value::as_str)
        .filter(|f| ASSERTED_FORMATS.contains(f));
    let check = StringCheck::new(format, &patterns, min, max);

    let candidates = [
        format.and_then(by_format),
        hint.and_then(|h| by_name(h, min, max)),
        patterns
            .first()
            .and_then(|p| proptest::string::string_regex(&generable(p)).ok())
            .map(Strategy::boxed),
    ];
    let base = candidates
        .into_iter()
        .flatten()
        .find(|s| probe(s, check.as_ref()))
        .unwrap_or_else(|| text(min, max));
    let strategy = match check {
        Some(check) => base
            .prop_filter(
                "format, pattern and length keywords of the location",
                move |s| check.accepts(s),
            )
            .boxed(),
        None => base,
    };
    strategy.prop_map(Value::String).boxed()
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_become_generable() {
        assert_eq!(generable("^[A-Z]{2}-\\d{3}$"), "[A-Z]{2}-[0-9]{3}");
        assert_eq!(generable("a\\$"), "a\\$");
        assert!(proptest::string::string_regex(&generable("^[0-9a-f]{8}-[0-9a-f]{4}$")).is_ok());
    }
}
