//! The exports against the real tools (issue 14, items 5 and 6): promptfoo
//! from npm (`tests/integration/node/package.json`) and the LiteLLM proxy
//! from PyPI (`tests/integration/python/requirements.txt`), both installed
//! by `.ci/run`. Every server binds 127.0.0.1: stub backends
//! (tests/support/stub.rs) and the proxies, which run under `timeout` so
//! they stop by themselves even if a test dies. In CI (`CI=true`) a missing
//! tool fails the test; elsewhere the test says SKIPPED and why.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
#[path = "support/stub.rs"]
mod stub;
use cli::*;
use stub::{Stub, anthropic_message, completion, http};

/// The promptfoo version `tests/integration/node/package.json` pins.
const PROMPTFOO_VERSION: &str = "0.121.20";
/// The LiteLLM version `tests/integration/python/requirements.txt` pins.
const LITELLM_VERSION: &str = "1.108.5";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A tool's executable: `$VAR`, else where `.ci/run` installs it. `None`
/// (with a SKIPPED line) when it is missing outside CI; a panic in CI.
fn tool(var: &str, default: PathBuf, what: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var).map_or(default, PathBuf::from);
    if path.is_file() {
        return Some(path);
    }
    let msg = format!(
        "{what} not found at {} — set {var}, or run .ci/run, which installs it",
        path.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}");
    }
    eprintln!("SKIPPED: {msg}");
    None
}

fn promptfoo() -> Option<PathBuf> {
    tool(
        "FMSELECT_PROMPTFOO",
        root().join("tests/integration/node/node_modules/.bin/promptfoo"),
        &format!("promptfoo {PROMPTFOO_VERSION}"),
    )
}

fn litellm() -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    tool(
        "FMSELECT_LITELLM",
        cache.join(format!(
            "fmselect/litellm-proxy-{LITELLM_VERSION}/bin/litellm"
        )),
        &format!("LiteLLM proxy {LITELLM_VERSION}"),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fmselect-int-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every variable that could carry a real credential or point a tool at
/// the network, removed from a tool's environment.
const SCRUBBED: &[&str] = &[
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_API_BASE",
    "OPENAI_API_BASE_URL",
    "OPENAI_API_HOST",
    "ANTHROPIC_API_KEY",
    "GOOGLE_API_KEY",
    "GEMINI_API_KEY",
    "VLLM_API_KEY",
    "TOGETHER_API_KEY",
    "DEEPINFRA_API_KEY",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "http_proxy",
    "https_proxy",
];

/// A command under `timeout` (it is killed after `secs`), with a clean
/// environment for credentials.
fn bounded(secs: u64, program: &Path) -> Command {
    let mut c = Command::new("timeout");
    c.args(["-k", "5", &secs.to_string()])
        .arg(program)
        .stdin(Stdio::null());
    for v in SCRUBBED {
        c.env_remove(v);
    }
    c
}

/// promptfoo with telemetry and update checks off and its state in `dir`.
fn promptfoo_cmd(bin: &Path, dir: &Path, secs: u64) -> Command {
    let mut c = bounded(secs, bin);
    c.current_dir(dir)
        .env("PROMPTFOO_DISABLE_TELEMETRY", "1")
        .env("PROMPTFOO_DISABLE_UPDATE", "1")
        .env("PROMPTFOO_DISABLE_SHARING", "1")
        .env("PROMPTFOO_CONFIG_DIR", dir.join("promptfoo-home"));
    c
}

fn run(mut c: Command) -> Output {
    c.output().expect("the tool starts")
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Writes an export to `path` (exit 0 required).
fn export_to(kind: &str, req: &str, extra: &[&str], path: &Path) {
    let p = path.to_string_lossy().into_owned();
    let mut args = vec!["export", kind, req, "-o", &p];
    args.extend_from_slice(extra);
    let o = fmselect(&args);
    assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
}

fn examples() -> Vec<String> {
    let files = cli::requirement_examples();
    assert!(files.len() >= 5, "{files:?}");
    files
}

const FIXTURE_REQ: &str = "tests/fixtures/evals/requirements.yaml";
const FIXTURE_CAT: &str = "tests/fixtures/evals/catalog.yaml";

// ---------------------------------------------------------------------------
// promptfoo

/// `promptfoo validate` accepts the export of every example and of the
/// fixture — and rejects a config with an unknown provider, so a pass means
/// something.
#[test]
fn promptfoo_validate_accepts_every_export() {
    let Some(bin) = promptfoo() else { return };
    let dir = temp_dir("pf-validate");
    let mut files: Vec<(String, Vec<&str>)> =
        examples().into_iter().map(|e| (e, Vec::new())).collect();
    files.push((FIXTURE_REQ.to_owned(), vec!["--catalog", FIXTURE_CAT]));
    let jobs: Vec<(String, PathBuf)> = files
        .iter()
        .enumerate()
        .map(|(i, (req, extra))| {
            let path = dir.join(format!("config-{i}.yaml"));
            export_to("promptfoo", req, extra, &path);
            (req.clone(), path)
        })
        .collect();
    // Three validations at a time: each is mostly node's start-up.
    for batch in jobs.chunks(3) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .iter()
                .map(|(req, path)| {
                    // One promptfoo home per job: concurrent first runs
                    // race on its database migration.
                    let home = dir.join(path.file_stem().unwrap());
                    std::fs::create_dir_all(&home).unwrap();
                    let bin = &bin;
                    scope.spawn(move || {
                        let mut c = promptfoo_cmd(bin, &home, 120);
                        c.args(["validate", "-c"]).arg(path);
                        (req, run(c))
                    })
                })
                .collect();
            for h in handles {
                let (req, o) = h.join().unwrap();
                assert_eq!(o.status.code(), Some(0), "{req}: {}", text(&o));
                assert!(
                    String::from_utf8_lossy(&o.stdout).contains("Configuration is valid"),
                    "{req}: {}",
                    text(&o)
                );
            }
        });
    }
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "providers:\n  - id: no-such-provider:model\nprompts: [\"{{input}}\"]\ntests:\n  - vars: {input: x}\n",
    )
    .unwrap();
    let mut c = promptfoo_cmd(&bin, &dir, 120);
    c.args(["validate", "-c"]).arg(&bad);
    let o = run(c);
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The fixture's export, run by the real `promptfoo eval` against a stub
/// OpenAI-compatible server, and its results read back by `recommend
/// --evals`. The data is confidential, so the rubric test is graded by the
/// self-hosted provider (never by promptfoo's default OpenAI grader), and
/// the self-hosted provider never receives `OPENAI_API_KEY`.
#[test]
fn promptfoo_eval_on_a_stub_feeds_recommend_evals() {
    let Some(bin) = promptfoo() else { return };
    let dir = temp_dir("pf-eval");
    let server = Stub::start(Duration::from_secs(180), |req| {
        let body = req.body.to_ascii_lowercase();
        let model = req.model();
        if req.path.ends_with("/messages") {
            // The Anthropic provider (beta, tied with #1 and on the plan).
            anthropic_message(&model, "Returns are accepted within 14 days.")
        } else if body.contains("rubric") {
            // promptfoo's llm-rubric grading prompt asks for this JSON.
            completion(
                &model,
                r#"{"reason": "stub grader", "pass": true, "score": 1}"#,
            )
        } else if model == "alpha-1" {
            completion(&model, "You have 30 days to return it.")
        } else {
            completion(&model, "Returns are accepted within 14 days.")
        }
    });
    let config = dir.join("promptfooconfig.yaml");
    export_to(
        "promptfoo",
        FIXTURE_REQ,
        &["--catalog", FIXTURE_CAT],
        &config,
    );
    let exported = std::fs::read_to_string(&config).unwrap();
    assert!(exported.contains("defaultTest:"), "{exported}");
    // The self-hosted placeholder → the stub; the OpenAI provider reaches
    // it through OPENAI_BASE_URL.
    std::fs::write(
        &config,
        exported.replace("http://localhost:8000/v1", &server.url),
    )
    .unwrap();
    const OPENAI_KEY: &str = "sk-fmselect-test-openai-key";
    const ANTHROPIC_KEY: &str = "sk-ant-fmselect-test-key";
    let results = dir.join("results.json");
    let mut c = promptfoo_cmd(&bin, &dir, 180);
    c.args(["eval", "-c"])
        .arg(&config)
        .arg("-o")
        .arg(&results)
        .args([
            "--no-cache",
            "--no-write",
            "--no-table",
            "--no-progress-bar",
            "-j",
            "1",
        ])
        .env("OPENAI_API_KEY", OPENAI_KEY)
        .env("OPENAI_BASE_URL", &server.url)
        // The Anthropic SDK appends /v1/messages to its base URL.
        .env("ANTHROPIC_API_KEY", ANTHROPIC_KEY)
        .env("ANTHROPIC_BASE_URL", server.url.trim_end_matches("/v1"));
    let o = run(c);
    // promptfoo exits 100 when some assertion failed (gamma's does).
    assert!(
        matches!(o.status.code(), Some(0 | 100)),
        "promptfoo eval: {}",
        text(&o)
    );

    let requests = server.requests();
    let chats: Vec<_> = requests
        .iter()
        .filter(|r| r.path.ends_with("/chat/completions"))
        .collect();
    let models: std::collections::BTreeSet<String> = chats.iter().map(|r| r.model()).collect();
    assert_eq!(
        models,
        ["alpha-1", "test-lab/Gamma-70B"].map(str::to_owned).into(),
        "only the exported providers were called (no default grader)"
    );
    let messages: std::collections::BTreeSet<String> = requests
        .iter()
        .filter(|r| r.path.ends_with("/messages"))
        .map(|r| r.model())
        .collect();
    assert_eq!(
        messages,
        ["beta-2".to_owned()].into(),
        "the Anthropic provider"
    );
    for r in requests.iter().filter(|r| r.model() != "beta-2") {
        let key = r.header("x-api-key").unwrap_or_default();
        assert!(
            !key.contains(ANTHROPIC_KEY),
            "ANTHROPIC_API_KEY sent elsewhere: {r:?}"
        );
    }
    let graded: Vec<_> = chats
        .iter()
        .filter(|r| r.body.to_ascii_lowercase().contains("rubric"))
        .collect();
    assert!(!graded.is_empty(), "the rubric test was graded");
    for r in &graded {
        assert_eq!(r.model(), "test-lab/Gamma-70B", "graded locally");
    }
    for r in chats.iter().filter(|r| r.model() == "test-lab/Gamma-70B") {
        let auth = r.header("authorization").unwrap_or_default();
        assert!(
            !auth.contains(OPENAI_KEY),
            "OPENAI_API_KEY sent to the self-hosted server: {auth}"
        );
    }

    let results = results.to_string_lossy().into_owned();
    let o = fmselect(&[
        "recommend",
        FIXTURE_REQ,
        "--catalog",
        FIXTURE_CAT,
        "--evals",
        &results,
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        report["evals"]["measurement"]["promptfoo_version"],
        PROMPTFOO_VERSION
    );
    assert_eq!(report["evals"]["measurement"]["applied"], true);
    let measured = |id: &str| {
        report["evals"]["measured"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("{id} not measured: {}", report["evals"]))
            .clone()
    };
    // alpha passes both tests; gamma misses "30 days", passes the rubric.
    assert_eq!(measured("alpha")["pass_rate"], 1.0);
    assert_eq!(measured("alpha")["tests"], 2);
    assert_eq!(measured("gamma")["pass_rate"], 0.5);
    assert_eq!(measured("beta")["pass_rate"], 0.5);
    drop(server);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------------------
// LiteLLM

/// A LiteLLM proxy on 127.0.0.1, killed when dropped (and by `timeout`
/// in any case).
struct Proxy {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Drop for Proxy {
    /// SIGTERM to `timeout`, which forwards it to litellm and exits when
    /// litellm does (a SIGKILL would end `timeout` alone and orphan the
    /// proxy); SIGKILL only if that has not worked in 20 s.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let end = Instant::now() + Duration::from_secs(20);
        while Instant::now() < end {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const MASTER_KEY: &str = "sk-fmselect-test-master";
const EXTERNAL_KEY: &str = "sk-fmselect-test-external";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_proxy(bin: &Path, config: &Path, external: &Stub) -> Proxy {
    let port = free_port();
    let log = config.with_extension("log");
    let mut c = bounded(420, bin);
    c.arg("--config")
        .arg(config)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .env("LITELLM_MASTER_KEY", MASTER_KEY)
        .env("OPENAI_API_KEY", EXTERNAL_KEY)
        // The external route (`openai/…`) reaches the stub.
        .env("OPENAI_BASE_URL", &external.url)
        // The bundled cost map instead of fetching it at start.
        .env("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        .env("LITELLM_TELEMETRY", "False")
        .env_remove("DATABASE_URL")
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::from(
            std::fs::OpenOptions::new().append(true).open(&log).unwrap(),
        ));
    Proxy {
        child: c.spawn().expect("litellm starts"),
        url: format!("http://127.0.0.1:{port}"),
        log,
    }
}

fn wait_ready(p: &mut Proxy) {
    let end = Instant::now() + Duration::from_secs(240);
    while Instant::now() < end {
        if let Ok(Some(status)) = p.child.try_wait() {
            panic!(
                "litellm exited ({status}):\n{}",
                std::fs::read_to_string(&p.log).unwrap_or_default()
            );
        }
        if http("GET", &format!("{}/health/liveliness", p.url), &[], None)
            .is_ok_and(|(s, _)| s == 200)
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    panic!(
        "litellm not ready in 240 s:\n{}",
        std::fs::read_to_string(&p.log).unwrap_or_default()
    );
}

fn chat(p: &Proxy, body: &str) -> (u16, String) {
    http(
        "POST",
        &format!("{}/v1/chat/completions", p.url),
        &[("Authorization", &format!("Bearer {MASTER_KEY}"))],
        Some(body),
    )
    .expect("the proxy answers")
}

fn model_ids(p: &Proxy) -> Vec<String> {
    let (status, body) = http(
        "GET",
        &format!("{}/v1/models", p.url),
        &[("Authorization", &format!("Bearer {MASTER_KEY}"))],
        None,
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    let mut ids: Vec<String> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

/// The marker of the sensitive request: the local stub fails it, so the
/// proxy tries the fallbacks the client put in the body.
const SECRET: &str = "CONFIDENTIAL-CUSTOMER-RECORD-4711";

/// A sensitive request whose body asks to fall back to `external`.
fn sensitive_request(external: &str) -> String {
    serde_json::json!({
        "model": "fmselect-sensitive",
        "messages": [{"role": "user", "content": format!("Summarise {SECRET}")}],
        "fallbacks": [external],
    })
    .to_string()
}

/// The fixture's blend (a self-hosted sensitive route, a public-API route)
/// exported for the real LiteLLM proxy: both configs start, `/v1/models`
/// lists the routes, each route reaches its backend, and a sensitive
/// request carrying body `fallbacks` never reaches the external backend.
/// A control run with both groups in one proxy (the former export) shows
/// that LiteLLM does follow such fallbacks — so this test can fail.
#[test]
fn litellm_proxy_keeps_sensitive_requests_local_whatever_the_client_sends() {
    let Some(bin) = litellm() else { return };
    let dir = temp_dir("litellm");
    let local = Stub::start(Duration::from_secs(440), |req| {
        if req.body.contains(SECRET) {
            stub::error(500)
        } else {
            completion(&req.model(), "from the local server")
        }
    });
    let external = Stub::start(Duration::from_secs(440), |req| {
        completion(&req.model(), "from the external API")
    });

    let main_cfg = dir.join("config.yaml");
    let sensitive_cfg = dir.join("sensitive.yaml");
    export_to(
        "litellm",
        FIXTURE_REQ,
        &["--catalog", FIXTURE_CAT],
        &main_cfg,
    );
    export_to(
        "litellm",
        FIXTURE_REQ,
        &["--catalog", FIXTURE_CAT, "--sensitive-proxy"],
        &sensitive_cfg,
    );
    let sensitive_text = std::fs::read_to_string(&sensitive_cfg)
        .unwrap()
        .replace("http://localhost:8000/v1", &local.url);
    std::fs::write(&sensitive_cfg, &sensitive_text).unwrap();
    // The control: both model lists in one proxy (JSON is YAML).
    let main_v: Value =
        serde_saphyr::from_str(&std::fs::read_to_string(&main_cfg).unwrap()).unwrap();
    let sens_v: Value = serde_saphyr::from_str(&sensitive_text).unwrap();
    let mut combined = main_v.clone();
    combined["model_list"]
        .as_array_mut()
        .unwrap()
        .extend(sens_v["model_list"].as_array().unwrap().iter().cloned());
    // The route on the public API (the fixture's `complex` route).
    let external_group = main_v["model_list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["litellm_params"]["model"]
                .as_str()
                .is_some_and(|m| m.starts_with("openai/"))
        })
        .and_then(|e| e["model_name"].as_str())
        .expect("the fixture has a route on a public API")
        .to_owned();
    let combined_cfg = dir.join("combined.yaml");
    std::fs::write(&combined_cfg, combined.to_string()).unwrap();

    let started = Instant::now();
    let mut main = start_proxy(&bin, &main_cfg, &external);
    let mut sensitive = start_proxy(&bin, &sensitive_cfg, &external);
    let mut control = start_proxy(&bin, &combined_cfg, &external);
    for p in [&mut main, &mut sensitive, &mut control] {
        wait_ready(p);
    }
    eprintln!("three LiteLLM proxies ready in {:?}", started.elapsed());

    // /v1/models lists the routes: each proxy its own, together all.
    assert_eq!(model_ids(&main), vec![external_group.clone()]);
    assert_eq!(model_ids(&sensitive), ["fmselect-sensitive"]);

    // Each route reaches its backend.
    let (status, body) = chat(
        &main,
        &serde_json::json!({
            "model": external_group,
            "messages": [{"role": "user", "content": "hello"}]
        })
        .to_string(),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("from the external API"), "{body}");
    assert!(external.requests().iter().any(|r| r.model() == "alpha-1"));
    let (status, body) = chat(
        &sensitive,
        r#"{"model": "fmselect-sensitive", "messages": [{"role": "user", "content": "hello"}]}"#,
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("from the local server"), "{body}");
    assert!(
        local
            .requests()
            .iter()
            .any(|r| r.model() == "test-lab/Gamma-70B")
    );

    // A sensitive request whose local backend fails, with body fallbacks
    // naming the external route: sent to the sensitive proxy (where it
    // belongs) and, by mistake, to the main one.
    let (status, body) = chat(&sensitive, &sensitive_request(&external_group));
    assert_ne!(status, 200, "{body}");
    assert!(
        local.requests().iter().any(|r| r.body.contains(SECRET)),
        "the sensitive request reached the local backend first"
    );
    let (status, body) = chat(&main, &sensitive_request(&external_group));
    assert_ne!(status, 200, "{body}");
    let leaked = |s: &Stub| s.requests().iter().any(|r| r.body.contains(SECRET));
    assert!(
        !leaked(&external),
        "a sensitive request reached the external backend"
    );

    // The control: one proxy with both groups follows the body fallbacks
    // to the external route.
    let (status, body) = chat(&control, &sensitive_request(&external_group));
    assert_eq!(status, 200, "{body}");
    assert!(
        leaked(&external),
        "control: LiteLLM {LITELLM_VERSION} no longer follows body fallbacks — revisit src/export/litellm.rs::Proxy"
    );
    drop((main, sensitive, control));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every row of the host table, loaded by the real promptfoo's
/// `loadApiProvider` (tests/integration/node/provider-keys.mjs; nothing is
/// sent): each id is one promptfoo knows, no provider but OpenAI's ever
/// picks up `OPENAI_API_KEY`, and each reads the key from the variable its
/// `apiKeyEnvar` names.
#[test]
fn promptfoo_reads_each_providers_key_from_the_variable_it_names() {
    if promptfoo().is_none() {
        return;
    }
    let node_dir = root().join("tests/integration/node");
    let dir = temp_dir("pf-keys");
    let mut config = String::from("providers:\n");
    let mut env_names = std::collections::BTreeSet::new();
    for (host, _, _) in fmselect::export::promptfoo::HOSTS {
        let cases: &[(&str, &str)] = match *host {
            "google-vertex" => &[
                ("vertex-claude", "claude-sonnet-4-6"),
                ("vertex-gemini", "gemini-3-flash-preview"),
                ("vertex-llama", "meta/llama-4-scout-17b-16e-instruct-maas"),
                ("vertex-deepseek", "deepseek-ai/deepseek-v3.2-maas"),
            ],
            "anthropic" => &[("anthropic", "claude-sonnet-4-6")],
            "alibaba" => &[("alibaba", "qwen3-max")],
            "azure" => &[("azure", "gpt-4o")],
            h => &[(h, "test-model")],
        };
        for (label, api_id) in cases {
            let item = fmselect::export::promptfoo::provider_item(host, api_id, label).unwrap();
            config.push_str(&item);
        }
    }
    config.push_str(&fmselect::export::promptfoo::self_hosted_item(
        "test-lab/Gamma-70B",
        "self-hosted",
    ));
    let parsed: Value = serde_saphyr::from_str(&config).unwrap();
    for p in parsed["providers"].as_array().unwrap() {
        if let Some(env) = p["config"]["apiKeyEnvar"].as_str() {
            env_names.insert(env.to_owned());
        }
    }
    let path = dir.join("providers.yaml");
    std::fs::write(&path, &config).unwrap();
    const OPENAI_KEY: &str = "sk-fmselect-test-openai-key";
    let probe = |named_keys_set: bool| -> Vec<Value> {
        let mut c = bounded(120, Path::new("node"));
        c.current_dir(&node_dir)
            .arg("provider-keys.mjs")
            .arg(&path)
            .env("PROMPTFOO_DISABLE_TELEMETRY", "1")
            .env("PROMPTFOO_DISABLE_UPDATE", "1")
            .env("PROMPTFOO_CONFIG_DIR", dir.join("promptfoo-home"))
            .env("OPENAI_API_KEY", OPENAI_KEY);
        if named_keys_set {
            for e in &env_names {
                if e != "OPENAI_API_KEY" {
                    c.env(e, format!("key-from-{e}"));
                }
            }
            c.env("VERTEX_REGION", "europe-west4")
                .env("VERTEX_PROJECT_ID", "my-project");
        }
        let o = run(c);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    };
    let unset = probe(false);
    let set = probe(true);
    let expected = parsed["providers"].as_array().unwrap();
    assert_eq!(unset.len(), expected.len(), "{unset:?}");
    for ((p, without), with) in expected.iter().zip(&unset).zip(&set) {
        let label = p["label"].as_str().unwrap();
        assert!(without.get("error").is_none(), "{label}: {without}");
        if label != "openai" {
            assert_ne!(
                without["key"], OPENAI_KEY,
                "{label}: promptfoo would send OPENAI_API_KEY to this host"
            );
        }
        if let Some(env) = p["config"]["apiKeyEnvar"].as_str()
            && env != "OPENAI_API_KEY"
            && !with["key"].is_null()
        {
            assert_eq!(
                with["key"],
                format!("key-from-{env}"),
                "{label}: the key does not come from {env}"
            );
        }
    }
    // The check above is not vacuous: these read their named variable.
    let checked = set
        .iter()
        .filter(|r| {
            r["key"]
                .as_str()
                .is_some_and(|k| k.starts_with("key-from-"))
        })
        .count();
    assert!(
        checked >= 14,
        "{checked} providers read their named key: {set:?}"
    );
    let find = |label: &str| set.iter().find(|r| r["label"] == label).unwrap().clone();
    assert_eq!(find("vertex-claude")["class"], "VertexChatProvider");
    assert_eq!(find("vertex-llama")["class"], "VertexChatProvider");
    let deepseek = find("vertex-deepseek");
    assert_eq!(deepseek["class"], "OpenAiChatCompletionProvider");
    assert_eq!(
        deepseek["url"],
        "https://europe-west4-aiplatform.googleapis.com/v1beta1/projects/my-project/locations/europe-west4/endpoints/openapi"
    );
    assert_eq!(find("together")["url"], "https://api.together.xyz/v1");
    std::fs::remove_dir_all(&dir).unwrap();
}
