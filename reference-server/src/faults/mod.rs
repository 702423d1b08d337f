//! Named faults. The main types are [`Fault`] (the catalogue) and [`FaultSet`] (the ones on).

mod catalogue;
mod fault_set;

pub use catalogue::{Fault, FaultCategory};
pub use fault_set::FaultSet;
