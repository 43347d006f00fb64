//! `fmselect mcp` driven by the official MCP TypeScript SDK client
//! (`@modelcontextprotocol/sdk` from npm, pinned in tests/mcp/package.json):
//! initialize, tools/list, resources, tools/call on the knowledge-assistant
//! example (its strategy and monthly cost must equal the CLI's JSON report),
//! a malformed document (a tool error naming the bad key), further calls on
//! the same server, and a clean exit when standard input closes.
//!
//! Needs node and `npm ci` in tests/mcp (`.ci/run` does both). Under CI
//! (`CI=true`) a missing client fails the test; elsewhere it is skipped
//! with a message saying how to install it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::*;

const EXAMPLE: &str = "requirements/examples/knowledge-assistant.yaml";

fn client_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp")
}

/// Whether the official client can run here; `Err` says why not.
fn client_available() -> Result<(), String> {
    let sdk = client_dir().join("node_modules/@modelcontextprotocol/sdk/package.json");
    if !sdk.exists() {
        return Err(format!(
            "{} is missing: run `npm ci` in tests/mcp",
            sdk.display()
        ));
    }
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!("`node --version` failed: {}", stderr(&o))),
        Err(e) => Err(format!("node is not installed: {e}")),
    }
}

/// Runs `node client.mjs` with a time limit, returning its JSON output.
fn run_client(requirements: &Path) -> Value {
    let mut child = Command::new("node")
        .arg(client_dir().join("client.mjs"))
        .arg(env!("CARGO_BIN_EXE_fmselect"))
        .arg(requirements)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .env_remove("FMSELECT_CATALOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    // Drain both pipes on threads so a chatty child cannot block on them.
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let limit = Duration::from_secs(120);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for node") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the MCP client ran over {limit:?}; stderr:\n{}",
                err.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    assert!(
        status.success(),
        "the MCP client failed ({status}):\n{stderr}\n{stdout}"
    );
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("the client printed no JSON ({e}):\n{stdout}\n{stderr}"))
}

#[test]
fn the_official_mcp_client_drives_the_server() {
    if let Err(why) = client_available() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("the MCP integration test cannot run under CI: {why}");
        }
        eprintln!("SKIPPED the_official_mcp_client_drives_the_server: {why}");
        return;
    }

    // The example's own content, as the JSON an assistant would send.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let yaml = std::fs::read_to_string(root.join(EXAMPLE)).unwrap();
    let document: Value = serde_saphyr::from_str(&yaml).unwrap();
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fmselect-mcp-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_string(&document).unwrap()).unwrap();
    let out = run_client(&file);
    let _ = std::fs::remove_file(&file);

    // initialize: the server names itself and offers tools and resources.
    assert_eq!(text(&out, "server.name"), "fmselect");
    assert_eq!(
        text(&out, "server.version"),
        env!("CARGO_PKG_VERSION"),
        "{out:#}"
    );
    assert!(at(&out, "capabilities").get("tools").is_some(), "{out:#}");
    assert!(at(&out, "capabilities").get("resources").is_some());

    // tools/list: the five tools, each with an object schema.
    let tools = array(&out, "tools");
    let names: Vec<&str> = tools.iter().map(|t| text(t, "name")).collect();
    assert_eq!(
        names,
        [
            "recommend",
            "compare",
            "catalog_search",
            "catalog_show",
            "explain_exclusion"
        ]
    );
    for t in tools {
        assert_eq!(text(t, "schema_type"), "object", "{t}");
    }
    let props = |name: &str| -> Vec<String> {
        let t = tools.iter().find(|t| text(t, "name") == name).unwrap();
        array(t, "properties")
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(props("recommend"), ["requirements", "top"]);
    assert_eq!(props("explain_exclusion"), ["requirements", "model"]);
    assert!(props("catalog_search").contains(&"min_context".to_owned()));

    // Resources: the catalog and the requirements schema.
    let uris: Vec<&str> = array(&out, "resources")
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert!(uris.contains(&"fmselect://catalog"), "{uris:?}");
    assert!(uris.contains(&"fmselect://schema/requirements"));
    assert_eq!(
        text(&out, "requirements_schema_title"),
        "fmselect requirements (schema_version 1)"
    );

    // tools/call recommend: the CLI's JSON report.
    let cli = fmselect(&["recommend", EXAMPLE, "--format", "json"]);
    assert_eq!(code(&cli), 0, "{}", stderr(&cli));
    let report: Value = serde_json::from_str(&stdout(&cli)).unwrap();
    let rec = at(&out, "recommend");
    assert_eq!(at(rec, "is_error"), false, "{rec:#}");
    let served = at(rec, "structured");
    assert_eq!(
        text(served, "strategy.kind"),
        text(&report, "strategy.kind")
    );
    assert_eq!(
        num(served, "strategy.monthly_cost_usd"),
        num(&report, "strategy.monthly_cost_usd")
    );
    // The whole report, byte for byte, is the second text block.
    assert_eq!(text(rec, "texts.1"), stdout(&cli));
    let summary = text(rec, "texts.0");
    assert!(
        summary.starts_with(&format!("Strategy: {}", text(&report, "strategy.kind"))),
        "{summary}"
    );

    // The wire transcript: two requests, their responses.
    let transcript = array(&out, "transcript");
    assert_eq!(transcript.len(), 4, "{transcript:?}");
    assert_eq!(text(&transcript[0], "message.method"), "tools/call");
    assert_eq!(
        at(
            &transcript[1],
            "message.result.structuredContent.strategy.kind"
        ),
        at(&report, "strategy.kind")
    );
    assert_eq!(at(&transcript[3], "message.result.isError"), true);

    // A malformed document: a tool error naming the bad key, located by path.
    let bad = at(&out, "malformed");
    assert_eq!(at(bad, "is_error"), true, "{bad:#}");
    let message = text(bad, "texts.0");
    assert!(
        message.contains("error[unknown-key]: unknown key `volumes`"),
        "{message}"
    );
    assert!(message.contains("--> requirements.volumes"), "{message}");
    assert!(message.contains("did you mean `volume`?"), "{message}");
    assert_eq!(
        text(bad, "structured.diagnostics.0.path"),
        "requirements.volumes"
    );

    // The server keeps serving: further calls succeed.
    let after = at(&out, "after");
    assert_eq!(at(after, "is_error"), false, "{after:#}");
    assert_eq!(text(after, "structured.model"), "gpt-5.2");
    let search = at(&out, "search");
    assert_eq!(at(search, "is_error"), false, "{search:#}");
    let models = array(search, "structured.models");
    assert!(!models.is_empty());
    for m in models {
        assert_eq!(text(m, "weights"), "open", "{m}");
        assert!(num(m, "context_window") >= 100_000.0, "{m}");
    }

    // Standard input closed: the server exits 0 by itself (no signal was
    // sent), promptly (it drains for at most 5 s; 10 s allows a busy host).
    assert_eq!(at(&out, "shutdown.code"), 0, "{out:#}");
    assert_eq!(at(&out, "shutdown.signal"), &Value::Null);
    assert!(num(&out, "shutdown.ms") < 10_000.0, "{out:#}");
    assert_eq!(text(&out, "stderr"), "", "the server wrote to stderr");
}

/// Without the client too: a server whose input closes before anything was
/// said exits 0 at once, and unusable catalog files stop it before it serves.
#[test]
fn the_server_starts_and_stops_cleanly() {
    let o = fmselect(&["mcp"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "");

    let o = fmselect(&["mcp", "--catalog", "no-such-catalog.yaml"]);
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), "", "nothing on the protocol channel");
    assert!(
        stderr(&o).contains("error[file-not-found]"),
        "{}",
        stderr(&o)
    );
    let o = fmselect(&["mcp", "--rules", "no-such-rules.yaml"]);
    assert_eq!((code(&o), stdout(&o).as_str()), (1, ""), "{}", stderr(&o));
}

/// The initialize request and notification of a raw session.
const HELLO: [&str; 2] = [
    r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}"#,
    r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
];

/// Runs `fmselect mcp ARGS` with raw JSON-RPC `lines` on its standard input,
/// then closes it; the server must exit 0 within a minute. Returns every
/// line it wrote to stdout, parsed.
fn raw_session(args: &[&str], env: &[(&str, &str)], lines: &[&str]) -> Vec<Value> {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_fmselect"))
        .arg("mcp")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("FMSELECT_CATALOG")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    {
        let mut stdin = child.stdin.take().unwrap();
        for l in HELLO.iter().chain(lines) {
            writeln!(stdin, "{l}").unwrap();
        }
    } // closes standard input
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the server did not exit within 60 s of its input closing");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{status}\n{out}\n{err}");
    let replies: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON-RPC ({e}): {l}")))
        .collect();
    assert_eq!(
        text(reply(&replies, 1), "result.serverInfo.name"),
        "fmselect"
    );
    replies
}

fn reply(replies: &[Value], id: u64) -> &Value {
    replies
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no reply to request {id}: {replies:?}"))
}

/// Raw JSON-RPC lines, no SDK: garbage, an unknown tool and a wrong-typed
/// document are each answered (or ignored) and the server goes on serving.
#[test]
fn the_server_survives_bad_messages() {
    let replies = raw_session(
        &[],
        &[],
        &[
            "this is not JSON",
            r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}"#,
            r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"recommend","arguments":{"requirements":{"task":{"type":"chat"},"volume":{"requests_per_month":"lots"}}}}}"#,
            r#"{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"fmselect://nothing"}}"#,
            r#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"catalog_show","arguments":{"model":"gpt-5.2"}}}"#,
        ],
    );
    // An unknown tool is a protocol error (invalid params), not a crash.
    assert_eq!(num(reply(&replies, 2), "error.code"), -32602.0);
    // A wrong type is a tool error naming its path.
    let wrong = reply(&replies, 3);
    assert_eq!(at(wrong, "result.isError"), true);
    assert_eq!(
        text(wrong, "result.structuredContent.diagnostics.0.path"),
        "requirements.volume.requests_per_month"
    );
    assert!(reply(&replies, 4).get("error").is_some());
    let show = reply(&replies, 5);
    assert_eq!(at(show, "result.isError"), false);
    assert_eq!(text(show, "result.structuredContent.id"), "gpt-5.2");
    // Nothing but replies on stdout: 5 requests, 5 replies.
    assert_eq!(replies.len(), 5, "{replies:?}");
}

/// `--catalog` and `FMSELECT_CATALOG` choose the catalog when the server
/// starts, as in the CLI.
#[test]
fn the_catalog_is_chosen_at_start() {
    const FILE: &str = "tests/fixtures/evals/unmapped-hosts-catalog.yaml";
    let read = [
        r#"{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"fmselect://catalog"}}"#,
    ];
    let sources = |replies: &[Value]| {
        let catalog: Value =
            serde_json::from_str(text(reply(replies, 2), "result.contents.0.text")).unwrap();
        at(&catalog, "sources").clone()
    };
    let by_flag = raw_session(&["--catalog", FILE], &[], &read);
    assert_eq!(sources(&by_flag), serde_json::json!([FILE]));
    let by_env = raw_session(&[], &[("FMSELECT_CATALOG", FILE)], &read);
    assert_eq!(sources(&by_env), serde_json::json!([FILE]));
    let embedded = raw_session(&[], &[], &read);
    assert_eq!(sources(&embedded), serde_json::json!(["embedded"]));
}
