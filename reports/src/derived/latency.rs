//! How long each operation took across a run: the distribution, not only the slowest ten. The
//! main type is [`LatencyRow`].

use serde::{Deserialize, Serialize};

use crate::model::RunReport;

/// The distribution of the elapsed times of one operation's exchanges, in milliseconds.
///
/// Quantiles are nearest-rank: the `q` quantile of `n` sorted times is the `ceil(q·n)`-th.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LatencyRow {
    /// The API operation (`sign_up`).
    pub operation: String,
    /// How many exchanges (with a finite elapsed time) it made.
    pub count: usize,
    /// The fastest.
    pub min: f64,
    /// The first quartile.
    pub p25: f64,
    /// The median.
    pub p50: f64,
    /// The third quartile.
    pub p75: f64,
    /// The 90th percentile.
    pub p90: f64,
    /// The 99th percentile.
    pub p99: f64,
    /// The slowest.
    pub max: f64,
}

/// One [`LatencyRow`] per operation of `report`, slowest median first (ties by name).
/// Exchanges whose elapsed time is not a finite, non-negative number are left out.
pub fn latency_by_operation(report: &RunReport) -> Vec<LatencyRow> {
    let mut times: Vec<(&str, Vec<f64>)> = Vec::new();
    for exchange in report.cases.iter().flat_map(|case| &case.exchanges) {
        let ms = exchange.elapsed_ms;
        if !ms.is_finite() || ms < 0.0 {
            continue;
        }
        match times
            .iter_mut()
            .find(|(operation, _)| *operation == exchange.operation)
        {
            Some((_, list)) => list.push(ms),
            None => times.push((&exchange.operation, vec![ms])),
        }
    }
    let mut rows: Vec<LatencyRow> = times
        .into_iter()
        .map(|(operation, mut list)| {
            list.sort_by(f64::total_cmp);
            let rank = |q: f64| {
                let n = list.len();
                let index = ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
                list[index]
            };
            LatencyRow {
                operation: operation.to_owned(),
                count: list.len(),
                min: list[0],
                p25: rank(0.25),
                p50: rank(0.5),
                p75: rank(0.75),
                p90: rank(0.9),
                p99: rank(0.99),
                max: list[list.len() - 1],
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.p50
            .total_cmp(&a.p50)
            .then_with(|| a.operation.cmp(&b.operation))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::testutil::{case, exchange, report};

    #[test]
    fn quantiles_are_nearest_rank_per_operation_slowest_median_first() {
        let mut first = case("a::b::case_0000", Outcome::Passed, &[], &[]);
        first.exchanges = (1..=100)
            .map(|ms| exchange("sign_in", f64::from(ms)))
            .chain([exchange("sign_up", f64::NAN), exchange("sign_up", 500.0)])
            .collect();
        let mut second = case("a::b::case_0001", Outcome::Passed, &[], &[]);
        second.exchanges = vec![exchange("sign_up", 300.0), exchange("sign_up", -1.0)];
        let rows = latency_by_operation(&report(vec![first, second]));
        let summary: Vec<(&str, usize, [f64; 7])> = rows
            .iter()
            .map(|r| {
                (
                    r.operation.as_str(),
                    r.count,
                    [r.min, r.p25, r.p50, r.p75, r.p90, r.p99, r.max],
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "sign_up",
                    2,
                    [300.0, 300.0, 300.0, 500.0, 500.0, 500.0, 500.0]
                ),
                ("sign_in", 100, [1.0, 25.0, 50.0, 75.0, 90.0, 99.0, 100.0]),
            ]
        );
        assert!(latency_by_operation(&report(vec![])).is_empty());
    }
}
