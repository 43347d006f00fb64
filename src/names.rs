//! The kebab-case names of the data model's enums, as they appear in files
//! and reports. Below every pipeline stage, so any of them may name a value.

/// The serialised name of a unit enum variant (`private-cloud`, `fp8`).
pub fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
