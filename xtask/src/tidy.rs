//! Tidy checks over the sources, run as tests (`cargo xtask test` runs them).
//!
//! Layering inside a crate: no file imports a file that imports it back, except two files
//! of the same top-level module (`push/axum_adapter/*.rs` may refer to each other). Imports
//! are read from `crate::...` and `super::...` paths, comments excluded; a path resolves to
//! the deepest module that has its own file.

use crate::codegen::{module_segments, rs_files};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The crates whose files are checked.
pub const CRATES: &[&str] = &[
    "wx-core",
    "wx-push",
    "wx-api",
    "wx-codegen",
    "wx-sandbox",
    "xtask",
];

type ModPath = Vec<String>;

/// Text without `//` comments (doc links are not imports).
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `prefix::a::b` path in `text` (identifier segments after the prefix), with the
/// number of leading `super::` when `prefix` is `super`.
fn paths_after(text: &str, prefix: &str) -> Vec<(usize, ModPath)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text[from..].find(prefix).map(|p| p + from) {
        from = pos + prefix.len();
        let boundary = pos == 0
            || !(bytes[pos - 1].is_ascii_alphanumeric()
                || bytes[pos - 1] == b'_'
                || bytes[pos - 1] == b':');
        if !boundary {
            continue;
        }
        let mut rest = &text[pos..];
        let mut supers = 0;
        if prefix == "super" {
            while let Some(r) = rest.strip_prefix("super::") {
                supers += 1;
                rest = r;
            }
        } else {
            rest = &rest[prefix.len()..];
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => continue,
            }
        }
        let mut segments = ModPath::new();
        for seg in rest.split("::") {
            let ident: String = seg
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if ident.is_empty() {
                break;
            }
            let whole = ident.len() == seg.len();
            segments.push(ident);
            if !whole {
                break;
            }
        }
        if prefix == "crate" || supers > 0 {
            out.push((supers, segments));
        }
    }
    out
}

/// Pairs of files of one crate that import each other across top-level modules.
pub fn mutual_imports(crate_dir: &Path) -> Result<Vec<String>, String> {
    let src = crate_dir.join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files)?;
    let modules: BTreeMap<ModPath, PathBuf> = files
        .iter()
        .map(|f| (module_segments(&src, f), f.clone()))
        .collect();
    let resolve = |path: &[String]| -> ModPath {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| modules.contains_key(p))
            .unwrap_or_default()
    };
    let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (module, file) in &modules {
        let text =
            fs::read_to_string(file).map_err(|e| format!("reading {}: {e}", file.display()))?;
        let text = strip_comments(&text);
        let targets = edges.entry(module.clone()).or_default();
        for (_, path) in paths_after(&text, "crate") {
            targets.insert(resolve(&path));
        }
        for (supers, path) in paths_after(&text, "super") {
            let keep = module.len().saturating_sub(supers);
            let mut full = module[..keep].to_vec();
            full.extend(path);
            targets.insert(resolve(&full));
        }
    }
    let mut found = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            let back = edges.get(b).is_some_and(|t| t.contains(a));
            if a < b && back && !a.is_empty() && !b.is_empty() && a[0] != b[0] {
                found.push(format!("{} <-> {}", a.join("::"), b.join("::")));
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_imports_a_file_that_imports_it_back() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut found = Vec::new();
        for krate in CRATES {
            let dir = root.join(krate);
            assert!(dir.join("src").is_dir(), "{krate}/src missing");
            found.extend(
                mutual_imports(&dir)
                    .unwrap()
                    .into_iter()
                    .map(|p| format!("{krate}: {p}")),
            );
        }
        assert!(
            found.is_empty(),
            "mutual imports across modules: {found:#?}"
        );
    }

    #[test]
    fn the_check_sees_a_cycle() {
        let dir = std::env::temp_dir().join(format!("wx-tidy-{}", std::process::id()));
        let src = dir.join("src");
        fs::create_dir_all(src.join("c")).unwrap();
        fs::write(src.join("lib.rs"), "mod a; mod b; mod c;").unwrap();
        fs::write(
            src.join("a.rs"),
            "use crate::b::Thing; // crate::c::x in a comment",
        )
        .unwrap();
        fs::write(src.join("b.rs"), "fn f() { super::a::g() }").unwrap();
        fs::write(src.join("c/mod.rs"), "mod d; use self::d::X;").unwrap();
        fs::write(src.join("c/d.rs"), "use super::Y;").unwrap();
        let found = mutual_imports(&dir).unwrap();
        let _ = fs::remove_dir_all(&dir);
        // a <-> b is reported; c <-> c::d (one module) and the comment are not.
        assert_eq!(found, vec!["a <-> b".to_owned()]);
    }
}
