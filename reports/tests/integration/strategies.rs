//! Proptest strategies for whole runs. The main function is [`run_report`].
//!
//! Durations are whole milliseconds and timestamps have millisecond precision, because JUnit
//! stores times with three decimals; text mixes markup characters, quotes, non-ASCII and
//! newlines, because those are what escaping must survive, and one string in three is
//! [`hostile_text`]: anything a broken target could send.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use results::{
    CaseRecord, CaseSeed, Exchange, Finding, Outcome, Reaction, ReactionKind, RunInfo, RunReport,
    RunSeed,
};
use serde_json::Value;

/// Free text: markup characters, quotes, non-ASCII, tabs and newlines, or hostile text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[a-zA-Z0-9 <>&\"'/:._$|`*#\\-é中🙂\n\t]{0,24}",
        1 => hostile_text(),
    ]
}

/// Any character, weighted towards the ones that break formats or drive terminals: C0 and C1
/// controls, DEL, noncharacters (U+FFFE, U+FFFF …), bidi controls, line separators, markup.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => proptest::char::range('\0', '\u{1f}'),
        1 => proptest::char::range('\u{7f}', '\u{9f}'),
        2 => proptest::sample::select(vec![
            '\u{fffe}', '\u{ffff}', '\u{1fffe}', '\u{10ffff}', '\u{fdd0}', '\u{fdef}',
            '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{2028}', '\u{2029}',
            '\u{feff}', '\u{85}', '\r', '\n', '\t', '<', '&', '"', '\'', ']', '`', '|', '\\',
        ]),
    ]
}

/// Anything a broken target could send: [`hostile_char`]s mixed with escape sequences, CR LF,
/// markup that ends CDATA sections or comments, character references, and JSON-escaped lone
/// surrogates (`"\ud800"`), which a JSON body may carry although a Rust string cannot.
pub fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => hostile_char().prop_map(String::from),
        1 => proptest::sample::select(vec![
            "\\ud800",
            "\"\\udfff\"",
            "{\"a\":\"\\ud83d x\"}",
            "\r\n",
            "\u{1b}]0;pwned\u{7}",
            "\u{1b}[2J\u{1b}[H",
            "\u{1b}[31m0 failed\u{1b}[0m",
            "\u{9b}2K",
            "]]>",
            "<![CDATA[",
            "-->",
            "&#0;",
            "&#xFFFE;",
        ])
        .prop_map(String::from),
    ];
    vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// A rule id, such as `/$defs/User/properties/locale:type` or `semantic:token.rotation`.
fn rule() -> impl Strategy<Value = String> {
    prop_oneof![
        "/\\$defs/[A-Z][a-z]{1,6}/properties/[a-z]{1,8}:(type|format|pattern|required)",
        "semantic:[a-z]{1,6}\\.[a-z]{1,8}",
    ]
}

/// A JSON value without floats (their JSON text may not read back bit-exact).
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::from),
            vec(("[a-z]{1,6}", inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Milliseconds, whole.
fn millis() -> impl Strategy<Value = f64> {
    (0u32..10_000_000).prop_map(f64::from)
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        Just(Outcome::Passed),
        Just(Outcome::Failed),
        text().prop_map(|reason| Outcome::ExpectedFailure { reason }),
        text().prop_map(|reason| Outcome::UnexpectedPass { reason }),
        text().prop_map(|reason| Outcome::NotCovered { reason }),
        text().prop_map(|reason| Outcome::NotApplicable { reason }),
        text().prop_map(|reason| Outcome::Flaky { reason }),
        text().prop_map(|reason| Outcome::NotRun { reason }),
    ]
}

/// How a client reacted to a served document: hostile client and detail text, a rule or the
/// valid serve.
fn reaction() -> impl Strategy<Value = Reaction> {
    (
        text(),
        prop_oneof![Just(Reaction::VALID.to_owned()), rule()],
        proptest::sample::select(ReactionKind::ALL.to_vec()),
        text(),
    )
        .prop_map(|(client, rule, kind, detail)| Reaction {
            client,
            rule,
            kind,
            detail,
        })
}

fn finding() -> impl Strategy<Value = Finding> {
    (rule(), "(/[a-z0-9~]{1,6}){0,3}", text()).prop_map(|(rule, pointer, message)| Finding {
        rule,
        pointer,
        message,
    })
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    vec(("[a-z-]{1,12}", text()), 0..3)
}

fn exchange() -> impl Strategy<Value = Exchange> {
    (
        (
            "[a-z_]{1,12}",
            "(GET|POST|PUT|DELETE)",
            "http://127\\.0\\.0\\.1:[0-9]{4,5}/[a-z/]{0,12}",
        ),
        (headers(), option::of(text()), option::of(100u16..600)),
        (
            headers(),
            option::of(text()),
            millis(),
            option::of(text()),
            text(),
        ),
        (option::of(text()), option::of(text())),
    )
        .prop_map(
            |(
                (operation, method, url),
                (request_headers, request_body, status),
                (response_headers, response_body, elapsed_ms, error, curl),
                (via, returned),
            )| Exchange {
                operation,
                method,
                url,
                request_headers,
                request_body,
                status,
                response_headers,
                response_body,
                elapsed_ms,
                error,
                curl,
                via,
                returned,
            },
        )
}

/// A case; its name is made unique by `index`.
fn case(index: usize) -> impl Strategy<Value = CaseRecord> {
    (
        (
            "[a-z]{1,8}",
            "[a-z_]{1,10}",
            outcome(),
            millis(),
            any::<u64>(),
        ),
        (
            vec(rule(), 0..4),
            vec(finding(), 0..3),
            vec(exchange(), 0..3),
        ),
        (
            option::of(json()),
            text(),
            vec(reaction(), 0..3),
            vec(finding(), 0..2),
        ),
    )
        .prop_map(
            move |(
                (suite, property, outcome, duration_ms, seed),
                (rules, findings, exchanges),
                (minimal_input, rerun, reactions, observations),
            )| {
                CaseRecord {
                    name: format!("{suite}::{property}::case_{index:04}"),
                    suite,
                    property,
                    outcome,
                    duration_ms,
                    seed: CaseSeed(seed),
                    rules,
                    findings,
                    exchanges,
                    minimal_input,
                    rerun,
                    reactions,
                    observations,
                    investigation: None,
                }
            },
        )
}

fn info() -> impl Strategy<Value = RunInfo> {
    (
        text(),
        text(),
        text(),
        any::<u64>(),
        (
            2000u32..2100,
            1u32..=12,
            1u32..=28,
            0u32..24,
            0u32..60,
            0u32..60,
            0u32..1000,
        ),
        millis(),
    )
        .prop_map(
            |(tool_version, target, contract, seed, (y, mo, d, h, mi, s, ms), duration_ms)| {
                RunInfo {
                    tool_version,
                    target,
                    contract,
                    seed: RunSeed(seed),
                    started_at: format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z"),
                    duration_ms,
                    ..RunInfo::default()
                }
            },
        )
}

/// Up to three rounds of a fuzz campaign (none for most runs).
fn rounds() -> impl Strategy<Value = Vec<results::FuzzRound>> {
    prop::collection::vec(
        (
            any::<u64>(),
            millis(),
            any::<u64>(),
            any::<u64>(),
            any::<u64>(),
        )
            .prop_map(|(round, ended_ms, cases, failed, new_findings)| {
                results::FuzzRound {
                    round,
                    ended_ms,
                    cases,
                    failed,
                    new_findings,
                }
            }),
        0..=3,
    )
}

/// A whole run of up to `max_cases` cases with distinct names.
pub fn run_report(max_cases: usize) -> impl Strategy<Value = RunReport> {
    (info(), 0..=max_cases, rounds()).prop_flat_map(|(info, count, rounds)| {
        let cases: Vec<_> = (0..count).map(case).collect();
        cases.prop_map(move |cases| RunReport {
            info: info.clone(),
            cases,
            rules: vec![],
            rounds: rounds.clone(),
            drift: None,
        })
    })
}
