//! One validator for the subschemas at many locations of a document. The main type is
//! [`Batch`].
//!
//! Compiling a validator per subschema costs a copy of the document's registry index each
//! time, which grows with the document: with many examples in many places (and many anchors),
//! that made the self-check quadratic. A batch compiles once: its schema is a tree of small
//! `properties` levels (16 keys each, `"0"`…`"f"`) whose leaves are `$ref`s to the subschemas.
//! The example for leaf `i` is wrapped in objects along the path of `i`'s hex digits, so it
//! meets exactly one leaf, and each level looks at no more than 16 properties: a check costs
//! the example's own validation plus a few levels, whatever the number of subschemas.

use jsonschema::{ValidationError, Validator};
use serde_json::{Map, Value};

use crate::contract::SubschemaCompiler;

/// Keys per level.
const FAN_OUT: usize = 16;

/// One compiled validator that checks a value against any of a list of subschemas.
pub(crate) struct Batch {
    validator: Validator,
    depth: u32,
}

impl Batch {
    /// Compiles the subschemas at `entries` (document pointers) together. Fails when any one
    /// of them does not compile.
    pub(crate) fn new(
        compiler: &SubschemaCompiler,
        entries: &[&str],
    ) -> Result<Self, ValidationError<'static>> {
        let mut depth = 1;
        while FAN_OUT.pow(depth) < entries.len() {
            depth += 1;
        }
        let leaves: Vec<Value> = entries.iter().map(|e| compiler.reference(e)).collect();
        let schema = level(leaves, depth);
        Ok(Self {
            validator: compiler.compile_wrapper(&schema)?,
            depth,
        })
    }

    /// Whether `value` is valid against the subschema at `entries[index]`.
    pub(crate) fn is_valid(&self, index: usize, value: &Value) -> bool {
        let mut wrapped = value.clone();
        let mut rest = index;
        for _ in 0..self.depth {
            wrapped = Value::Object(Map::from_iter([(key(rest % FAN_OUT), wrapped)]));
            rest /= FAN_OUT;
        }
        self.validator.is_valid(&wrapped)
    }
}

/// The key of digit `digit` (`"0"`…`"f"`).
fn key(digit: usize) -> String {
    format!("{digit:x}")
}

/// The schema that sends a value along the hex digits of its index to one of `leaves`: the
/// least significant digit is the innermost level.
fn level(leaves: Vec<Value>, depth: u32) -> Value {
    if depth == 0 {
        return leaves.into_iter().next().unwrap_or(Value::Bool(true));
    }
    // Group the leaves by their digit at this level (the outermost is the most significant).
    let stride = FAN_OUT.pow(depth - 1);
    let mut groups: Vec<Vec<Value>> = (0..FAN_OUT).map(|_| Vec::new()).collect();
    for (index, leaf) in leaves.into_iter().enumerate() {
        groups[(index / stride) % FAN_OUT].push(leaf);
    }
    let mut properties = Map::new();
    for (digit, group) in groups.into_iter().enumerate() {
        if !group.is_empty() {
            properties.insert(key(digit), level(group, depth - 1));
        }
    }
    serde_json::json!({ "properties": properties })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::walk::RefResolver;
    use serde_json::json;

    #[test]
    fn each_value_meets_exactly_its_own_subschema() {
        // 300 subschemas (three levels of 16): `const: i` at /$defs/Di, so only i passes at i.
        let defs: Map<String, Value> = (0..300)
            .map(|i| (format!("D{i}"), json!({ "const": i })))
            .collect();
        let document = json!({ "$defs": defs });
        let resolver = RefResolver::new(&document);
        let compiler = SubschemaCompiler::new(&document, &resolver).unwrap();
        let entries: Vec<String> = (0..300).map(|i| format!("/$defs/D{i}")).collect();
        let entries: Vec<&str> = entries.iter().map(String::as_str).collect();
        let batch = Batch::new(&compiler, &entries).unwrap();
        assert_eq!(batch.depth, 3);
        for i in [0, 1, 15, 16, 17, 255, 256, 299] {
            assert!(batch.is_valid(i, &json!(i)), "{i} at {i}");
            assert!(!batch.is_valid(i, &json!(i + 1)), "{} at {i}", i + 1);
        }
    }

    #[test]
    fn one_subschema_is_one_level() {
        let document = json!({ "$defs": { "A": { "type": "string" } } });
        let resolver = RefResolver::new(&document);
        let compiler = SubschemaCompiler::new(&document, &resolver).unwrap();
        let batch = Batch::new(&compiler, &["/$defs/A"]).unwrap();
        assert!(batch.is_valid(0, &json!("x")));
        assert!(!batch.is_valid(0, &json!(1)));
    }
}
