//! `Contract::load` and friends: names, files, and one-line errors for bad input.

use contract::{Contract, ContractErrorKind};
use tempfile::NamedTempFile;

/// A schema file `contract-it-…-{name}` in the temp directory holding `text`, removed when
/// dropped.
fn temp_file(name: &str, text: &str) -> NamedTempFile {
    let file = tempfile::Builder::new()
        .prefix("contract-it-")
        .suffix(&format!("-{name}"))
        .tempfile()
        .unwrap();
    std::fs::write(file.path(), text).unwrap();
    file
}

#[test]
fn named_contracts_load() {
    assert_eq!(Contract::load("published").unwrap().name(), "published");
    assert_eq!(Contract::load("deployed").unwrap().name(), "deployed");
}

#[test]
fn a_schema_file_loads_under_its_path() {
    let file = temp_file("ok.json", r#"{"type": "object", "required": ["a"]}"#);
    let c = Contract::load(file.path().to_str().unwrap()).unwrap();
    assert_eq!(c.name(), file.path().display().to_string());
    assert_eq!(c.rules().len(), 2);
    assert!(!c.is_valid(&serde_json::json!({})));
}

#[test]
fn bad_input_gives_one_line_errors_naming_the_file() {
    let missing = Contract::load("/definitely/not/here.json").unwrap_err();
    assert!(matches!(missing.kind(), ContractErrorKind::Read(_)));
    assert!(missing
        .to_string()
        .starts_with("contract `/definitely/not/here.json`: cannot read the schema file"));

    let file = temp_file("broken.json", "{ not json");
    let broken = Contract::from_path(file.path()).unwrap_err();
    assert!(matches!(broken.kind(), ContractErrorKind::Parse(_)));
    assert!(broken
        .to_string()
        .contains(&file.path().display().to_string()));

    let file = temp_file("bad-keyword.json", r#"{"type": "strin"}"#);
    let bad = Contract::from_path(file.path()).unwrap_err();
    assert!(matches!(bad.kind(), ContractErrorKind::Compile(_)), "{bad}");

    let external_file = temp_file(
        "external-ref.json",
        r#"{"$ref": "https://unreachable.invalid/schema.json"}"#,
    );
    let external = Contract::from_path(external_file.path()).unwrap_err();
    assert!(
        matches!(external.kind(), ContractErrorKind::Compile(_)),
        "{external}"
    );

    for e in [missing, broken, bad, external] {
        let text = e.to_string();
        assert!(!text.contains('\n'), "{text}");
        assert!(text.starts_with("contract `"), "{text}");
    }
}
