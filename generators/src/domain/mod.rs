//! Domain realism: what real Nhost values look like, per format and per field name. The main
//! items are [`by_format`] and [`by_name`].

mod by_name;
mod email;
mod formats;
mod ids;
mod json;
mod jwt;
mod locale;
mod names;
mod phone;
mod regex;
mod time;
mod uri;

pub use by_name::by_name;
pub use email::email;
pub use formats::by_format;
pub use ids::{format_uuid, uuid};
pub use json::{json_object, json_value};
pub use jwt::jwt;
pub use locale::{locale, TAGS as LOCALE_TAGS};
pub use names::{display_name, fit, role, NAMES, ROLES};
pub use phone::e164;
pub(crate) use regex::re;
pub use time::{date, date_time, time};
pub use uri::{percent_encode, uri, uri_reference, web_url};
