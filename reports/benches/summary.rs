//! Rendering the human pages: the HTML summary with its charts and the Markdown
//! summary of runs of 500 and 5,000 cases (12 suites, 100 rules, 3 exchanges a case, one case in
//! ten failing), and the history of 30 such runs of 500 cases read back from their NDJSON.
//!
//! Run with `cargo bench -p reports --bench summary`.

use divan::Bencher;
use reports::{
    render_history_html, render_html, render_markdown, write_all, History, OutputPaths, RunSummary,
    SummaryOptions,
};
use results::{CaseRecord, CaseSeed, Exchange, Finding, Outcome, RunInfo, RunReport, RunSeed};

fn main() {
    divan::main();
}

/// A run of `cases` cases; `night` shifts which cases fail.
fn run(cases: usize, night: usize) -> RunReport {
    let rules: Vec<String> = (0..100)
        .map(|i| format!("suite-{}:rule-{i:03}", i % 12))
        .collect();
    let records = (0..cases)
        .map(|i| {
            let suite = format!("suite-{}", i % 12);
            let failed = (i + night).is_multiple_of(10);
            let mine: Vec<String> = (0..8).map(|k| rules[(i * 3 + k) % 100].clone()).collect();
            CaseRecord {
                name: format!("{suite}::property::case_{i:05}"),
                suite,
                property: "property".to_owned(),
                outcome: if failed {
                    Outcome::Failed
                } else {
                    Outcome::Passed
                },
                duration_ms: 3.0,
                seed: CaseSeed(i as u64),
                findings: if failed {
                    vec![Finding {
                        rule: mine[0].clone(),
                        pointer: "/session/user/locale".to_owned(),
                        message: "expected a string, got 42".to_owned(),
                    }]
                } else {
                    Vec::new()
                },
                rules: mine,
                observations: Vec::new(),
                exchanges: (0..3)
                    .map(|k| Exchange {
                        operation: ["sign_up", "sign_in", "refresh"][k].to_owned(),
                        method: "POST".to_owned(),
                        url: "http://127.0.0.1:4000/v1/token".to_owned(),
                        request_headers: Vec::new(),
                        request_body: Some("{}".to_owned()),
                        status: Some(200),
                        response_headers: Vec::new(),
                        response_body: Some("{\"session\":null}".to_owned()),
                        elapsed_ms: 0.5 + ((i * 7 + k * 13) % 97) as f64,
                        error: None,
                        curl: "curl -sS http://127.0.0.1:4000/v1/token".to_owned(),
                        via: None,
                        returned: None,
                    })
                    .collect(),
                minimal_input: None,
                rerun: format!("nhost-conformance replay case-{i}.case.json"),
                reactions: Vec::new(),
                investigation: None,
            }
        })
        .collect();
    RunReport {
        info: RunInfo {
            tool_version: "0.1.0".to_owned(),
            target: "http://127.0.0.1:4000".to_owned(),
            contract: "published".to_owned(),
            seed: RunSeed(1),
            started_at: format!("2025-01-{:02}T02:17:00Z", night + 1),
            duration_ms: 1.0,
            ..RunInfo::default()
        },
        cases: records,
        rules: Vec::new(),
        rounds: Vec::new(),
        drift: None,
    }
}

#[divan::bench(args = [500, 5_000])]
fn html_summary_with_charts(bencher: Bencher, cases: usize) {
    let report = run(cases, 0);
    bencher.bench(|| render_html(&report, &SummaryOptions::default()));
}

#[divan::bench(args = [500, 5_000])]
fn markdown_summary(bencher: Bencher, cases: usize) {
    let report = run(cases, 0);
    bencher.bench(|| render_markdown(&report, &SummaryOptions::default()));
}

#[divan::bench(sample_count = 10)]
fn history_of_30_runs(bencher: Bencher) {
    let dir = tempfile::TempDir::with_prefix("reports-bench-history-").expect("temp dir");
    let files: Vec<std::path::PathBuf> = (0..30)
        .map(|night| {
            let path = dir.path().join(format!("night-{night:02}.ndjson"));
            let paths = OutputPaths::default().with("ndjson", path.clone());
            write_all(&run(500, night), &paths).expect("write a run");
            path
        })
        .collect();
    bencher.bench(|| {
        let runs = files
            .iter()
            .map(|f| RunSummary::read(f.display().to_string(), std::slice::from_ref(f)))
            .collect::<Result<Vec<_>, _>>()
            .expect("read");
        render_history_html(&History::of(runs))
    });
}
