//! fmselect: a foundation-model selection advisor.
//!
//! The library holds the whole decision pipeline (SPEC §5); the `fmselect`
//! binary only parses arguments, calls it, renders and maps outcomes to exit
//! codes. The pipeline, one module per step:
//!
//! requirements → rules → filter → cost → score → strategy → adaptation →
//! evals → report.

pub mod adaptation;
pub mod app;
pub mod assumptions;
pub mod browse;
pub mod capacity;
pub mod catalog;
pub mod chart;
pub mod compare;
pub mod cost;
pub mod dates;
pub mod de;
pub mod diag;
pub mod diff;
pub mod document;
pub mod evals;
pub mod evals_results;
pub mod export;
pub mod filter;
pub mod import;
pub mod init;
pub mod levers;
pub mod load;
pub mod mcp;
pub mod names;
pub mod node;
pub mod num;
pub mod output;
pub mod quality;
pub mod recommend;
pub mod report;
pub mod report_doc;
pub mod requirements;
pub mod rules;
pub mod schema;
pub mod score;
pub mod screened;
pub mod setup;
pub mod source;
pub mod strategy;
pub mod yaml_core;
