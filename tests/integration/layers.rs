//! The core's layers point one way (issue #12): every `.rs` file of the library under `src/`
//! is read, its `#[cfg(test)]` items left out, and each reference to another top-level module
//! (`crate::x`, `use crate::{x, …}`, `super::…` reaching the crate root) is an edge. The graph
//! must have no cycle, and every edge must be in [`ALLOWED`], the layering the modules'
//! doc comments and the README describe.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// What each top-level module of the library may use (besides itself). Bottom first.
const ALLOWED: &[(&str, &[&str])] = &[
    // The bottom: domain types and validation, and the error that carries their field errors.
    ("domain", &[]),
    ("error", &["domain"]),
    // Leaf utilities. The clock is read only at the edge (`startup`, the CLI, the shell): the
    // store and the services take the moment and the day they are given, so neither may use it.
    ("clock", &["domain"]),
    ("files", &["error"]),
    ("progress", &["error"]),
    // Pure layers beside each other (report reads import's column names and matching's plans).
    ("import", &["domain", "error", "files", "progress"]),
    ("matching", &["domain", "error"]),
    (
        "report",
        &["domain", "error", "files", "progress", "import", "matching"],
    ),
    // Sharing's pure core: identities, rosters, channels, ops, envelopes.
    ("sync", &["domain", "error"]),
    // The table hub on PostgreSQL: a transport for sync's envelopes.
    ("hub", &["error", "sync"]),
    // The database.
    (
        "store",
        &[
            "domain", "error", "files", "progress", "import", "matching", "report", "sync",
        ],
    ),
    // The use cases, for the CLI and the desktop shell.
    (
        "service",
        &[
            "domain", "error", "files", "progress", "import", "matching", "report", "store",
            "sync", "hub",
        ],
    ),
    // How the CLI and the desktop shell start: the database, its key and the author.
    ("startup", &["domain", "error", "clock", "store", "service"]),
    // The fuzz targets' invariants: they drive the readers and the use cases like a user.
    (
        "fuzz_checks",
        &[
            "domain", "error", "files", "progress", "import", "matching", "report", "store",
            "service", "sync",
        ],
    ),
];

/// The library's top-level modules, as `src/lib.rs` declares them.
fn top_level_modules(src: &Path) -> Vec<String> {
    let lib = fs::read_to_string(src.join("lib.rs")).expect("read src/lib.rs");
    let lib = strip_comments_and_strings(&lib);
    lib.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))?;
            rest.strip_suffix(';').map(|name| name.trim().to_string())
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    out.extend(
        walk(dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rs")),
    );
}

/// Every file below `dir`, build output and installed packages left out.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            if !path.ends_with("target") && !path.ends_with("node_modules") {
                out.extend(walk(&path));
            }
        } else {
            out.push(path);
        }
    }
    out
}

/// The code with comments (doc comments too) blanked and string and char literals emptied,
/// so only code is searched and braces count right.
fn strip_comments_and_strings(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if c[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if c[i] == 'r'
            && (c.get(i + 1) == Some(&'"') || c.get(i + 1) == Some(&'#'))
            && !ident_char(i.checked_sub(1).map(|p| c[p]))
        {
            // A raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= c.len() {
                    break;
                }
                if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if c.get(i + 1) == Some(&'\\') {
                let mut j = i + 2;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c[i]);
                i += 1;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn ident_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The code without its `#[cfg(test)]` items: from the attribute to the end of the item's
/// block (or its `;`), or to the end of the file when the block does not close.
fn strip_test_items(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let brace = after.find('{');
        let semi = after.find(';');
        match (brace, semi) {
            (Some(b), Some(s)) if s < b => rest = &after[s + 1..],
            (None, Some(s)) => rest = &after[s + 1..],
            (Some(b), _) => {
                let mut depth = 0usize;
                let mut end = after.len();
                for (k, ch) in after[b..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &after[end..];
            }
            (None, None) => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// The module path of a file below `src/`: `store/plans.rs` is `[store, plans]`,
/// `store/mod.rs` is `[store]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("below src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

/// The identifier starting at `s`.
fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first identifiers of the entries of a `{ … }` group starting at `s` (after the `{`).
fn group_heads(s: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut at_entry = true;
    for (k, ch) in s.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_entry = true,
            c if at_entry && (c.is_alphanumeric() || c == '_') => {
                heads.push(ident(&s[k..]).to_string());
                at_entry = false;
            }
            c if at_entry && !c.is_whitespace() => at_entry = false,
            _ => {}
        }
    }
    heads
}

/// The top-level modules a file's code refers to.
fn references(code: &str, path: &[String]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(pos) = code[from..].find("crate::") {
        let at = from + pos;
        from = at + "crate::".len();
        let before = at.checked_sub(1).map(|p| bytes[p] as char);
        if before.is_some_and(|c| c == '$' || c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            found.extend(group_heads(group));
        } else {
            found.insert(ident(rest).to_string());
        }
    }
    let mut from = 0;
    while let Some(pos) = code[from..].find("super::") {
        let at = from + pos;
        let before = at.checked_sub(1).map(|p| bytes[p] as char);
        if before.is_some_and(|c| c == ':' || c.is_alphanumeric() || c == '_') {
            from = at + "super::".len();
            continue;
        }
        let mut rest = &code[at..];
        let mut depth = path.len();
        while let Some(r) = rest.strip_prefix("super::") {
            depth = depth.saturating_sub(1);
            rest = r;
        }
        from = code.len() - rest.len();
        if depth == 0 {
            if let Some(group) = rest.strip_prefix('{') {
                found.extend(group_heads(group));
            } else {
                found.insert(ident(rest).to_string());
            }
        }
    }
    found
}

/// Edges between the library's top-level modules: (from, to) → the files that make them.
fn module_graph() -> BTreeMap<(String, String), BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = top_level_modules(&src);
    assert!(
        modules.len() >= 5,
        "src/lib.rs declares the modules: {modules:?}"
    );
    let mut edges: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for module in &modules {
        let mut files = Vec::new();
        let dir = src.join(module);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        }
        let file = src.join(format!("{module}.rs"));
        if file.is_file() {
            files.push(file);
        }
        assert!(!files.is_empty(), "module {module} has files");
        for file in files {
            let text = fs::read_to_string(&file).expect("read source");
            let code = strip_test_items(&strip_comments_and_strings(&text));
            for target in references(&code, &module_path(&src, &file)) {
                if &target != module && modules.contains(&target) {
                    let shown = file
                        .strip_prefix(&src)
                        .expect("below src")
                        .display()
                        .to_string();
                    edges
                        .entry((module.clone(), target))
                        .or_default()
                        .insert(shown);
                }
            }
        }
    }
    edges
}

#[test]
fn every_edge_between_layers_is_allowed() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for module in top_level_modules(&src) {
        assert!(
            allowed.contains_key(module.as_str()),
            "module {module} is missing from the layering table"
        );
    }
    let wrong: Vec<String> = module_graph()
        .into_iter()
        .filter(|((from, to), _)| {
            !allowed
                .get(from.as_str())
                .is_some_and(|may| may.contains(&to.as_str()))
        })
        .map(|((from, to), files)| {
            format!(
                "{from} -> {to} (in {})",
                files.into_iter().collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "edges outside the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_layers_have_no_cycle() {
    let mut next: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (from, to) in module_graph().into_keys() {
        next.entry(from).or_default().push(to);
    }
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit(
        node: &str,
        next: &BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| p == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for to in next.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(to, next, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in next.keys() {
        if let Some(cycle) = visit(node, &next, &mut Vec::new(), &mut done) {
            panic!("the layers have a cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_reader_finds_what_it_must() {
    let code = strip_test_items(&strip_comments_and_strings(
        "//! see crate::report\nuse crate::{domain::{A, B}, error::Result};\nuse super::super::files::x;\nlet s = \"crate::service\";\n#[cfg(test)]\nmod tests { use crate::service; fn f() { let b = '{'; } }\nfn g() -> crate::matching::Stack { todo!() }\n",
    ));
    let found = references(&code, &["store".to_string(), "plans".to_string()]);
    let want: BTreeSet<String> = ["domain", "error", "files", "matching"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(found, want);
}

/// The raw connection is the store's own (`pub(crate)`); the one door beneath the store's
/// repositories, `Store::conn_for_tests`, exists only with the `test-support` feature. Neither
/// the CLI nor the desktop shell calls it or turns that feature on, and every other crate of the
/// workspace is looked at, so a new one is checked too.
#[test]
fn only_the_tests_use_the_raw_connection() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut manifests = Vec::new();
    for dir in ["src-tauri", "crates"] {
        let mut found = Vec::new();
        rust_files(&root.join(dir), &mut found);
        files.extend(found);
        manifests.extend(
            walk(&root.join(dir))
                .into_iter()
                .filter(|f| f.file_name().is_some_and(|n| n == "Cargo.toml")),
        );
    }
    assert!(
        files.iter().any(|f| f.ends_with("src-tauri/src/main.rs"))
            && files
                .iter()
                .any(|f| f.ends_with("crates/tafel-cli/src/main.rs")),
        "the shell's and the CLI's sources are among the files looked at"
    );
    assert!(
        manifests.len() >= 3,
        "the shell's and the crates' manifests: {manifests:?}"
    );
    let mut lib = Vec::new();
    rust_files(&root.join("src"), &mut lib);
    files.extend(lib.into_iter().filter(|f| !f.ends_with("store/mod.rs")));
    let users: Vec<String> = files
        .iter()
        .filter(|f| {
            strip_comments_and_strings(&fs::read_to_string(f).expect("read source"))
                .contains("conn_for_tests")
        })
        .chain(manifests.iter().filter(|m| {
            fs::read_to_string(m)
                .expect("read manifest")
                .contains("test-support")
        }))
        .map(|f| {
            f.strip_prefix(root)
                .expect("below the crate")
                .display()
                .to_string()
        })
        .collect();
    assert!(
        users.is_empty(),
        "the raw connection used or enabled outside the tests: {users:?}"
    );
}
