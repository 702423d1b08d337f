//! What "a mutant breaks exactly one rule" means, in one place. The main item is
//! [`fails_exactly`].

use serde_json::Value;

use contract::Contract;

/// Whether `document` fails `contract` at `rule`, and only at `instance_pointer`.
///
/// Precisely: the validator reports at least one violation; every violation is at
/// `instance_pointer` (nothing else in the document broke); and one of them is `rule` there.
/// Several violations at that one place are allowed, because one value can break two keywords
/// at once (a wrong type also misses an `enum`; a malformed UUID also misses a UUID `pattern`).
pub fn fails_exactly(
    contract: &Contract,
    document: &Value,
    rule: &str,
    instance_pointer: &str,
) -> bool {
    let violations = contract.violations(document);
    !violations.is_empty()
        && violations
            .iter()
            .all(|v| v.instance_pointer == instance_pointer)
        && violations.iter().any(|v| v.rule == rule)
}
