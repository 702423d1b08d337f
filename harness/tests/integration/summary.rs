//! A failing run end to end (`run --fault no-refresh-rotation`): the summaries the binary writes
//! name every failing rule, with its catalogue description, before any passing rule, and show
//! the published schema's broken examples as information in the header (the built-in set
//! `published-schema` knows them), never as a case.

use crate::common::{bin, temp_dir};

#[test]
fn a_failing_run_summary_puts_failing_rules_first() {
    let dir = temp_dir("summary", "failing");
    let out = bin()
        .args(["run", "--fault", "no-refresh-rotation", "--out-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let markdown = std::fs::read_to_string(dir.join("summary.md")).expect("summary.md");
    let html = std::fs::read_to_string(dir.join("summary.html")).expect("summary.html");

    // The matrix rows name the rules; a ❌ marks a failing one.
    let rows: Vec<&str> = markdown
        .lines()
        .skip_while(|l| !l.starts_with("| Rule | Description |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let rule_of = |row: &str| row.split('`').nth(1).unwrap_or_default().to_owned();
    let failing: Vec<String> = rows
        .iter()
        .filter(|r| r.starts_with("| ❌"))
        .map(|r| rule_of(r))
        .collect();
    let passing: Vec<String> = rows
        .iter()
        .filter(|r| !r.starts_with("| ❌"))
        .map(|r| rule_of(r))
        .collect();
    assert!(
        failing.contains(&"token:rotation.old-rejected".to_owned()),
        "{failing:?}"
    );
    assert!(passing.len() > 40, "{passing:?}");
    let first_passing = passing
        .iter()
        .filter_map(|rule| markdown.find(&format!("`{rule}`")))
        .min()
        .expect("passing rules are named");
    for rule in &failing {
        let at = markdown.find(&format!("`{rule}`")).unwrap();
        assert!(at < first_passing, "{rule} is named after a passing rule");
    }
    assert!(markdown.contains(
        "#### `token:rotation.old-rejected` · 12 failing cases\n\n\
         a refresh token that was rotated is rejected with 401 invalid-refresh-token\n"
    ));
    assert!(html.contains(
        "<p class=\"description\">a refresh token that was rotated is rejected with 401 invalid-refresh-token</p>"
    ));
    // The contract's own broken examples are information in the header, never a case.
    assert!(
        !rows.iter().any(|r| rule_of(r) == "schema:examples-valid"),
        "the contract's examples are not a rule of the run"
    );
    let fact = markdown
        .lines()
        .find(|l| l.starts_with("- Contract self-check:"))
        .expect("the header carries the contract's self-check");
    assert!(
        fact.contains("do not validate") && fact.contains("published Session schema"),
        "{fact}"
    );
    assert!(html.contains("<b>Contract self-check</b>"));
    let _ = std::fs::remove_dir_all(&dir);
}
