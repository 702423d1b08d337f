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

fn published() -> Contract {
    static CELL: OnceLock<Contract> = OnceLock::new();
    embedded(&CELL, "published", schemas::SESSION_PUBLISHED)
}

fn deployed() -> Contract {
    static CELL: OnceLock<Contract> = OnceLock::new();
    embedded(&CELL, "deployed", schemas::SESSION_DEPLOYED)
}

fn error_body() -> Contract {
    static CELL: OnceLock<Contract> = OnceLock::new();
    embedded(&CELL, "error-body", schemas::ERROR_BODY)
}

fn request(kind: RequestKind, version: ServiceVersion) -> Contract {
    static CELLS: [[OnceLock<Contract>; 2]; 5] = [const { [const { OnceLock::new() }; 2] }; 5];
    let name = format!("{}-request ({})", kind.name(), version.name());
    built(&CELLS[kind.index()][version.index()], &name, || {
        requests::schema(kind, version)
    })
}

/// The embedded contracts.
impl Contract {
    /// The published Session schema (`schemas/session.schema.json`, embedded).
    pub fn published() -> Contract {
        published()
    }

    /// The deployed-service Session schema (`schemas/nhost-auth-deployed.schema.json`, embedded).
    pub fn deployed() -> Contract {
        deployed()
    }

    /// The error body every endpoint answers on failure (`schemas/error.schema.json`).
    pub fn error_body() -> Contract {
        error_body()
    }

    /// The request-body schema of one endpoint as the newest documented service version states
    /// it ([`Contract::request_for`] with [`ServiceVersion::Newer`]).
    pub fn request(kind: RequestKind) -> Contract {
        Contract::request_for(kind, ServiceVersion::Newer)
    }

    /// The request-body schema of one endpoint as `version` states it, built from the rules
    /// table ([`crate::requests`]) and compiled once per process.
    pub fn request_for(kind: RequestKind, version: ServiceVersion) -> Contract {
        request(kind, version)
    }
}
