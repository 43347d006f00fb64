//! Every lever the report lists, moved past its flip value, gives the
//! other answer: none is guessed.

#[path = "support/cli.rs"]
mod cli;

use std::path::PathBuf;

use cli::{fmselect, stdout};
use serde_json::{Value, json};

fn report(args: &[&str]) -> Value {
    let out = fmselect(args);
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// The decision's identity: strategy kind, and each route's model on its own
/// or on a hosted deployment (as the levers compare them).
fn answer(r: &Value) -> Option<(String, Vec<String>)> {
    let st = r.get("strategy").filter(|s| !s.is_null())?;
    let mut routes: Vec<String> = st["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let place = if x["deployment"] == "self-hosted" {
                "self-hosted"
            } else {
                "hosted"
            };
            format!("{}@{place}", x["model"].as_str().unwrap())
        })
        .collect();
    routes.sort();
    routes.dedup();
    Some((st["kind"].as_str().unwrap().to_owned(), routes))
}

fn scratch(name: &str) -> PathBuf {
    cli::scratch_path("levers", name)
}

/// Writes requirements (JSON is YAML) and recommends on them, with extra args.
fn rerun(req: &Value, name: &str, extra: &[&str]) -> Value {
    let file = scratch(name);
    std::fs::write(&file, serde_json::to_string_pretty(req).unwrap()).unwrap();
    let mut args = vec!["recommend", file.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    report(&args)
}

/// The requirements with the lever moved just past `flips_at`.
fn moved(r: &Value, lever: &Value, tag: &str) -> Option<(Value, Vec<String>)> {
    let mut req = r["requirements"].clone();
    let flip = &lever["flips_at"];
    let now = &lever["now"];
    match lever["lever"].as_str().unwrap() {
        "volume" => {
            let (f, n) = (flip.as_f64().unwrap(), now.as_f64().unwrap());
            let v = f;
            let factor = v / n;
            req["volume"]["requests_per_month"] = json!(v);
            let peak = req["volume"]["peak_rps"].as_f64().unwrap();
            req["volume"]["peak_rps"] = json!(peak * factor);
        }
        "cache_hit_share" => {
            let f = flip.as_f64().unwrap();
            req["volume"]["cache_hit_share"] = json!(f);
        }
        "batch_share" => {
            let f = flip.as_f64().unwrap();
            req["volume"]["batch_share"] = json!(f);
        }
        "allow_private_cloud" => req["data"]["allow_private_cloud"] = json!(true),
        "deadline" => req["time_to_market_weeks"] = flip.clone(),
        "own_gpus" => req["self_hosting"]["gpus"] = json!("buy"),
        "price" => {
            // The chosen API route's model with its prices scaled, layered
            // over the embedded catalog.
            let model = lever["model"].as_str()?;
            let host = lever["host"].as_str()?;
            let f = flip.as_f64().unwrap();
            let mut m = report(&["catalog", "show", model, "--format", "json"]);
            for o in m["offerings"].as_array_mut().unwrap() {
                if o["host"] == host {
                    for k in ["input_per_mtok", "output_per_mtok", "cached_input_per_mtok"] {
                        if let Some(p) = o[k].as_f64() {
                            o[k] = json!(p * f);
                        }
                    }
                }
            }
            let cat = scratch(&format!("{tag}-price.json"));
            let file = json!({ "schema_version": 1, "models": [m] });
            std::fs::write(&cat, serde_json::to_string(&file).unwrap()).unwrap();
            return Some((
                req,
                vec![
                    "--catalog".into(),
                    "@embedded".into(),
                    "--catalog".into(),
                    cat.to_string_lossy().into_owned(),
                ],
            ));
        }
        _ => return None,
    }
    Some((req, Vec::new()))
}

#[test]
fn every_lever_flips_the_answer_past_its_value() {
    let files: Vec<PathBuf> = cli::requirement_examples()
        .into_iter()
        .map(PathBuf::from)
        .collect();
    let mut kinds = std::collections::BTreeSet::new();
    for f in &files {
        let r = report(&["recommend", f.to_str().unwrap(), "--format", "json"]);
        let before = answer(&r);
        for (i, lever) in r["what_would_change"]["levers"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            let tag = format!("{}-{i}", f.file_stem().unwrap().to_string_lossy());
            let Some((req, extra)) = moved(&r, lever, &tag) else {
                continue;
            };
            let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
            let after = answer(&rerun(&req, &format!("{tag}.json"), &extra));
            assert_ne!(before, after, "{}: {lever}", f.display());
            kinds.insert(lever["lever"].as_str().unwrap().to_owned());
        }
    }
    // The examples exercise every kind of lever.
    for k in [
        "volume",
        "allow_private_cloud",
        "deadline",
        "cache_hit_share",
        "batch_share",
        "price",
        "own_gpus",
    ] {
        assert!(kinds.contains(k), "no example has a `{k}` lever: {kinds:?}");
    }
}
