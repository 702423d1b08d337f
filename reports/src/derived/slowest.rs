//! The slowest exchanges of a run. The main type is [`SlowOperation`].

use serde::{Deserialize, Serialize};

use crate::model::RunReport;

/// One exchange, ranked by how long it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlowOperation {
    /// The API operation (`sign_up`).
    pub operation: String,
    /// Full name of the case that made the request.
    pub case: String,
    /// HTTP method.
    pub method: String,
    /// Request URL.
    pub url: String,
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Elapsed time in milliseconds.
    pub elapsed_ms: f64,
}

/// The `limit` slowest exchanges of `report`, slowest first. Ties keep report order, and
/// exchanges whose elapsed time is not a finite number are left out.
pub fn slowest_operations(report: &RunReport, limit: usize) -> Vec<SlowOperation> {
    let mut all: Vec<SlowOperation> = report
        .cases
        .iter()
        .flat_map(|case| {
            case.exchanges
                .iter()
                .filter(|exchange| exchange.elapsed_ms.is_finite())
                .map(move |exchange| SlowOperation {
                    operation: exchange.operation.clone(),
                    case: case.name.clone(),
                    method: exchange.method.clone(),
                    url: exchange.url.clone(),
                    status: exchange.status,
                    elapsed_ms: exchange.elapsed_ms,
                })
        })
        .collect();
    // A stable sort, so equal times keep report order.
    all.sort_by(|a, b| b.elapsed_ms.total_cmp(&a.elapsed_ms));
    all.truncate(limit);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::testutil::{case, exchange, report};

    fn sample() -> RunReport {
        let mut first = case("a::p::case_0000", Outcome::Passed, &[], &[]);
        first.exchanges = vec![exchange("sign_up", 5.0), exchange("sign_in", 50.0)];
        let mut second = case("a::p::case_0001", Outcome::Passed, &[], &[]);
        second.exchanges = vec![
            exchange("refresh_token", 20.0),
            exchange("sign_out", f64::NAN),
            exchange("get_user", 5.0),
        ];
        report(vec![first, second])
    }

    #[test]
    fn slowest_first_with_case_and_operation() {
        let slow = slowest_operations(&sample(), 3);
        let got: Vec<(&str, &str, f64)> = slow
            .iter()
            .map(|s| (s.operation.as_str(), s.case.as_str(), s.elapsed_ms))
            .collect();
        assert_eq!(
            got,
            vec![
                ("sign_in", "a::p::case_0000", 50.0),
                ("refresh_token", "a::p::case_0001", 20.0),
                ("sign_up", "a::p::case_0000", 5.0),
            ]
        );
    }

    #[test]
    fn limit_larger_than_count_returns_all_finite() {
        let slow = slowest_operations(&sample(), 100);
        assert_eq!(slow.len(), 4, "the NaN exchange is left out");
        assert_eq!(slow[3].operation, "get_user", "ties keep report order");
        assert!(slowest_operations(&sample(), 0).is_empty());
    }
}
