//! Unit tests of the MCP adapter: documents to requirements, located errors, each tool.

use super::*;

fn server() -> Server {
    Server::load(&McpOptions::default()).unwrap()
}

/// The JSON of the requirements example, as a client would send it.
fn example() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/requirements/examples/knowledge-assistant.yaml"
    );
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The error diagnostics of a failed call, as (code, path).
fn errors(result: &CallToolResult) -> Vec<(String, String)> {
    assert_eq!(result.is_error, Some(true), "{result:?}");
    let data = result.structured_content.as_ref().unwrap();
    data["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn text(result: &CallToolResult, i: usize) -> &str {
    &result.content[i].as_text().unwrap().text
}

fn call(s: &Server, tool: &str, args: Value) -> CallToolResult {
    s.call(tool, args).expect("the tool exists")
}

#[test]
fn a_json_document_reads_as_the_yaml_file_does() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/requirements/examples/knowledge-assistant.yaml"
    );
    let (from_file, _) = crate::requirements::load(&Source::read(path).unwrap()).unwrap();
    let (from_json, warnings, _) = requirements(&example()).unwrap();
    assert_eq!(from_json, from_file);
    assert!(warnings.is_empty(), "{warnings:?}");
    // And back: the typed requirements, serialised, read the same again.
    let round = serde_json::to_value(&from_file).unwrap();
    assert_eq!(requirements(&round).unwrap().0, from_file);
}

#[test]
fn shape_errors_are_located_by_their_path_in_the_arguments() {
    let s = server();
    let mut doc = example();
    let volume = doc.as_object_mut().unwrap().remove("volume").unwrap();
    doc["volumes"] = volume;
    doc["constraints"] = json!({"models": {"allow": ["gpt-5.2", {"id": 7}]}});
    doc["latency"] = json!({"class": "interactiv"});
    let r = call(&s, "recommend", json!({ "requirements": doc }));
    let mut got = errors(&r);
    got.sort();
    assert_eq!(
        got,
        [
            ("unknown-key".into(), "requirements.volumes".into()),
            ("unknown-value".into(), "requirements.latency.class".into()),
            (
                "wrong-type".into(),
                "requirements.constraints.models.allow[1]".into()
            ),
        ]
    );
    let message = text(&r, 0);
    assert!(
        message.contains("  --> requirements.volumes\n"),
        "{message}"
    );
    assert!(message.contains("did you mean `volume`?"), "{message}");
    assert!(message.contains("3 errors"), "{message}");
    // No line numbers of the server's own rendering of the document.
    assert!(!message.contains(" | "), "{message}");
}

#[test]
fn semantic_errors_are_located_too() {
    let s = server();
    let mut doc = example();
    doc["volume"]["requests_per_month"] = json!(-5);
    doc["task"].as_object_mut().unwrap().remove("type");
    let r = call(&s, "recommend", json!({ "requirements": doc }));
    let got = errors(&r);
    assert!(
        got.contains(&(
            "out-of-range".into(),
            "requirements.volume.requests_per_month".into()
        )),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(code, path)| code == "missing-key" && path.starts_with("requirements.task")),
        "{got:?}"
    );
}

#[test]
fn bad_arguments_are_tool_errors_too() {
    let s = server();
    let r = call(
        &s,
        "recommend",
        json!({ "requirements": example(), "topp": 3 }),
    );
    assert_eq!(errors(&r), [("unknown-key".into(), "topp".into())]);
    let r = call(&s, "recommend", json!({ "top": 3 }));
    assert_eq!(errors(&r), [("missing-key".into(), "arguments".into())]);
    assert!(text(&r, 0).contains("requirements"), "{}", text(&r, 0));
    let r = call(&s, "recommend", json!({ "requirements": "task: chat" }));
    assert_eq!(errors(&r)[0].1, "requirements");
    let r = call(&s, "catalog_search", json!({ "weights": "opn" }));
    assert_eq!(errors(&r), [("unknown-value".into(), "weights".into())]);
    assert!(s.call("no_such_tool", json!({})).is_none());
}

#[test]
fn documents_past_the_size_limit_are_refused() {
    let s = server();
    let mut doc = example();
    doc["description"] = json!("x".repeat(MAX_ARGUMENTS_BYTES));
    let r = call(&s, "recommend", json!({ "requirements": doc }));
    assert_eq!(errors(&r), [("file-too-large".into(), "arguments".into())]);
}

#[test]
fn recommend_returns_the_cli_report_and_a_summary() {
    let s = server();
    let r = call(
        &s,
        "recommend",
        json!({ "requirements": example(), "top": 2 }),
    );
    assert_eq!(r.is_error, Some(false), "{r:?}");
    let report = r.structured_content.as_ref().unwrap();
    assert_eq!(report["candidates"].as_array().unwrap().len(), 2);
    assert_eq!(serde_json::from_str::<Value>(text(&r, 1)).unwrap(), *report);
    let kind = report["strategy"]["kind"].as_str().unwrap();
    assert!(
        text(&r, 0).starts_with(&format!("Strategy: {kind} — ")),
        "{}",
        text(&r, 0)
    );
}

#[test]
fn explain_exclusion_gives_the_reasons_or_the_rank() {
    let s = server();
    let report = call(&s, "recommend", json!({ "requirements": example() }));
    let report = report.structured_content.unwrap();
    let excluded = &report["excluded"][0];
    let id = excluded["id"].as_str().unwrap();
    let r = call(
        &s,
        "explain_exclusion",
        json!({ "requirements": example(), "model": id }),
    );
    let got = r.structured_content.as_ref().unwrap();
    assert_eq!(got["excluded"], true);
    assert_eq!(got["reasons"], excluded["reasons"]);
    let first = report["candidates"][0]["id"].as_str().unwrap();
    let r = call(
        &s,
        "explain_exclusion",
        json!({ "requirements": example(), "model": first }),
    );
    let got = r.structured_content.as_ref().unwrap();
    assert_eq!(
        (got["excluded"].clone(), got["rank"].clone()),
        (json!(false), json!(1))
    );
    let r = call(
        &s,
        "explain_exclusion",
        json!({ "requirements": example(), "model": "no-such-model" }),
    );
    assert_eq!(errors(&r), [("unknown-reference".into(), "model".into())]);
}

#[test]
fn catalog_tools_and_resources() {
    let s = server();
    let r = call(&s, "catalog_show", json!({ "model": "gpt-5.2" }));
    let model = r.structured_content.as_ref().unwrap();
    assert_eq!(model["id"], "gpt-5.2");
    assert!(!model["sources"].as_array().unwrap().is_empty());
    let r = call(&s, "catalog_show", json!({ "model": "gpt-5.3-nope" }));
    assert_eq!(errors(&r), [("unknown-reference".into(), "model".into())]);
    let r = call(&s, "catalog_search", json!({ "deployment": "self-hosted" }));
    let models = r.structured_content.as_ref().unwrap()["models"]
        .as_array()
        .unwrap();
    assert!(!models.is_empty());
    let ids: Vec<&str> = models.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(
        text(&r, 0),
        format!(
            "{} of {} models match (embedded, as of {}): {}\n",
            ids.len(),
            s.catalog.models.len(),
            s.catalog.as_of.as_deref().unwrap(),
            ids.join(", ")
        )
    );
    for m in models {
        assert!(
            m["offerings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["kind"] == "self-hosted")
        );
    }
    let catalog: Value = serde_json::from_str(&s.resource(CATALOG_URI).unwrap()).unwrap();
    assert_eq!(
        catalog["models"].as_array().unwrap().len(),
        s.catalog.models.len()
    );
    assert_eq!(catalog["as_of"].as_str(), s.catalog.as_of.as_deref());
    assert_eq!(
        s.resource(REQUIREMENTS_SCHEMA_URI).unwrap(),
        crate::schema::schema(crate::schema::Document::Requirements)
    );
    assert!(s.resource("fmselect://nothing").is_none());
}

#[test]
fn compare_reads_no_file_named_in_a_scenario() {
    let s = server();
    let scenario = json!({
        "requirements_file": "/etc/passwd",
        "options": [],
    });
    let r = call(&s, "compare", json!({ "scenario": scenario }));
    assert_eq!(
        errors(&r),
        [("invalid-value".into(), "scenario.requirements_file".into())]
    );
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/requirements/examples/seed-scenario.yaml"
    );
    let mut scenario: Value =
        serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(
        scenario.get("requirements").is_some(),
        "the seed scenario is inline"
    );
    let r = call(&s, "compare", json!({ "scenario": scenario.clone() }));
    assert_eq!(r.is_error, Some(false), "{r:?}");
    scenario["options"][0]["setup_usd"] = json!("a lot");
    let r = call(&s, "compare", json!({ "scenario": scenario }));
    assert_eq!(
        errors(&r),
        [("wrong-type".into(), "scenario.options[0].setup_usd".into())]
    );
}

#[test]
fn every_tool_has_an_object_schema_from_the_file_types() {
    let tools = tools();
    assert_eq!(tools.len(), 5);
    for t in &tools {
        assert_eq!(t.input_schema["type"], "object", "{}", t.name);
    }
    let recommend = &tools[0].input_schema;
    assert_eq!(recommend["required"], json!(["requirements"]));
    let defs = recommend["$defs"].as_object().unwrap();
    assert!(defs.contains_key("Requirements"), "{:?}", defs.keys());
}
