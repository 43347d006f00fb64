//! The located YAML tree (`node::parse_yaml` with fmselect's budgets), and
//! the forgiving deserializer over it.
#![no_main]

use fmselect::node::{Kind, Node, Seg, parse_yaml};
use libfuzzer_sys::fuzz_target;

fn walk(node: &Node, root: &Node, path: &mut Vec<Seg>) {
    // Every path into the tree locates without panicking.
    let _ = root.locate(path, false);
    let _ = root.locate(path, true);
    match &node.kind {
        Kind::Seq(items) => {
            for (i, n) in items.iter().enumerate().take(8) {
                path.push(Seg::Index(i));
                walk(n, root, path);
                path.pop();
            }
        }
        Kind::Map(entries) => {
            for (k, n) in entries.iter().take(8) {
                path.push(Seg::Key(k.name.clone().into()));
                walk(n, root, path);
                path.pop();
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(tree) = parse_yaml(text) {
        walk(&tree, &tree, &mut Vec::new());
        let _ = fmselect::de::from_node::<fmselect::requirements::Requirements>(&tree);
        let _ = fmselect::de::from_node::<fmselect::catalog::CatalogFile>(&tree);
        let _ = fmselect::de::from_node::<fmselect::rules::RulesFile>(&tree);
    }
});
