//! Time of the schema self-check (`nhost-conformance check-schema`) against the number of
//! examples in the schema, to show that it grows linearly: each step doubles the examples, so
//! the time per run should roughly double too (and the `items/s` column stay flat).
//!
//! `check_schema_by_megabytes` runs the whole `check-schema` path ([`contract::check_schema`]:
//! parse, compile, count the rules, self-check the examples) on generated schemas of 6 to 50 MB
//! shaped like a large real contract; its `bytes/s` column should stay flat too. The process's
//! peak resident memory is printed at the end (the 50 MB schema dominates it).
//!
//! Run with `cargo bench -p contract --bench self_check` (or `-- check_schema_by_megabytes`).

use divan::counter::ItemsCount;
use divan::Bencher;
use serde_json::{json, Map, Value};

fn main() {
    divan::main();
    if let Some(peak) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_owned)
        })
    {
        println!("peak resident memory of the bench process: {peak}");
    }
}

/// Sizes of the generated schemas, in megabytes of JSON text.
const MEGABYTES: [usize; 4] = [6, 12, 25, 50];

/// A schema of about `megabytes` MB of JSON text, shaped like a large real contract: object
/// definitions of twelve typed properties (formats, patterns, enums, `$ref`s to a shared
/// definition, `$anchor`s on some), each property with an `example` and each definition with an
/// `examples` object of its own (examples nested in examples' subschemas), and a root whose
/// properties refer to every definition.
fn big_schema(megabytes: usize) -> String {
    let target = megabytes * 1_000_000;
    let mut defs = Map::new();
    let mut root = Map::new();
    defs.insert(
        "Email".to_owned(),
        json!({"type": "string", "format": "email", "maxLength": 254, "example": "a@example.com"}),
    );
    let mut size = 0;
    let mut d = 0;
    while size < target {
        let mut properties = Map::new();
        let mut example = Map::new();
        for i in 0..12 {
            let (name, property, value) = match i % 6 {
                0 => (
                    "id",
                    json!({"type": "string", "format": "uuid", "description": "identifier of the record"}),
                    json!("1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"),
                ),
                1 => (
                    "count",
                    json!({"type": "integer", "minimum": 0, "maximum": 100000}),
                    json!(d % 1000),
                ),
                2 => (
                    "locale",
                    json!({"type": "string", "pattern": "^[a-z]{2}$"}),
                    json!("en"),
                ),
                3 => (
                    "email",
                    json!({"$ref": "#/$defs/Email"}),
                    json!("b@example.com"),
                ),
                4 => (
                    "kind",
                    json!({"enum": ["alpha", "beta", "gamma", "delta", "epsilon"]}),
                    json!("gamma"),
                ),
                _ => (
                    "tags",
                    json!({"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": true}),
                    json!(["x", "y"]),
                ),
            };
            let mut property = property;
            property["example"] = value.clone();
            if d % 4 == 0 && i == 0 {
                property["$anchor"] = json!(format!("id{d}"));
            }
            let key = format!("{name}{i}");
            example.insert(key.clone(), value);
            properties.insert(key, property);
        }
        let definition = json!({
            "type": "object",
            "description": "a record of the generated contract",
            "properties": properties,
            "required": ["id0", "count1"],
            "additionalProperties": false,
            "examples": [example]
        });
        size += definition.to_string().len() + 40;
        defs.insert(format!("Record{d}"), definition);
        root.insert(
            format!("record{d}"),
            json!({"$ref": format!("#/$defs/Record{d}")}),
        );
        d += 1;
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": root,
        "$defs": defs
    })
    .to_string()
}

/// `check-schema` on a generated schema of that many megabytes: parse, compile, count the
/// rules, validate every example.
#[divan::bench(args = MEGABYTES, sample_count = 2, sample_size = 1)]
fn check_schema_by_megabytes(bencher: Bencher, megabytes: usize) {
    let text = big_schema(megabytes);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench_local(|| {
            let schema: Value = serde_json::from_slice(text.as_bytes()).expect("JSON");
            let check = contract::check_schema("generated", schema).expect("the schema compiles");
            assert!(
                check.report.is_clean(),
                "{:?}",
                check.report.failures.first()
            );
            assert!(check.report.examples_checked > megabytes * 1000);
        });
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
