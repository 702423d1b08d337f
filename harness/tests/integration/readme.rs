//! The figures the README states are recomputed here, so they stay current: the default plan's
//! case count, its suites, the size of the published contract's rule catalogue, and the case
//! count of the mutation score's runs (the denominator of every `N/COUNT` in its table).

use std::collections::BTreeSet;

use harness::config::RunConfig;

/// The README, from the workspace root.
fn readme() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    std::fs::read_to_string(path).expect("read README.md")
}

/// The number inside `<!-- figure:NAME -->**N …**<!-- /figure -->`.
fn figure(readme: &str, name: &str) -> usize {
    let start = format!("<!-- figure:{name} -->");
    let at = readme
        .find(&start)
        .unwrap_or_else(|| panic!("README has no {start}"))
        + start.len();
    let text = &readme[at..at + readme[at..].find("<!-- /figure -->").expect("figure end")];
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("figure {name} holds no number: {text:?}"))
}

#[test]
fn figures_are_current() {
    let plan = harness::runner::list_plan(&RunConfig::default()).expect("default plan");
    let suites: BTreeSet<&str> = plan.iter().map(|c| c.property.suite()).collect();
    let catalogue = suites::catalogue(&contract::Contract::published());
    let text = readme();
    assert_eq!(
        (
            figure(&text, "cases"),
            figure(&text, "suites"),
            figure(&text, "rules")
        ),
        (plan.len(), suites.len(), catalogue.len()),
        "README figures (cases, suites, rules) are stale"
    );
    // Every `N/TOTAL` of the mutation-score table has as TOTAL the case count of the default
    // plan's suites that judge the target (the score leaves out the `sdk` suite's stage).
    let scored = harness::runner::list_plan(&RunConfig {
        suites: suites::target_suites()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        ..RunConfig::default()
    })
    .expect("scored plan");
    // A row whose run failed its set-up has one case more: `setup::pool::case_0001`.
    let totals: BTreeSet<usize> = text
        .lines()
        .filter(|line| line.starts_with("| "))
        .flat_map(|line| {
            let setup = usize::from(line.contains("setup::pool"));
            line.split(" | ")
                .map(move |cell| (cell.to_owned(), setup))
                .collect::<Vec<_>>()
        })
        .filter_map(|(cell, setup)| {
            let (n, total) = cell.trim().split_once('/')?;
            n.parse::<usize>().ok()?;
            total.parse::<usize>().ok().map(|t| t - setup.min(t))
        })
        .collect();
    assert!(!totals.is_empty(), "no N/TOTAL figures found in the README");
    assert_eq!(
        totals,
        BTreeSet::from([scored.len()]),
        "a figure N/TOTAL in the README has a stale TOTAL"
    );
}
