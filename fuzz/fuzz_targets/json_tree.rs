//! The located JSON parser (`node::parse_json`), cross-checked against
//! serde_json: a text serde_json accepts (without duplicate keys, within the
//! nesting limit) must parse, and the duplicate-key scan must agree with it.
#![no_main]

use fmselect::node::{Kind, Node, json_duplicate_key, parse_json};
use libfuzzer_sys::fuzz_target;

fn check_positions(node: &Node, lines: u32) {
    assert!(
        node.pos.line >= 1 && node.pos.line <= lines,
        "{:?}",
        node.pos
    );
    match &node.kind {
        Kind::Seq(items) => items.iter().for_each(|n| check_positions(n, lines)),
        Kind::Map(entries) => entries.iter().for_each(|(k, n)| {
            assert!(k.pos.line >= 1 && k.pos.line <= lines);
            check_positions(n, lines)
        }),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count() as u32 + 1;
    let ours = parse_json(text);
    match &ours {
        Ok(node) => check_positions(node, lines),
        Err(e) => assert!(e.pos.line >= 1 && e.pos.line <= lines, "{e:?}"),
    }
    if serde_json::from_str::<serde_json::Value>(text).is_ok() {
        let duplicate = json_duplicate_key(text);
        match (&ours, &duplicate) {
            (Ok(_), None) => {}
            (Err(e), Some(_)) if e.message.starts_with("duplicate key") => {}
            (Err(e), None) if e.limit => {}
            (ours, duplicate) => panic!(
                "serde_json accepts {text:?}; parse_json: {ours:?}; duplicate scan: {duplicate:?}"
            ),
        }
    }
});
