//! `fmselect schema`: JSON Schemas generated from the Rust types, so editors
//! can validate and complete the files (the committed copies in `schemas/`
//! are kept in step by a test).

use schemars::{JsonSchema, generate::SchemaSettings};

/// The documents fmselect reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Requirements,
    Catalog,
    Rules,
    Report,
    Scenario,
    CompareReport,
    /// `fmselect catalog list --format json`.
    CatalogList,
    Diff,
}

impl Document {
    pub const ALL: [Document; 8] = [
        Document::Requirements,
        Document::Catalog,
        Document::Rules,
        Document::Report,
        Document::Scenario,
        Document::CompareReport,
        Document::CatalogList,
        Document::Diff,
    ];

    /// The file name under `schemas/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Document::Requirements => "requirements.schema.json",
            Document::Catalog => "catalog.schema.json",
            Document::Rules => "rules.schema.json",
            Document::Report => "report.schema.json",
            Document::Scenario => "scenario.schema.json",
            Document::CompareReport => "compare-report.schema.json",
            Document::CatalogList => "catalog-list.schema.json",
            Document::Diff => "diff.schema.json",
        }
    }
}

/// An input's schema describes what fmselect accepts (keys with defaults
/// are optional); a report's what it prints (keys skipped when empty are
/// optional), hence the two contracts.
fn generate<T: JsonSchema>(title: &str) -> String {
    generate_with::<T>(title, SchemaSettings::draft2020_12().for_deserialize())
}

fn generate_output<T: JsonSchema>(title: &str) -> String {
    generate_with::<T>(title, SchemaSettings::draft2020_12().for_serialize())
}

fn generate_with<T: JsonSchema>(title: &str, mut settings: SchemaSettings) -> String {
    settings.meta_schema = Some("https://json-schema.org/draft/2020-12/schema".into());
    let mut schema = settings.into_generator().into_root_schema_for::<T>();
    schema.insert("title".to_owned(), title.into());
    crate::report::json::to_json(&schema)
}

/// The JSON Schema of `doc`, pretty-printed with a trailing newline.
pub fn schema(doc: Document) -> String {
    match doc {
        Document::Requirements => generate::<crate::requirements::Requirements>(
            "fmselect requirements (schema_version 1)",
        ),
        Document::Catalog => {
            generate::<crate::catalog::CatalogFile>("fmselect catalog file (schema_version 1)")
        }
        Document::Rules => {
            generate::<crate::rules::RulesFile>("fmselect rules file (schema_version 1)")
        }
        Document::Report => generate_output::<crate::report_doc::Report>(
            "fmselect recommend report (schema_version 1)",
        ),
        Document::Scenario => {
            generate::<crate::compare::Scenario>("fmselect compare scenario (schema_version 1)")
        }
        Document::CompareReport => generate_output::<crate::compare::CompareReport>(
            "fmselect compare report (schema_version 1)",
        ),
        Document::CatalogList => generate_output::<crate::browse::ListJson>(
            "fmselect catalog list --format json (schema_version 1)",
        ),
        Document::Diff => generate_output::<crate::diff::DiffReport>(
            "fmselect diff / check report (schema_version 1)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schemas must match the types. To refresh them after a
    /// deliberate change: `FMSELECT_UPDATE_SCHEMAS=1 cargo test schemas_do_not_drift`.
    #[test]
    fn schemas_do_not_drift() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        let update = std::env::var_os("FMSELECT_UPDATE_SCHEMAS").is_some();
        for doc in Document::ALL {
            let path = dir.join(doc.file_name());
            let fresh = schema(doc);
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &fresh).unwrap();
                continue;
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == fresh,
                "{} is out of date: run `FMSELECT_UPDATE_SCHEMAS=1 cargo test schemas_do_not_drift`",
                path.display()
            );
        }
    }

    #[test]
    fn schemas_describe_the_fixed_keys() {
        let req: serde_json::Value = serde_json::from_str(&schema(Document::Requirements)).unwrap();
        let props = &req["properties"];
        for key in [
            "task",
            "volume",
            "latency",
            "data",
            "accuracy",
            "budget",
            "team",
            "adaptation",
            "constraints",
            "priorities",
        ] {
            assert!(
                props.get(key).is_some(),
                "requirements schema lacks `{key}`"
            );
        }
        let report: serde_json::Value = serde_json::from_str(&schema(Document::Report)).unwrap();
        for key in [
            "schema_version",
            "candidates",
            "excluded",
            "strategy",
            "adaptation",
            "evals",
            "warnings",
        ] {
            assert!(
                report["properties"].get(key).is_some(),
                "report schema lacks `{key}`"
            );
        }
    }
}
