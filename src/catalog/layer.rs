//! Layering catalogs (`--catalog @embedded --catalog litellm.yaml`): a model
//! that a later file also has is merged field by field — every fact the
//! later file states wins, every fact it leaves out (null, empty) is kept.
//! So an imported price list refreshes prices and context windows while the
//! curated tier, benchmarks, architecture and sources stay.
//!
//! The merge works on the models' JSON form, so a field added to [`Model`]
//! or [`Offering`] is layered without a change here. Rules:
//!
//! - objects merge key by key (`benchmarks`, `speed`, `params_b`, …);
//! - `null` keeps the earlier value; an empty list keeps the earlier list;
//! - `offerings` match on kind, host, GPU, regions and `api_id` (a missing
//!   `api_id` on either side matches any); a matched offering is merged field
//!   by field, an unmatched one is added;
//! - `sources` are the union of both;
//! - a `name` equal to the model's id is an importer's placeholder and does
//!   not replace a real name.

use serde_json::{Map, Value};

use super::Model;

/// Merges `later` into `earlier` (same id). Returns the merged model.
pub fn layer(earlier: &Model, later: &Model) -> Model {
    let (Ok(mut base), Ok(top)) = (serde_json::to_value(earlier), serde_json::to_value(later))
    else {
        return later.clone();
    };
    if later.name == later.id
        && let Value::Object(m) = &mut base
    {
        // Keep the earlier name: merge everything else.
        let mut top = top;
        if let Value::Object(t) = &mut top {
            t.remove("name");
        }
        merge_model(m, top);
    } else if let Value::Object(m) = &mut base {
        merge_model(m, top);
    }
    serde_json::from_value(base).unwrap_or_else(|_| later.clone())
}

fn merge_model(base: &mut Map<String, Value>, top: Value) {
    let Value::Object(top) = top else { return };
    for (key, value) in top {
        match key.as_str() {
            "offerings" => {
                merge_offerings(base.entry(key).or_insert(Value::Array(Vec::new())), value)
            }
            "sources" => union(base.entry(key).or_insert(Value::Array(Vec::new())), value),
            _ => merge_value(base.entry(key).or_insert(Value::Null), value),
        }
    }
}

/// The general rule: objects by key, null and empty lists keep, else replace.
fn merge_value(base: &mut Value, top: Value) {
    match (base, top) {
        (_, Value::Null) => {}
        (_, Value::Array(a)) if a.is_empty() => {}
        (Value::Object(b), Value::Object(t)) => {
            for (k, v) in t {
                merge_value(b.entry(k).or_insert(Value::Null), v);
            }
        }
        (b, t) => *b = t,
    }
}

fn union(base: &mut Value, top: Value) {
    let (Value::Array(b), Value::Array(t)) = (base, top) else {
        return;
    };
    for v in t {
        if !b.contains(&v) {
            b.push(v);
        }
    }
}

/// Whether two offerings (as JSON) stand for the same deployment.
fn same_offering(a: &Value, b: &Value) -> bool {
    let field = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    let regions = |v: &Value| {
        let mut r: Vec<String> = v
            .get("regions")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        r.sort();
        r
    };
    let api = |v: &Value| field(v, "api_id");
    ["kind", "host", "gpu"]
        .iter()
        .all(|k| field(a, k) == field(b, k))
        && regions(a) == regions(b)
        && (api(a).is_null() || api(b).is_null() || api(a) == api(b))
}

fn merge_offerings(base: &mut Value, top: Value) {
    let (Value::Array(b), Value::Array(t)) = (base, top) else {
        return;
    };
    for offering in t {
        match b.iter_mut().find(|o| same_offering(o, &offering)) {
            Some(existing) => merge_value(existing, offering),
            None => b.push(offering),
        }
    }
}

impl Model {
    /// Whether the catalog says anything about the model's quality (a tier
    /// or a benchmark). Without either, e.g. for a model only a price list
    /// knows, its quality is a prior, not evidence.
    pub fn has_quality_evidence(&self) -> bool {
        self.tier.is_some() || !self.benchmarks.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn a_price_list_refreshes_prices_and_keeps_curated_facts() {
        let curated = Catalog::embedded().unwrap();
        let earlier = curated.model("claude-opus-4-6").unwrap().clone();
        let mut later = earlier.clone();
        later.name = later.id.clone();
        later.tier = None;
        later.benchmarks.clear();
        later.sources.clear();
        later.family = None;
        later.context_window = Some(2_000_000);
        let api = later
            .offerings
            .iter_mut()
            .find(|o| o.host.as_deref() == Some("anthropic"))
            .unwrap();
        api.input_per_mtok = Some(4.0);
        api.source = Some("litellm".to_owned());
        later.offerings.truncate(1);

        let merged = layer(&earlier, &later);
        assert_eq!(merged.name, earlier.name, "a placeholder name does not win");
        assert_eq!(merged.tier, earlier.tier);
        assert_eq!(merged.benchmarks, earlier.benchmarks);
        assert_eq!(merged.family, earlier.family);
        assert_eq!(merged.sources, earlier.sources);
        assert_eq!(merged.context_window, Some(2_000_000), "a later fact wins");
        assert_eq!(
            merged.offerings.len(),
            earlier.offerings.len(),
            "offerings matched, none lost"
        );
        let api = merged
            .offerings
            .iter()
            .find(|o| o.host.as_deref() == Some("anthropic"))
            .unwrap();
        assert_eq!(api.input_per_mtok, Some(4.0));
        assert_eq!(api.source.as_deref(), Some("litellm"));
    }

    #[test]
    fn an_offering_the_earlier_file_lacks_is_added() {
        let curated = Catalog::embedded().unwrap();
        let earlier = curated.model("claude-opus-4-6").unwrap().clone();
        let mut later = earlier.clone();
        later.offerings.truncate(1);
        later.offerings[0].host = Some("some-new-host".to_owned());
        let merged = layer(&earlier, &later);
        assert_eq!(merged.offerings.len(), earlier.offerings.len() + 1);
    }
}
