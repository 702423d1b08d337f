//! The Markdown summary as a Markdown parser reads it (pulldown-cmark, with GitHub's tables,
//! strikethrough, footnotes and math): escaped text reads back as itself, with no emphasis,
//! link, HTML, code or math made of it, in a paragraph and in a table cell; and the summary of
//! a run with thousands of failing cases stays under GitHub's 1 MiB step-summary limit while
//! still naming every failing rule.

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use reports::{escape_markdown, render_markdown, SummaryOptions};

use crate::common::thousands_failing_run;

/// What GitHub's Markdown reads beyond CommonMark.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// The text of `markdown` as a parser reads it, or the first event that is not plain text in a
/// paragraph or a table.
fn plain_text(markdown: &str) -> Result<Vec<String>, String> {
    let mut texts = Vec::new();
    let mut current = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(text) => current.push_str(&text),
            Event::Start(Tag::Paragraph | Tag::TableCell | Tag::TableRow | Tag::TableHead)
            | Event::Start(Tag::Table(_)) => {}
            Event::End(TagEnd::Paragraph | TagEnd::TableCell) => {
                texts.push(std::mem::take(&mut current));
            }
            Event::End(TagEnd::TableRow | TagEnd::TableHead | TagEnd::Table) => {}
            other => return Err(format!("{other:?}")),
        }
    }
    Ok(texts)
}

/// Text made mostly of what Markdown could read as syntax.
fn tricky() -> impl Strategy<Value = String> {
    "[a-z0-9 _*`\\[\\](){}<>#!|~$&;:/.+=\\\\'\"^@%é-]{0,40}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn escaped_text_reads_back_as_itself_in_a_paragraph_and_a_table(text in tricky()) {
        let expected = results::text::one_line(&text, usize::MAX);
        let escaped = escape_markdown(&text);
        if !expected.is_empty() {
            let read = plain_text(&escaped).map_err(|e| TestCaseError::fail(format!("{escaped:?} read as {e}")))?;
            prop_assert_eq!(read, vec![expected.clone()], "paragraph {:?}", escaped);
        }
        let table = format!("| a | b |\n| --- | --- |\n| x | {escaped} |\n");
        let read = plain_text(&table).map_err(|e| TestCaseError::fail(format!("{escaped:?} read as {e}")))?;
        prop_assert_eq!(read, vec!["a".to_owned(), "b".into(), "x".into(), expected], "cell {:?}", escaped);
    }
}

#[test]
fn what_the_issue_saw_over_escaped_is_left_alone() {
    for text in [
        "the schema's example is not a \"uuid\"",
        "crashed: RangeError: Invalid time value (at Date.toISOString)",
        "GET /user says {\"locale\":\"en\"}, the session {\"locale\":\"fr\"}",
    ] {
        assert_eq!(escape_markdown(text), text);
    }
    // The reader sees syntax where there is some: each of these is more than text unescaped.
    for syntax in [
        "**b**", "_e_", "[l](u)", "<i>x</i>", "`c`", "$m$", "~~s~~", "# h", "- i", "1. i", "> q",
        "&amp;",
    ] {
        let read = plain_text(syntax);
        assert!(
            read.as_ref()
                .map_or(true, |t| t != &vec![syntax.to_owned()]),
            "{syntax} read as {read:?}"
        );
        assert_eq!(
            plain_text(&escape_markdown(syntax)),
            Ok(vec![syntax.to_owned()])
        );
    }
}

#[test]
fn thousands_of_failing_cases_stay_under_one_mib_and_name_every_failing_rule() {
    let run = thousands_failing_run(6_000, 400);
    let text = render_markdown(&run, &SummaryOptions::default());
    assert!(
        text.len() < 1024 * 1024,
        "{} bytes: over GitHub's 1 MiB step-summary limit",
        text.len()
    );
    let failing = &text[text
        .find("### ❌ Failing rules (400)")
        .expect("failing rules")..];
    let failing = &failing[..failing.find("\n### ").expect("a section follows")];
    for entry in &run.rules {
        assert!(
            failing.contains(&format!("`{}`", entry.id)),
            "{} is not listed among the failing rules",
            entry.id
        );
    }
    assert!(
        text.contains("to keep this summary under GitHub's 1 MiB step-summary limit"),
        "a cut section says so"
    );
    assert!(
        text.contains("the HTML summary has"),
        "and where the rest is"
    );
    // What was kept is whole Markdown: folds and fences close, and the last sections still
    // read as headings, not as the inside of an unclosed code block.
    assert_eq!(
        text.matches("<details>").count(),
        text.matches("</details>").count()
    );
    let headings: Vec<String> = Parser::new_ext(&text, options())
        .scan(false, |inside, event| {
            let text = match &event {
                Event::Start(Tag::Heading { .. }) => {
                    *inside = true;
                    None
                }
                Event::End(TagEnd::Heading(_)) => {
                    *inside = false;
                    None
                }
                Event::Text(t) | Event::Code(t) if *inside => Some(t.to_string()),
                _ => None,
            };
            Some(text)
        })
        .flatten()
        .filter(|t| {
            t.starts_with("Failures") || t.starts_with("Slowest") || t.starts_with("Suites")
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Suites",
            "Slowest operations",
            "Failures and how to re-run them"
        ],
        "the sections after the cuts are still there"
    );
}
