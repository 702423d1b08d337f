//! [`Budgets`]: how many requests of each operation one run may spend.

use std::collections::BTreeMap;

use suites::Operation;

/// Per-operation request budgets; an operation not listed is unlimited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Budgets(BTreeMap<&'static str, u32>);

impl Budgets {
    /// No limits (the embedded server).
    pub fn unlimited() -> Self {
        Self::default()
    }

    /// Whether any operation has a budget.
    pub fn is_limited(&self) -> bool {
        !self.0.is_empty()
    }

    /// The budget of an operation, `None` for unlimited.
    pub fn get(&self, op: Operation) -> Option<u32> {
        self.0.get(op.name()).copied()
    }

    /// Sets one budget.
    pub fn set(&mut self, op: Operation, budget: u32) {
        self.0.insert(op.name(), budget);
    }

    /// Parses `sign_up=10,sign_in_anonymous=5` onto these budgets.
    pub fn parse_onto(&mut self, text: &str) -> Result<(), String> {
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, n) = item
                .split_once('=')
                .ok_or_else(|| format!("expected operation=number, got {item:?}"))?;
            let op = Operation::ALL
                .into_iter()
                .find(|o| o.name() == name.trim())
                .ok_or_else(|| format!("unknown operation {name:?} (known: {})", op_names()))?;
            let n: u32 = n
                .trim()
                .parse()
                .map_err(|_| format!("budget for {name} must be a whole number, got {n:?}"))?;
            self.set(op, n);
        }
        Ok(())
    }
}

/// The `NHOST_BUDGET` form, `sign_in_anonymous=40,sign_up=40` (empty when unlimited), which
/// [`Budgets::parse_onto`] reads back.
impl std::fmt::Display for Budgets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let items: Vec<String> = self.0.iter().map(|(op, n)| format!("{op}={n}")).collect();
        f.write_str(&items.join(","))
    }
}

fn op_names() -> String {
    Operation::ALL
        .iter()
        .map(|o| o.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let mut b = Budgets::unlimited();
        b.parse_onto("sign_up=3, refresh=9").unwrap();
        assert_eq!(b.get(Operation::SignUp), Some(3));
        assert_eq!(b.get(Operation::Refresh), Some(9));
        assert_eq!(b.get(Operation::SignIn), None);
        assert!(b
            .parse_onto("signup=3")
            .unwrap_err()
            .contains("unknown operation"));
        assert!(b
            .parse_onto("sign_up=x")
            .unwrap_err()
            .contains("whole number"));
    }
}
