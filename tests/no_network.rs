//! fmselect makes no network connection, ever (SPEC §8): requirements may
//! describe confidential projects. This test keeps networking crates out of
//! the (non-dev) dependency graph, so that no code path could open a socket
//! without this list being changed on purpose.

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
];

#[test]
fn no_networking_crate_in_the_dependency_graph() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = match Command::new(&cargo)
        .args([
            "tree",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
            "--locked",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!(
                "SKIPPED no_networking_crate_in_the_dependency_graph: cannot run `{cargo}`: {e}"
            );
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cargo tree failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let crates: Vec<(&str, &str)> = stdout
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some((words.next()?, l))
        })
        .collect();
    assert!(
        crates.iter().any(|(name, _)| *name == "fmselect"),
        "cargo tree printed no graph:\n{stdout}"
    );
    assert!(
        crates.iter().any(|(name, _)| *name == "serde"),
        "cargo tree printed an unexpected graph:\n{stdout}"
    );
    let found: Vec<&str> = crates
        .iter()
        .filter(|(name, _)| NETWORKING_CRATES.contains(name))
        .map(|(_, line)| *line)
        .collect();
    assert!(
        found.is_empty(),
        "networking crates in the dependency graph (fmselect must never open a connection):\n{}",
        found.join("\n")
    );
    // tokio is allowed only without its networking feature.
    let tokio_net = Command::new(&cargo)
        .args([
            "tree",
            "-e",
            "normal,features",
            "--prefix",
            "none",
            "--offline",
            "--locked",
            "-i",
            "tokio",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    if let Ok(out) = tokio_net
        && out.status.success()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains("feature \"net\""),
            "tokio is built with its `net` feature:\n{text}"
        );
    }
}
