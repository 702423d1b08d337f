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
}

impl Default for SummaryOptions {
    fn default() -> Self {
        Self {
            slowest: 10,
            max_failures: 50,
            max_findings_per_rule: 20,
        }
    }
}
