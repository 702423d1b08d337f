//! Time of the schema self-check (`nhost-conformance check-schema`) against the number of
//! examples in the schema, to show that it grows linearly: each step doubles the examples, so
//! the time per run should roughly double too (and the `items/s` column stay flat).
//!
//! Run with `cargo bench -p contract --bench self_check`.

use divan::counter::ItemsCount;
use divan::Bencher;
use serde_json::{json, Map, Value};

fn main() {
    divan::main();
}

/// How many examples the benchmarked schemas hold.
const EXAMPLES: [usize; 4] = [250, 500, 1000, 2000];

/// A schema shaped like a real contract, grown to `examples` examples: one object property per
/// example, each a small typed subschema with a format, a pattern or a `$ref` to a shared
/// definition, and one `example` that validates; with `anchors`, each property also has an
/// `$anchor` (so the document has as many anchors as examples).
fn schema(examples: usize, anchors: bool) -> Value {
    let mut properties = Map::new();
    for i in 0..examples {
        let property = match i % 4 {
            0 => json!({"type": "string", "format": "uuid",
                        "example": "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"}),
            1 => json!({"type": "integer", "minimum": 0, "maximum": 1000, "example": i % 1000}),
            2 => json!({"type": "string", "pattern": "^[a-z]{2}$", "example": "en"}),
            _ => json!({"$ref": "#/$defs/Email", "example": "a@example.com"}),
        };
        let mut property = property;
        if anchors {
            property["$anchor"] = json!(format!("field{i}"));
        }
        properties.insert(format!("field{i}"), property);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "$defs": {"Email": {"type": "string", "format": "email", "maxLength": 254}}
    })
}

/// `check-schema` on a schema of that many examples: compile, then validate every example.
#[divan::bench(args = EXAMPLES, sample_count = 5, sample_size = 1)]
fn self_check_by_examples(bencher: Bencher, examples: usize) {
    run(bencher, &schema(examples, false), examples);
}

/// The same with an `$anchor` per property: the shared registration indexes them once.
#[divan::bench(args = EXAMPLES, sample_count = 5, sample_size = 1)]
fn self_check_by_examples_with_anchors(bencher: Bencher, examples: usize) {
    run(bencher, &schema(examples, true), examples);
}

/// Times [`contract::self_check`] on `schema`, which holds `examples` valid examples.
fn run(bencher: Bencher, schema: &Value, examples: usize) {
    bencher.counter(ItemsCount::new(examples)).bench_local(|| {
        let report = contract::self_check(schema).expect("the schema compiles");
        assert_eq!(report.examples_checked, examples);
        assert!(report.is_clean(), "{:?}", report.failures.first());
    });
}
