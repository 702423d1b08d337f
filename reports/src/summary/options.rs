//! Limits that keep summaries readable. The main type is [`SummaryOptions`].

/// How much of a run the summaries show. Everything is always in the JUnit and NDJSON reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryOptions {
    /// How many of the slowest operations to list. Default: 10.
    pub slowest: usize,
    /// How many failing cases to show in detail (the first failure of each rule is always
    /// shown, so matrix links always resolve). Default: 50.
    pub max_failures: usize,
    /// How many distinct messages (pointer and text; repeats are counted, not listed) to show
    /// per failing rule before "and N more". Default: 20.
    pub max_findings_per_rule: usize,
    /// The longest the Markdown summary may be, in bytes: GitHub refuses a step summary over
    /// 1 MiB, and `$GITHUB_STEP_SUMMARY` may already hold earlier steps' text. Longer summaries
    /// are cut section by section, longest first, each cut with a note; every failing rule stays
    /// listed. Default: [`MARKDOWN_MAX_BYTES`].
    pub max_markdown_bytes: usize,
}

/// The default [`SummaryOptions::max_markdown_bytes`]: 1 MiB less 64 KiB left for what earlier
/// steps wrote to the same `$GITHUB_STEP_SUMMARY`.
pub const MARKDOWN_MAX_BYTES: usize = 1024 * 1024 - 64 * 1024;

impl Default for SummaryOptions {
    fn default() -> Self {
        Self {
            slowest: 10,
            max_failures: 50,
            max_findings_per_rule: 20,
            max_markdown_bytes: MARKDOWN_MAX_BYTES,
        }
    }
}
