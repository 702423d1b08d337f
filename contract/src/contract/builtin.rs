//! The embedded contracts, each compiled once per process on first use.

use std::sync::OnceLock;

use serde_json::Value;

use super::imp::Contract;
use crate::requests::{self, RequestKind, ServiceVersion};
use crate::schemas;

fn embedded(cell: &'static OnceLock<Contract>, name: &str, text: &str) -> Contract {
    built(cell, name, || {
        serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("bug: embedded schema `{name}` is not JSON: {e}"))
    })
}

fn built(
    cell: &'static OnceLock<Contract>,
    name: &str,
    schema: impl FnOnce() -> Value,
) -> Contract {
    cell.get_or_init(|| {
        Contract::from_value(name, schema()).unwrap_or_else(|e| panic!("bug: embedded {e}"))
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

pub(super) fn request(kind: RequestKind, version: ServiceVersion) -> Contract {
    static CELLS: [[OnceLock<Contract>; 2]; 5] = [const { [const { OnceLock::new() }; 2] }; 5];
    let name = format!("{}-request ({})", kind.name(), version.name());
    built(&CELLS[kind.index()][version.index()], &name, || {
        requests::schema(kind, version)
    })
}
