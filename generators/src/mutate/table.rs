//! The keyword → mutator table, like the validator's own keyword dispatch. The main item is
//! [`mutator`].

use contract::Contract;
use serde_json::Value;

use super::input::MutateFn;
use super::{
    additional, enum_, format, items, length, minmax, pattern, properties, required, type_,
};

/// The mutator for `keyword: value`, or `None` when the mutator cannot break that keyword on its
/// own (see [`UNBREAKABLE`]).
pub fn mutator(keyword: &str, value: &Value) -> Option<MutateFn> {
    if ONLY_WHEN_FALSE.contains(&keyword) && value != &Value::Bool(false) {
        return None;
    }
    FAMILIES
        .iter()
        .flat_map(|family| family.keywords)
        .find(|(k, _)| *k == keyword)
        .map(|(_, mutate)| *mutate)
}

/// Keywords broken only when their value is `false` (a subschema that forbids extra members).
const ONLY_WHEN_FALSE: &[&str] = &[
    "additionalProperties",
    "propertyNames",
    "items",
    "additionalItems",
];

/// Rule keywords the mutator leaves alone: breaking them means choosing among branches or
/// conditions (`anyOf`, `oneOf`, `not`, `then`/`else`, `contains`, `dependentRequired`,
/// `unevaluated*`, a `false` subschema), which a single local change cannot do reliably.
pub const UNBREAKABLE: &[&str] = &[
    "anyOf",
    "oneOf",
    "not",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "unevaluatedItems",
    "unevaluatedProperties",
    "false",
];

/// A mutant class: a keyword family the mutator breaks (one module of this folder per family).
#[derive(Debug)]
pub struct Family {
    /// The class's name.
    pub name: &'static str,
    /// Its keywords, each with its mutator.
    pub keywords: &'static [(&'static str, MutateFn)],
}

/// The mutant classes, the one table of every keyword the mutator breaks.
pub const FAMILIES: &[Family] = &[
    Family {
        name: "type",
        keywords: &[("type", type_::mutate)],
    },
    Family {
        name: "required",
        keywords: &[("required", required::mutate)],
    },
    Family {
        name: "format",
        keywords: &[("format", format::mutate)],
    },
    Family {
        name: "enum",
        keywords: &[("enum", enum_::mutate_enum), ("const", enum_::mutate_const)],
    },
    Family {
        name: "range",
        keywords: &[
            ("minimum", minmax::minimum),
            ("maximum", minmax::maximum),
            ("exclusiveMinimum", minmax::exclusive_minimum),
            ("exclusiveMaximum", minmax::exclusive_maximum),
            ("multipleOf", minmax::multiple_of),
        ],
    },
    Family {
        name: "length",
        keywords: &[
            ("minLength", length::min_length),
            ("maxLength", length::max_length),
        ],
    },
    Family {
        name: "pattern",
        keywords: &[("pattern", pattern::mutate)],
    },
    Family {
        name: "additional",
        keywords: &[
            ("additionalProperties", additional::mutate),
            ("propertyNames", additional::mutate),
        ],
    },
    Family {
        name: "items",
        keywords: &[
            ("minItems", items::min_items),
            ("maxItems", items::max_items),
            ("uniqueItems", items::unique_items),
            ("items", items::items_false),
            ("additionalItems", items::items_false),
        ],
    },
    Family {
        name: "properties",
        keywords: &[
            ("minProperties", properties::min_properties),
            ("maxProperties", properties::max_properties),
        ],
    },
];

/// The family (an index into [`FAMILIES`]) of a rule id (`{pointer}:{keyword}`).
pub fn family_of(rule: &str) -> Option<usize> {
    let (_, keyword) = rule.rsplit_once(':')?;
    FAMILIES
        .iter()
        .position(|family| family.keywords.iter().any(|(k, _)| *k == keyword))
}

/// The classes (indexes into [`FAMILIES`]) `contract` has a breakable rule of, in class order.
pub fn classes(contract: &Contract) -> Vec<usize> {
    let mut found: Vec<usize> = contract
        .rules()
        .iter()
        .filter(|r| mutator(&r.keyword, &r.value).is_some())
        .filter_map(|r| family_of(&r.id))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod family_tests {
    use super::*;

    #[test]
    fn every_keyword_is_in_one_family_and_only_false_subschemas_break_the_false_only_ones() {
        let mut seen = std::collections::BTreeSet::new();
        for (keyword, _) in FAMILIES.iter().flat_map(|f| f.keywords) {
            assert!(seen.insert(*keyword), "{keyword} is in two families");
            assert!(mutator(keyword, &Value::Bool(false)).is_some(), "{keyword}");
            assert!(family_of(&format!("/$defs/User/properties/a:b:{keyword}")).is_some());
        }
        for keyword in ONLY_WHEN_FALSE {
            assert!(seen.contains(keyword), "{keyword} has a family");
            assert!(
                mutator(keyword, &serde_json::json!({})).is_none(),
                "{keyword}"
            );
        }
        for keyword in UNBREAKABLE {
            assert!(mutator(keyword, &Value::Bool(false)).is_none(), "{keyword}");
        }
        assert_eq!(family_of("/x:if"), None);
    }

    #[test]
    fn the_published_contract_has_rules_of_several_classes() {
        let classes = classes(&Contract::published());
        assert!(classes.len() > 3, "{classes:?}");
        assert!(classes.windows(2).all(|w| w[0] < w[1]), "{classes:?}");
    }
}
