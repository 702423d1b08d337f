//! Field-name realism: what a property called `locale`, `accessToken`, `roles` … holds. The
//! main item is [`by_name`].

use proptest::prelude::*;

use super::{date_time, display_name, e164, email, jwt, locale, role, uuid, web_url};

/// Realistic strings for a property called `name` (`accessToken`, `locale`, `phoneNumber`,
/// `displayName`, `email`, `avatarUrl`, roles, ids, `…At` timestamps) within `min..=max`
/// characters, or `None` when the name means nothing special or no realistic value fits.
/// Item names of arrays end in `[]` (`roles[]`).
pub fn by_name(name: &str, min: usize, max: Option<usize>) -> Option<BoxedStrategy<String>> {
    let lower = name.to_ascii_lowercase();
    let fits = |lo: usize, hi: usize| lo.max(min) <= hi.min(max.unwrap_or(usize::MAX));
    let strategy = match lower.as_str() {
        "accesstoken" | "access_token" | "idtoken" => fits(40, usize::MAX).then(jwt)?,
        "locale" | "language" | "lang" => return locale(min, max),
        "phonenumber" | "phone" => fits(9, 16).then(e164)?,
        "displayname" | "name" | "username" => return Some(display_name(min, max)),
        "email" | "newemail" => fits(5, 80).then(email)?,
        "avatarurl" => prop_oneof![Just(String::new()), web_url()]
            .prop_filter("fits the schema's length bounds", move |s| {
                crate::text::fits(s, min, max)
            })
            .boxed(),
        "defaultrole" | "role" | "roles[]" | "allowedroles[]" => return Some(role(min, max)),
        "id" | "refreshtoken" | "refreshtokenid" | "userid" => fits(36, 36).then(uuid)?,
        _ if lower.ends_with("url") && fits(10, 100) => web_url(),
        _ if lower.ends_with("id") && fits(36, 36) => uuid(),
        _ if name.ends_with("At") && fits(20, 40) => date_time(),
        _ => return None,
    };
    Some(strategy)
}
