//! The self-check on the embedded schemas.

use contract::{self_check, Contract, RequestKind};

#[test]
fn published_schema_self_check_reports_its_bad_examples() {
    let report =
        self_check(Contract::published().document()).expect("the published schema compiles");
    println!(
        "self-check of schemas/session.schema.json: {} examples checked",
        report.examples_checked
    );
    for f in &report.failures {
        println!(
            "  {} (against {}): {}",
            f.example_pointer, f.schema_pointer, f.reason
        );
    }
    assert_eq!(report.examples_checked, 19);
    let bad_id = report
        .failures
        .iter()
        .find(|f| f.example_pointer == "/properties/refreshTokenId/example")
        .expect("the non-hex refreshTokenId example is reported");
    assert_eq!(bad_id.schema_pointer, "/properties/refreshTokenId");
    assert!(
        bad_id.reason.contains("/properties/refreshTokenId:format"),
        "{}",
        bad_id.reason
    );
    for f in &report.failures {
        assert!(!f.reason.is_empty() && !f.reason.contains('\n'));
    }
}

#[test]
fn our_own_schemas_have_only_valid_examples() {
    let mut contracts = vec![Contract::deployed(), Contract::error_body()];
    contracts.extend(RequestKind::ALL.map(Contract::request));
    for c in contracts {
        let report = contract::self_check_contract(&c);
        assert!(report.examples_checked > 0, "{} has examples", c.name());
        assert!(
            report.failures.is_empty(),
            "{}: {:?}",
            c.name(),
            report.failures
        );
    }
}
