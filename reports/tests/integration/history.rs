//! The history of five runs written by the NDJSON writer: each rule lands in the group its
//! verdicts call for, in the data, the HTML page and the Markdown.

use reports::{
    render_history_html, render_history_markdown, RunSummary, Trend, MARKDOWN_MAX_BYTES,
};

use crate::common::{history_of, history_runs, temp_dir, HISTORY_RULES};

#[test]
fn five_runs_put_each_rule_in_its_group_in_every_format() {
    let dir = temp_dir("history");
    let history = history_of(&history_runs(dir.path()));
    let started: Vec<&str> = history.runs.iter().map(|r| r.started_at()).collect();
    assert_eq!(
        started,
        [
            "2025-02-01T02:17:00Z",
            "2025-02-02T02:17:00Z",
            "2025-02-03T02:17:00Z",
            "2025-02-04T02:17:00Z",
            "2025-02-05T02:17:00Z"
        ],
        "runs in time order, whatever order they were given in"
    );
    assert!(history.in_time_order());
    assert_eq!(
        history.runs[3].totals.total, 6,
        "the shards of run 4 make one run"
    );

    let group =
        |trend: Trend| -> Vec<&str> { history.group(trend).map(|r| r.rule.as_str()).collect() };
    assert_eq!(group(Trend::NewlyFailing), ["token:starts-failing"]);
    assert_eq!(group(Trend::Fixed), ["signup:fixed"]);
    assert_eq!(group(Trend::Flipping), ["jwt:flips"]);
    assert_eq!(group(Trend::StillFailing), ["http:still-failing"]);
    assert_eq!(group(Trend::Passing), ["user:always-passes"]);
    assert_eq!(group(Trend::NotJudged), ["negative:uncovered"]);

    let rule = |id: &str| history.rules.iter().find(|r| r.rule == id).expect(id);
    let starts = rule("token:starts-failing");
    assert_eq!(
        (
            starts.first_failing,
            starts.last_passing,
            starts.streak_start
        ),
        (Some(3), Some(2), Some(3)),
        "failing since run 4, last passed in run 3"
    );
    let fixed = rule("signup:fixed");
    assert_eq!(
        (fixed.last_failing, fixed.streak_start),
        (Some(1), Some(2)),
        "last failed in run 2, passing since run 3"
    );
    assert_eq!(rule("jwt:flips").flips, 4);

    // The HTML page: every rule's row sits in its group's section.
    let page = render_history_html(&history);
    for (id, section) in [
        ("token:starts-failing", "newly-failing"),
        ("signup:fixed", "fixed"),
        ("jwt:flips", "flipping"),
        ("http:still-failing", "still-failing"),
    ] {
        let start = page
            .find(&format!("<section id=\"{section}\">"))
            .unwrap_or_else(|| panic!("no {section} section"));
        let end = start + page[start..].find("</section>").expect("section ends");
        assert!(
            page[start..end].contains(&format!(
                "<tr class=\"rule-trend\" data-rule=\"{id}\" data-trend=\"{section}\">"
            )),
            "{id} not in {section}"
        );
    }
    assert!(page.contains("<td>#4 2025-02-04 02:17</td><td>#3 2025-02-03 02:17</td>"));
    assert_eq!(page.matches("<figure class=\"chart\"").count(), 2);

    // The Markdown: each group's table names its rule, and the run strips read in time order.
    let text = render_history_markdown(&history, MARKDOWN_MAX_BYTES);
    for (heading, id) in [
        ("### ❌ Newly failing (1)", "token:starts-failing"),
        ("### ⚠️ Flipping (flaky across runs) (1)", "jwt:flips"),
        ("### ✅ Fixed (1)", "signup:fixed"),
        ("### Still failing (1)", "http:still-failing"),
    ] {
        let at = text
            .find(heading)
            .unwrap_or_else(|| panic!("no {heading}:\n{text}"));
        let table = &text[at..at + text[at..].find("\n\n\n").unwrap_or(text.len() - at)];
        assert!(
            table.contains(&format!("`{id}`")),
            "{id} under {heading}:\n{table}"
        );
    }
    for (id, states) in HISTORY_RULES {
        let strip: String = states
            .chars()
            .map(|c| match c {
                'P' => '✓',
                'F' => '✗',
                _ => '?',
            })
            .collect();
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("| `{id}` |")))
            .unwrap_or_else(|| panic!("{id} has no row"));
        assert!(line.contains(&format!("`{strip}`")), "{line}");
    }
}

#[test]
fn a_run_that_does_not_parse_names_its_file_and_line() {
    let dir = temp_dir("history-bad");
    let path = dir.path().join("broken.ndjson");
    std::fs::write(&path, "\n{\"type\":\"run\"\n").expect("write");
    let error = RunSummary::read("broken", &[path]).unwrap_err().to_string();
    assert!(error.contains("broken.ndjson` at line 2"), "{error}");
    let missing = RunSummary::read("gone", &[dir.path().join("gone.ndjson")]).unwrap_err();
    assert!(missing.to_string().contains("gone.ndjson"), "{missing}");
}
