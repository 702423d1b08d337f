//! The request rules, as one table: per endpoint, whether its body is closed, and per field its
//! JSON type, whether it is required or nullable, its length in characters per service version,
//! its format or pattern, a valid example, and where each fact is documented. The main item is
//! [`body`].
//!
//! Only documented facts are here (`nhost-auth-contract.md`, which cites the service's own
//! OpenAPI document). Everything that reads request rules reads them from this table: the
//! request schemas ([`super::schema`]), the generators, the boundary phase, the negative suite and
//! the reference server.

use super::kind::RequestKind;
use super::version::PerVersion;

/// Whether an object takes keys its rules do not name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    /// `additionalProperties: false`: an unknown key is answered 400.
    Closed,
    /// Unknown keys are accepted (and ignored).
    Open,
}

/// The JSON a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A string.
    String,
    /// `true` or `false`.
    Boolean,
    /// An object, closed or open.
    Object(Keys),
    /// An array of strings.
    StringArray,
}

impl FieldType {
    /// The JSON Schema `type` of the field (of the array, for [`FieldType::StringArray`]).
    pub fn json_type(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Boolean => "boolean",
            FieldType::Object(_) => "object",
            FieldType::StringArray => "array",
        }
    }
}

/// A format a string field must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An email address (JSON Schema `email`).
    Email,
    /// An absolute URI (JSON Schema `uri`).
    Uri,
    /// A hyphenated UUID (JSON Schema `uuid`).
    Uuid,
}

impl Format {
    /// The JSON Schema format name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::Uri => "uri",
            Format::Uuid => "uuid",
        }
    }
}

/// A length in characters (Unicode scalar values, as JSON Schema counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chars {
    /// The fewest characters allowed.
    pub min: usize,
    /// The most characters allowed, if there is a limit.
    pub max: Option<usize>,
}

impl Chars {
    /// No length limit.
    pub const ANY: Chars = Chars { min: 0, max: None };

    /// `min..=max` characters.
    pub const fn between(min: usize, max: usize) -> Chars {
        Chars {
            min,
            max: Some(max),
        }
    }

    /// Whether `count` characters are allowed.
    pub fn allows(self, count: usize) -> bool {
        count >= self.min && self.max.is_none_or(|max| count <= max)
    }
}

/// The rules of one field of a request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Where it sits in the body, as a JSON pointer (`/options/locale`).
    pub path: &'static str,
    /// Its JSON type.
    pub ty: FieldType,
    /// Whether the body (or its parent object) must have it.
    pub required: bool,
    /// Whether `null` is allowed (no field of these bodies is nullable).
    pub nullable: bool,
    /// Its length in characters, per service version (strings only).
    pub chars: PerVersion<Chars>,
    /// The format a string must have.
    pub format: Option<Format>,
    /// The regular expression a string must match (ECMA 262, as JSON Schema reads it).
    pub pattern: Option<&'static str>,
    /// A value every version allows, as JSON text.
    pub example: &'static str,
    /// What it is, in a few words.
    pub description: &'static str,
    /// Where its rules are documented.
    pub source: &'static str,
}

impl Field {
    /// The field as a dotted name: `options.locale`.
    pub fn name(&self) -> String {
        self.path.trim_start_matches('/').replace('/', ".")
    }

    /// The pointer of the object that holds it (`""` for the body).
    pub fn parent(&self) -> &'static str {
        self.path.rsplit_once('/').map_or("", |(parent, _)| parent)
    }

    /// The example as a JSON value.
    pub fn example_value(&self) -> serde_json::Value {
        // The table's examples are JSON literals (tested).
        serde_json::from_str(self.example).unwrap_or(serde_json::Value::Null)
    }
}

/// The rules of one request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Body {
    /// The endpoint.
    pub kind: RequestKind,
    /// Whether the top level takes unknown keys.
    pub keys: Keys,
    /// Whether an empty body stands for `{}`.
    pub optional: bool,
    /// Every field, parents before their children.
    pub fields: &'static [Field],
    /// Where the body's shape (its keys, closed or open) is documented.
    pub source: &'static str,
}

impl Body {
    /// The field at `path`.
    pub fn field(&self, path: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.path == path)
    }

    /// Every object of the body with its keys rule: the top level (`""`), then each object field.
    pub fn objects(&self) -> Vec<(&'static str, Keys, &'static str)> {
        let mut out = vec![("", self.keys, self.source)];
        for f in self.fields {
            if let FieldType::Object(keys) = f.ty {
                out.push((f.path, keys, f.source));
            }
        }
        out
    }
}

/// The request rules of `kind`.
pub fn body(kind: RequestKind) -> &'static Body {
    &BODIES[kind.index()]
}

/// Where the closed and open bodies are documented.
const CLOSED: &str = "nhost-auth-contract.md § Request bodies: which are closed (hasura-auth v0.42 openapi: additionalProperties false)";
const OPEN: &str =
    "nhost-auth-contract.md § Request bodies: which are closed (sign-out: the body is open)";
const EMAIL: &str = "nhost-auth-contract.md § Endpoints (Email: a valid address)";
const PASSWORD: &str = "nhost-auth-contract.md § Endpoints (Password: 3 to 50 characters)";
const LOCALE: &str = "nhost-auth-contract.md § Request bodies (locale: exactly 2 characters in v0.42, 2-3 in newer versions)";
const METADATA: &str = "nhost-auth-contract.md § Request bodies (metadata may be any JSON object)";

/// A non-nullable field of `ty` with no length, format or pattern.
const fn plain(
    path: &'static str,
    ty: FieldType,
    example: &'static str,
    description: &'static str,
    source: &'static str,
) -> Field {
    Field {
        path,
        ty,
        required: false,
        nullable: false,
        chars: PerVersion::same(Chars::ANY),
        format: None,
        pattern: None,
        example,
        description,
        source,
    }
}

/// A required string of `chars` characters with `format`.
const fn required_string(
    path: &'static str,
    chars: Chars,
    format: Option<Format>,
    example: &'static str,
    description: &'static str,
    source: &'static str,
) -> Field {
    Field {
        required: true,
        chars: PerVersion::same(chars),
        format,
        ..plain(path, FieldType::String, example, description, source)
    }
}

/// A locale: 2 characters in v0.42, 2 or 3 in newer versions.
const fn locale(path: &'static str) -> Field {
    Field {
        chars: PerVersion {
            v0_42: Chars::between(2, 2),
            newer: Chars::between(2, 3),
        },
        ..plain(
            path,
            FieldType::String,
            "\"en\"",
            "a locale code; one the server does not allow is replaced by its default",
            LOCALE,
        )
    }
}

const SIGN_UP: &[Field] = &[
    required_string(
        "/email",
        Chars::ANY,
        Some(Format::Email),
        "\"jane@example.com\"",
        "a valid email address; uniqueness is case-insensitive",
        EMAIL,
    ),
    required_string(
        "/password",
        Chars::between(3, 50),
        None,
        "\"correct horse\"",
        "3 to 50 characters",
        PASSWORD,
    ),
    plain(
        "/options",
        FieldType::Object(Keys::Closed),
        "{}",
        "sign-up options; no other keys are allowed",
        "nhost-auth-contract.md § Endpoints (Sign-up options: no other keys allowed)",
    ),
    plain(
        "/options/allowedRoles",
        FieldType::StringArray,
        "[\"me\", \"user\"]",
        "roles the user may assume; each must be allowed by the server",
        "nhost-auth-contract.md § Endpoints (allowedRoles?: string[])",
    ),
    plain(
        "/options/defaultRole",
        FieldType::String,
        "\"user\"",
        "the default role; one of allowedRoles",
        "nhost-auth-contract.md § Endpoints (defaultRole?: string)",
    ),
    Field {
        chars: PerVersion::same(Chars { min: 0, max: Some(32) }),
        pattern: Some("^[\\p{L}\\p{N}\\p{S} ,.'-]*$"),
        ..plain(
            "/options/displayName",
            FieldType::String,
            "\"Jane Doe\"",
            "at most 32 characters: letters, digits, symbols, space and ,.'-",
            "nhost-auth-contract.md § Endpoints (displayName: at most 32 chars, letters, digits, symbols, space and ,.'-)",
        )
    },
    locale("/options/locale"),
    plain(
        "/options/metadata",
        FieldType::Object(Keys::Open),
        "{\"plan\": \"free\"}",
        "custom metadata stored on the user",
        METADATA,
    ),
    Field {
        format: Some(Format::Uri),
        ..plain(
            "/options/redirectTo",
            FieldType::String,
            "\"http://localhost:3000/home\"",
            "where verification links lead; must be allowed by the server",
            "nhost-auth-contract.md § Endpoints (redirectTo?: uri)",
        )
    },
];

const SIGN_IN: &[Field] = &[
    required_string(
        "/email",
        Chars::ANY,
        Some(Format::Email),
        "\"jane@example.com\"",
        "a valid email address",
        EMAIL,
    ),
    required_string(
        "/password",
        Chars::between(3, 50),
        None,
        "\"correct horse\"",
        "3 to 50 characters",
        PASSWORD,
    ),
];

const ANONYMOUS: &[Field] = &[
    plain(
        "/displayName",
        FieldType::String,
        "\"Guest\"",
        "the display name; no length or character limit is documented here",
        "nhost-auth-contract.md § Endpoints (displayName?: no limit stated for anonymous sign-in)",
    ),
    locale("/locale"),
    plain(
        "/metadata",
        FieldType::Object(Keys::Open),
        "{\"source\": \"landing\"}",
        "custom metadata stored on the user",
        METADATA,
    ),
];

const REFRESH: &[Field] = &[required_string(
    "/refreshToken",
    Chars::ANY,
    Some(Format::Uuid),
    "\"1fb17604-86c7-444e-b337-09a644465f2d\"",
    "the refresh token of a session",
    "nhost-auth-contract.md § Request bodies (refresh: refreshToken must match the UUID pattern, else 400)",
)];

const SIGN_OUT: &[Field] = &[
    plain(
        "/refreshToken",
        FieldType::String,
        "\"1fb17604-86c7-444e-b337-09a644465f2d\"",
        "the refresh token to revoke",
        "nhost-auth-contract.md § Request bodies (sign-out: refreshToken: null → 400)",
    ),
    plain(
        "/all",
        FieldType::Boolean,
        "false",
        "revoke every refresh token of the user (needs a bearer token)",
        "nhost-auth-contract.md § Request bodies (sign-out: all is a boolean, not nullable)",
    ),
];

/// Every body, in [`RequestKind::ALL`] order.
static BODIES: [Body; 5] = [
    Body {
        kind: RequestKind::SignUp,
        keys: Keys::Closed,
        optional: false,
        fields: SIGN_UP,
        source: CLOSED,
    },
    Body {
        kind: RequestKind::SignIn,
        keys: Keys::Closed,
        optional: false,
        fields: SIGN_IN,
        source: CLOSED,
    },
    Body {
        kind: RequestKind::Anonymous,
        keys: Keys::Closed,
        optional: true,
        fields: ANONYMOUS,
        source: CLOSED,
    },
    Body {
        kind: RequestKind::Refresh,
        keys: Keys::Closed,
        optional: false,
        fields: REFRESH,
        source: CLOSED,
    },
    Body {
        kind: RequestKind::SignOut,
        keys: Keys::Open,
        optional: false,
        fields: SIGN_OUT,
        source: OPEN,
    },
];

/// Where the nullability of every field is documented (no request field is nullable).
pub const NULLABILITY_SOURCE: &str = "nhost-auth-contract.md § Request bodies (sign-out `all` is not nullable, `refreshToken: null` → 400); hasura-auth v0.42 openapi (no request field is nullable)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_kind_order_with_parents_first_and_json_examples() {
        for kind in RequestKind::ALL {
            let b = body(kind);
            assert_eq!(b.kind, kind);
            for (i, f) in b.fields.iter().enumerate() {
                let parent = f.parent();
                assert!(
                    parent.is_empty() || b.fields[..i].iter().any(|p| p.path == parent),
                    "{kind:?} {}: parent listed after the field",
                    f.path
                );
                assert!(
                    serde_json::from_str::<serde_json::Value>(f.example).is_ok(),
                    "{kind:?} {}: example is not JSON",
                    f.path
                );
                assert!(f.source.contains("nhost-auth-contract.md"), "{}", f.path);
            }
        }
    }

    #[test]
    fn only_the_sign_out_body_is_open_and_the_locale_depends_on_the_version() {
        let open: Vec<RequestKind> = RequestKind::ALL
            .into_iter()
            .filter(|k| body(*k).keys == Keys::Open)
            .collect();
        assert_eq!(open, [RequestKind::SignOut]);
        let locale = body(RequestKind::SignUp)
            .field("/options/locale")
            .expect("locale");
        assert!(!locale.chars.is_same());
        assert!(!locale.chars.v0_42.allows(3));
        assert!(locale.chars.newer.allows(3));
        assert!(body(RequestKind::SignUp)
            .fields
            .iter()
            .chain(body(RequestKind::SignOut).fields)
            .all(|f| !f.nullable));
    }
}
