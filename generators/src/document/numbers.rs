//! Integers and numbers within `minimum`/`maximum`/`exclusive*`/`multipleOf`, at their limits.
//! The main items are [`integer`] and [`number`].

use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::{Map, Value};

use super::refuse::Refuse;
use crate::values;

fn bound(schema: &Map<String, Value>, key: &str) -> Option<f64> {
    schema.get(key).and_then(Value::as_f64)
}

/// An integer the schema accepts, biased to its bounds (or to realistic values for
/// `…ExpiresIn`), and to 0, ±1000 and the `i64` extremes when unbounded.
pub fn integer(schema: &Map<String, Value>, hint: Option<&str>) -> BoxedStrategy<Value> {
    let mut lo = bound(schema, "minimum").map_or(i64::MIN as f64, f64::ceil);
    if let Some(e) = bound(schema, "exclusiveMinimum") {
        lo = lo.max(e.floor() + 1.0);
    }
    let mut hi = bound(schema, "maximum").map_or(i64::MAX as f64, f64::floor);
    if let Some(e) = bound(schema, "exclusiveMaximum") {
        hi = hi.min(e.ceil() - 1.0);
    }
    let (lo, hi) = (
        lo.max(i64::MIN as f64) as i64,
        hi.min(i64::MAX as f64) as i64,
    );
    if lo > hi {
        return Refuse::new(format!("no integer lies in [{lo}, {hi}]")).boxed();
    }
    let step = bound(schema, "multipleOf")
        .filter(|m| m.fract() == 0.0 && *m >= 1.0)
        .map(|m| m as i64);
    if let Some(step) = step {
        let (klo, khi) = (
            lo.div_euclid(step) + i64::from(lo.rem_euclid(step) != 0),
            hi.div_euclid(step),
        );
        if klo > khi {
            return Refuse::new(format!("no multiple of {step} lies in [{lo}, {hi}]")).boxed();
        }
        return prop_oneof![Just(klo), Just(khi), klo..=khi]
            .prop_map(move |k| Value::from(k * step))
            .boxed();
    }
    let clamp = move |v: i64| v.clamp(lo, hi);
    let realistic = hint.is_some_and(|h| h.to_ascii_lowercase().ends_with("expiresin"));
    let typical = if realistic {
        prop_oneof![Just(900i64), Just(3600), 1i64..=86_400].boxed()
    } else {
        (-1000i64..=1000).boxed()
    };
    prop_oneof![
        4 => typical.prop_map(clamp),
        1 => Just(lo),
        1 => Just(hi),
        1 => Just(clamp(0)),
        1 => lo..=hi,
    ]
    .prop_map(Value::from)
    .boxed()
}

/// A number the schema accepts: integral and fractional values, at the bounds.
pub fn number(schema: &Map<String, Value>) -> BoxedStrategy<Value> {
    let lo_incl = bound(schema, "minimum");
    let lo_excl = bound(schema, "exclusiveMinimum");
    let hi_incl = bound(schema, "maximum");
    let hi_excl = bound(schema, "exclusiveMaximum");
    let nudge = |x: f64| x.abs() * 1e-9 + 1e-9;
    let lo = match (lo_incl, lo_excl) {
        (Some(a), Some(b)) if b >= a => b + nudge(b),
        (Some(a), _) => a,
        (None, Some(b)) => b + nudge(b),
        (None, None) => -1e9,
    };
    let hi = match (hi_incl, hi_excl) {
        (Some(a), Some(b)) if b <= a => b - nudge(b),
        (Some(a), _) => a,
        (None, Some(b)) => b - nudge(b),
        (None, None) => 1e9,
    };
    if lo > hi {
        return Refuse::new(format!("no number lies in [{lo}, {hi}]")).boxed();
    }
    if let Some(step) = bound(schema, "multipleOf").filter(|m| *m > 0.0) {
        let (klo, khi) = ((lo / step).ceil() as i64, (hi / step).floor() as i64);
        if klo > khi {
            return Refuse::new(format!("no multiple of {step} lies in [{lo}, {hi}]")).boxed();
        }
        return (klo..=khi)
            .prop_map(move |k| values::number(k as f64 * step))
            .boxed();
    }
    let mut arms = vec![
        Just(values::number(lo)).boxed(),
        Just(values::number(hi)).boxed(),
        (lo..=hi).prop_map(values::number).boxed(),
    ];
    let (ilo, ihi) = (lo.ceil().max(-1e15) as i64, hi.floor().min(1e15) as i64);
    if ilo <= ihi {
        arms.push((ilo..=ihi).prop_map(Value::from).boxed());
    }
    Union::new(arms).boxed()
}
