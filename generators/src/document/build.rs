//! The schema walk that turns a contract into a strategy of valid documents. The main type is
//! [`Builder`].

use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::{Map, Value};

use contract::Contract;

use super::effective::{flatten, merge, types};
use super::numbers::{integer, number};
use super::refuse::Refuse;
use super::strings::string;
use crate::domain::{json_object, json_value};
use crate::text::text;

/// Below this nesting depth optional properties may appear and arrays may grow; deeper, the
/// builder emits only what the schema requires (recursive schemas stay finite).
const SOFT_DEPTH: usize = 6;
/// Past this depth the schema is refused as unboundedly recursive.
const HARD_DEPTH: usize = 32;
/// Extra items an array without `maxItems` may get beyond `minItems`.
const TYPICAL_ITEMS: usize = 4;

/// Builds valid-document strategies by walking one contract's schema.
pub struct Builder<'c> {
    contract: &'c Contract,
}

impl<'c> Builder<'c> {
    /// A builder for `contract` (its `$ref`s resolve inside its document).
    pub fn new(contract: &'c Contract) -> Self {
        Builder { contract }
    }

    /// Values valid against `schema`; `hint` is the property name (`roles[]` for its items).
    pub fn value(&self, schema: &Value, hint: Option<&str>, depth: usize) -> BoxedStrategy<Value> {
        if depth > HARD_DEPTH {
            return Refuse::new("the schema nests deeper than 32 levels for every value").boxed();
        }
        let Some(eff) = flatten(self.contract, schema) else {
            return Refuse::new("a required location has the `false` schema").boxed();
        };
        if let Some(c) = eff.get("const") {
            return Just(c.clone()).boxed();
        }
        if let Some(Value::Array(options)) = eff.get("enum") {
            let allowed = types(&eff);
            let options: Vec<Value> = options
                .iter()
                .filter(|v| {
                    allowed
                        .as_ref()
                        .is_none_or(|ts| ts.iter().any(|t| is_type(v, t)))
                })
                .cloned()
                .collect();
            if options.is_empty() {
                return Refuse::new("no `enum` value has an allowed type").boxed();
            }
            return prop::sample::select(options).boxed();
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = eff.get(key) {
                let mut rest = eff.clone();
                rest.remove(key);
                let arms: Vec<BoxedStrategy<Value>> = branches
                    .iter()
                    .filter_map(|b| {
                        let mut merged = rest.clone();
                        merge(&mut merged, flatten(self.contract, b)?);
                        Some(self.value(&Value::Object(merged), hint, depth))
                    })
                    .collect();
                if arms.is_empty() {
                    return Refuse::new(format!("every `{key}` branch is the `false` schema"))
                        .boxed();
                }
                return Union::new(arms).boxed();
            }
        }
        let types = types(&eff).unwrap_or_else(|| inferred_types(&eff));
        if types.is_empty() {
            return Refuse::new("the allowed types have an empty intersection").boxed();
        }
        let arms: Vec<BoxedStrategy<Value>> = types
            .iter()
            .map(|t| self.typed(t, &eff, hint, depth))
            .collect();
        Union::new(arms).boxed()
    }

    fn typed(
        &self,
        t: &str,
        eff: &Map<String, Value>,
        hint: Option<&str>,
        depth: usize,
    ) -> BoxedStrategy<Value> {
        match t {
            "null" => Just(Value::Null).boxed(),
            "boolean" => any::<bool>().prop_map(Value::Bool).boxed(),
            "integer" => integer(eff, hint),
            "number" => number(eff),
            "string" => string(eff, hint),
            "object" => self.object(eff, hint, depth),
            "array" => self.array(eff, hint, depth),
            "any" => json_value(),
            other => Refuse::new(format!("unknown type `{other}`")).boxed(),
        }
    }

    fn object(
        &self,
        eff: &Map<String, Value>,
        hint: Option<&str>,
        depth: usize,
    ) -> BoxedStrategy<Value> {
        let empty = Map::new();
        let props = eff
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required: Vec<String> = eff
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        let additional = eff.get("additionalProperties");
        let closed = additional == Some(&Value::Bool(false))
            || eff.contains_key("propertyNames")
            || eff.contains_key("patternProperties")
            || eff.get("unevaluatedProperties") == Some(&Value::Bool(false));
        let max_props = eff
            .get("maxProperties")
            .and_then(Value::as_u64)
            .map(|n| n as usize);
        let min_props = eff
            .get("minProperties")
            .and_then(Value::as_u64)
            .map_or(0, |n| n as usize);

        if props.is_empty() && required.is_empty() && !closed {
            return self.free_object(additional, hint, depth, min_props, max_props);
        }
        let mut fields: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
        let mut optional_slots = 0usize;
        for (name, sub) in props {
            let value = self.value(sub, Some(name), depth + 1);
            let name = name.clone();
            if required.contains(&name) || optional_slots < min_props.saturating_sub(required.len())
            {
                if !required.contains(&name) {
                    optional_slots += 1;
                }
                fields.push(value.prop_map(move |v| Some((name.clone(), v))).boxed());
            } else if depth < SOFT_DEPTH {
                fields
                    .push(proptest::option::of(value.prop_map(move |v| (name.clone(), v))).boxed());
            }
        }
        for name in required.iter().filter(|n| !props.contains_key(*n)) {
            let sub = additional
                .filter(|a| a.is_object())
                .cloned()
                .unwrap_or(Value::Bool(true));
            let name = name.clone();
            fields.push(
                self.value(&sub, Some(&name), depth + 1)
                    .prop_map(move |v| Some((name.clone(), v)))
                    .boxed(),
            );
        }
        let required_count = required.len();
        fields
            .prop_map(move |entries| {
                let mut map: Map<String, Value> = entries.into_iter().flatten().collect();
                if let Some(max) = max_props {
                    while map.len() > max.max(required_count) {
                        let Some(drop) = map.keys().rev().find(|k| !required.contains(k)).cloned()
                        else {
                            break;
                        };
                        map.remove(&drop);
                    }
                }
                Value::Object(map)
            })
            .boxed()
    }

    /// An object without declared properties: free-form keys (anything JSON can carry, the empty
    /// key included) with values of `additionalProperties` (or any JSON).
    fn free_object(
        &self,
        additional: Option<&Value>,
        hint: Option<&str>,
        depth: usize,
        min: usize,
        max: Option<usize>,
    ) -> BoxedStrategy<Value> {
        let typed_values = additional.is_some_and(Value::is_object);
        if !typed_values && min == 0 && max.is_none() {
            return if depth < SOFT_DEPTH {
                json_object(false)
            } else {
                Just(Value::Object(Map::new())).boxed()
            };
        }
        let values = match additional {
            Some(schema) if schema.is_object() => self.value(schema, hint, depth + 1),
            _ => json_value(),
        };
        let hi = max.unwrap_or(min + TYPICAL_ITEMS).max(min);
        let hi = if depth < SOFT_DEPTH { hi } else { min };
        // Distinct keys are built in: the index makes every key unique.
        proptest::collection::vec((text(0, Some(8)), values), min..=hi)
            .prop_map(|kvs| {
                let map: Map<String, Value> = kvs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (k, v))| (format!("{k}{i}"), v))
                    .collect();
                Value::Object(map)
            })
            .boxed()
    }

    fn array(
        &self,
        eff: &Map<String, Value>,
        hint: Option<&str>,
        depth: usize,
    ) -> BoxedStrategy<Value> {
        let min = eff
            .get("minItems")
            .and_then(Value::as_u64)
            .map_or(0, |n| n as usize);
        let declared_max = eff
            .get("maxItems")
            .and_then(Value::as_u64)
            .map(|n| n as usize);
        let prefix: Vec<Value> = eff
            .get("prefixItems")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let items = eff.get("items").cloned().unwrap_or(Value::Bool(true));
        let item_hint = hint.map(|h| format!("{h}[]"));
        let rest_max = if items == Value::Bool(false) {
            0
        } else if depth < SOFT_DEPTH {
            declared_max
                .unwrap_or(min.max(prefix.len()) + TYPICAL_ITEMS)
                .saturating_sub(prefix.len())
        } else {
            min.saturating_sub(prefix.len())
        };
        let rest_min = min.saturating_sub(prefix.len()).min(rest_max);
        let prefix_strategies: Vec<BoxedStrategy<Value>> = prefix
            .iter()
            .map(|p| self.value(p, item_hint.as_deref(), depth + 1))
            .collect();
        let item = if eff.get("items").is_some() || prefix.is_empty() {
            self.value(&items, item_hint.as_deref(), depth + 1)
        } else {
            json_value()
        };
        let contains = eff
            .get("contains")
            .map(|c| self.value(c, item_hint.as_deref(), depth + 1));
        let unique = eff.get("uniqueItems") == Some(&Value::Bool(true));
        let lengths = crate::text::length(rest_min, rest_max);
        let strategy = (
            prefix_strategies,
            lengths.prop_flat_map(move |n| proptest::collection::vec(item.clone(), n)),
        )
            .prop_map(|(mut head, tail)| {
                head.extend(tail);
                head
            });
        let strategy = match contains {
            Some(c) => (c, strategy)
                .prop_map(move |(first, mut rest)| {
                    rest.insert(0, first);
                    rest.truncate(declared_max.unwrap_or(usize::MAX).max(1));
                    rest
                })
                .boxed(),
            None => strategy.boxed(),
        };
        if unique {
            strategy
                .prop_map(|items| {
                    let mut seen: Vec<Value> = Vec::new();
                    for item in items {
                        if !seen.contains(&item) {
                            seen.push(item);
                        }
                    }
                    seen
                })
                .prop_filter(
                    "uniqueItems must leave at least minItems items",
                    move |items| items.len() >= min,
                )
                .prop_map(Value::Array)
                .boxed()
        } else {
            strategy.prop_map(Value::Array).boxed()
        }
    }
}

/// Whether `v` has JSON Schema type `t` (an integral float is an integer).
pub fn is_type(v: &Value, t: &str) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "integer" => {
            v.as_i64().is_some()
                || v.as_u64().is_some()
                || v.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        "number" => v.is_number(),
        "string" => v.is_string(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        _ => false,
    }
}

/// The types a schema without `type` implies from its keywords (`properties` → object …), or
/// any JSON when nothing says.
fn inferred_types(eff: &Map<String, Value>) -> Vec<String> {
    let has = |keys: &[&str]| keys.iter().any(|k| eff.contains_key(*k));
    let t = if has(&[
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "minProperties",
        "maxProperties",
        "propertyNames",
    ]) {
        "object"
    } else if has(&[
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
    ]) {
        "array"
    } else if has(&["minLength", "maxLength", "pattern", "format"]) {
        "string"
    } else if has(&[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ]) {
        "number"
    } else {
        "any"
    };
    vec![t.to_owned()]
}
