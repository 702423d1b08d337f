//! Boundary-but-valid variants of valid documents. The main item is [`boundary_variants`].

mod imp;

pub use imp::{boundary_variants, LONG_CHARS, UNICODE_SAMPLE};
