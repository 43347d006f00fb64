//! The model catalog: types, loading and merging, checks, the embedded default.

pub mod types;

pub use types::*;
