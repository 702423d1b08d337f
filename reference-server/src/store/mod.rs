//! User and refresh-token storage. The main types are the [`Store`] trait and its in-memory
//! implementation [`MemoryStore`] (the default).

mod memory;
mod records;
mod traits;

pub use memory::MemoryStore;
pub use records::{RefreshTokenRecord, TokenHash, UserRecord};
pub use traits::Store;
