//! Suite `token`: refresh rotates the token, keeps its id and user, and rejects used and unknown
//! tokens.

use proptest::prelude::*;
use serde_json::json;

use super::common::{
    account_hint, check_claims, expect_refresh_rejected, lease, pool_session, refreshed,
};
use crate::check::{Check, Stop};
use crate::property::{always_valid, no_cost, Cases, Cost, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&ROTATION, &UNKNOWN];

static ROTATION: Prop<(usize, u8)> = Prop {
    suite: "token",
    name: "rotation",
    description: "each refresh answers a new token with the same id and user; every used token is then rejected",
    needs: &[Need::Pool],
    cases: Cases::Configured,
    strategy: |_, _| (account_hint(), 1u8..=3).boxed(),
    check: rotation,
    show: |(h, n)| json!({ "account_hint": h, "rotations": n }),
    still_valid: always_valid,
    cost: |_, _| Cost::new(0, 1, 0),
};

fn rotation(check: &mut Check<'_>, (hint, rotations): &(usize, u8)) -> Result<(), Stop> {
    let held = lease(check.env, *hint)?;
    let account = held.account();
    let mut current = pool_session(check, &account.email, &account.password)?;
    let mut used = Vec::new();
    for step in 1..=*rotations {
        let token = current.require_refresh_token()?.to_owned();
        let next = refreshed(check, &token)?.ok_or(Stop::Broken)?;
        let (old_id, new_id) = (
            current.refresh_token_id.clone(),
            next.refresh_token_id.clone(),
        );
        check.expect(
            next.refresh_token.as_deref().is_some_and(|t| t != token),
            rules::TOKEN_NEW_TOKEN,
            "/refreshToken",
            || format!("refresh {step} answered the same refresh token it was given"),
        );
        check.expect(
            old_id.is_some() && old_id == new_id,
            rules::TOKEN_SAME_ID,
            "/refreshTokenId",
            || format!("refresh {step} changed refreshTokenId from {old_id:?} to {new_id:?}"),
        );
        let (a, b) = (
            current.user_id().map(str::to_owned),
            next.user_id().map(str::to_owned),
        );
        check.expect(
            a.is_some() && a == b,
            rules::TOKEN_SAME_USER,
            "/user/id",
            || format!("refresh {step} answered user {b:?}, the session was user {a:?}"),
        );
        check_claims(check, &next);
        used.push(token);
        current = next;
    }
    for token in &used {
        expect_refresh_rejected(
            check,
            token,
            rules::TOKEN_OLD_REJECTED,
            "the token was already rotated",
        )?;
    }
    Ok(())
}

static UNKNOWN: Prop<u128> = Prop {
    suite: "token",
    name: "unknown",
    description: "a refresh token the service never issued gets 401 invalid-refresh-token",
    needs: &[Need::Target],
    cases: Cases::Configured,
    strategy: |_, _| any::<u128>().boxed(),
    check: |check, bits| {
        let token = uuid_from(*bits);
        expect_refresh_rejected(
            check,
            &token,
            rules::TOKEN_UNKNOWN_REJECTED,
            "the token was never issued",
        )
    },
    show: |bits| json!({ "refreshToken": uuid_from(*bits) }),
    still_valid: always_valid,
    cost: no_cost,
};

/// A lowercase v4-shaped UUID from 128 random bits.
fn uuid_from(bits: u128) -> String {
    let b = (bits & !(0xf << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let h = format!("{b:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuid_from_is_v4_shaped() {
        let u = super::uuid_from(u128::MAX);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"), "{u}");
        assert_eq!(super::uuid_from(0), "00000000-0000-4000-8000-000000000000");
    }
}
