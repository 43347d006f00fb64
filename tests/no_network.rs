//! fmselect makes no network connection, ever (SPEC §8): requirements may
//! describe confidential projects. This test reads the (non-dev) dependency
//! graph with the features cargo enables in it (`cargo tree -e normal -f
//! '{p}|{f}'`) and keeps networking out of it: no networking crate, no
//! networking feature of any crate, and the async stack that `fmselect mcp`
//! needs (tokio, tokio-util, rmcp) only with the features on an allowlist.
//! So no code path could open a socket without this test being changed on
//! purpose.

use std::collections::BTreeMap;
use std::process::Command;

/// Crates that speak to the network (HTTP clients and servers, TLS, raw
/// sockets, async runtimes' networking).
const NETWORKING_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "ureq",
    "curl",
    "curl-sys",
    "socket2",
    "native-tls",
    "rustls",
    "openssl",
    "openssl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "h2",
    "mio",
    "tokio-tungstenite",
    "tungstenite",
    "sse-stream",
    "oauth2",
];

/// The only features these crates may have enabled. tokio: a single-threaded
/// runtime, its timers, and standard input/output (no `net`, `process`,
/// `signal`, `fs` or `full`); rmcp: the server over a generic async
/// reader/writer (no `transport-io`, which enables tokio's `net`, and no
/// HTTP transport, client or auth).
const ALLOWED_FEATURES: &[(&str, &[&str])] = &[
    (
        "tokio",
        &[
            "bytes",
            "default",
            "io-std",
            "io-util",
            "macros",
            "rt",
            "sync",
            "time",
            "tokio-macros",
        ],
    ),
    ("tokio-util", &["codec", "default", "libc"]),
    (
        "rmcp",
        &["schemars", "server", "transport-async-rw", "uuid"],
    ),
];

/// Whether a feature name says networking (`net`, `http2`, `tls`,
/// `transport-streamable-http-server`, ...), in any crate.
fn networking_feature(feature: &str) -> bool {
    const WORDS: &[&str] = &[
        "net",
        "http",
        "http1",
        "http2",
        "http3",
        "https",
        "tcp",
        "udp",
        "socket",
        "sockets",
        "tls",
        "rustls",
        "reqwest",
        "hyper",
        "sse",
        "websocket",
        "ws",
        "quic",
        "dns",
    ];
    feature
        .split(['-', '_', '/'])
        .any(|w| WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// Runs cargo in the package root; `None` (skip) only outside CI when cargo
/// cannot be started.
fn cargo(args: &[&str]) -> Option<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = match Command::new(&cargo)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        Ok(out) => out,
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("cannot run `{cargo}` under CI: {e}")
        }
        Err(e) => {
            eprintln!("SKIPPED the dependency-graph network check: cannot run `{cargo}`: {e}");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "cargo {} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Every package of the normal dependency graph (of this platform) with
/// the union of its enabled features.
fn graph() -> Option<BTreeMap<String, Vec<String>>> {
    let text = cargo(&[
        "tree",
        "-e",
        "normal",
        "--prefix",
        "none",
        "--format",
        "{p}|{f}",
        "--offline",
        "--locked",
    ])?;
    let mut crates: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim_end_matches(" (*)");
        let Some((package, features)) = line.split_once('|') else {
            continue;
        };
        let Some(name) = package.split_whitespace().next() else {
            continue;
        };
        let entry = crates.entry(name.to_owned()).or_default();
        for f in features.split(',').filter(|f| !f.is_empty()) {
            if !entry.iter().any(|e| e == f) {
                entry.push(f.to_owned());
            }
        }
    }
    Some(crates)
}

#[test]
fn no_networking_crate_or_feature_in_the_dependency_graph() {
    let Some(crates) = graph() else {
        return;
    };
    // The parse must have seen a real graph, features included.
    assert!(crates.contains_key("fmselect"), "no graph: {crates:?}");
    assert!(
        crates
            .get("serde")
            .is_some_and(|f| f.iter().any(|f| f == "derive")),
        "cargo tree printed no features: {crates:?}"
    );
    assert!(
        crates
            .get("tokio")
            .is_some_and(|f| f.iter().any(|f| f == "rt")),
        "tokio (for `fmselect mcp`) is not in the graph with its features: {crates:?}"
    );

    let found: Vec<&String> = crates
        .keys()
        .filter(|name| NETWORKING_CRATES.contains(&name.as_str()))
        .collect();
    assert!(
        found.is_empty(),
        "networking crates in the dependency graph (fmselect must never open a connection): {found:?}"
    );

    let mut problems = Vec::new();
    for (name, features) in &crates {
        for f in features {
            if networking_feature(f) {
                problems.push(format!("{name} has the networking feature `{f}`"));
            }
        }
        if let Some((_, allowed)) = ALLOWED_FEATURES.iter().find(|(n, _)| n == name) {
            for f in features {
                if !allowed.contains(&f.as_str()) {
                    problems.push(format!(
                        "{name} has the feature `{f}`, which is not on the allowlist"
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the dependency graph enables features fmselect must not have:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_feature_check_recognises_networking_features() {
    for f in [
        "net",
        "http2",
        "rustls",
        "native-tls",
        "transport-streamable-http-server",
        "client-side-sse",
        "reqwest",
    ] {
        assert!(networking_feature(f), "{f}");
    }
    for f in [
        "rt",
        "io-std",
        "io-util",
        "transport-async-rw",
        "server",
        "std",
    ] {
        assert!(!networking_feature(f), "{f}");
    }
}
