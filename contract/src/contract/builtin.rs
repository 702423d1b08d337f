//! The embedded contracts, each compiled once per process on first use.

use std::sync::OnceLock;

use super::imp::Contract;
use super::request::RequestKind;
use crate::schemas;

fn embedded(cell: &'static OnceLock<Contract>, name: &str, text: &str) -> Contract {
    cell.get_or_init(|| {
        let schema = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("bug: embedded schema `{name}` is not JSON: {e}"));
        Contract::from_value(name, schema).unwrap_or_else(|e| panic!("bug: embedded {e}"))
    })
    .clone()
}

pub(super) fn published() -> Contract {
    static CELL: OnceLock<Contract> = OnceLock::new();
    embedded(&CELL, "published", schemas::SESSION_PUBLISHED)
}

pub(super) fn deployed() -> Contract {
    static CELL: OnceLock<Contract> = OnceLock::new();
    embedded(&CELL, "deployed", schemas::SESSION_DEPLOYED)
}

pub(super) fn error_body() -> Contract {
    static CELL: OnceLock<Contract> = OnceLock::new();
    embedded(&CELL, "error-body", schemas::ERROR_BODY)
}

pub(super) fn request(kind: RequestKind) -> Contract {
    static CELLS: [OnceLock<Contract>; 5] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let name = format!("{}-request", kind.name());
    embedded(&CELLS[kind.index()], &name, kind.schema_text())
}
