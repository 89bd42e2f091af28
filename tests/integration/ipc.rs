//! One IPC contract: the commands the shell registers (`src-tauri/src/main.rs`) and the calls the
//! UI makes (`ui/src/**/*.ts`, `*.svelte`) are read from their sources and held against each other,
//! so renaming a command or an argument on either side fails here, not in the window.
//!
//! Tauri turns a command's snake_case arguments into camelCase keys (unless the command says
//! `rename_all = "snake_case"`); `app: AppHandle`, `State<…>` and the like are the shell's own and
//! not passed by the UI; an `Option<…>` argument may be left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A command as `main.rs` declares it.
#[derive(Debug, Clone, PartialEq)]
struct Command {
    name: String,
    /// The keys the UI passes: (camelCase name, optional).
    args: Vec<(String, bool)>,
}

/// A `call("name", { … })` of the UI.
#[derive(Debug, Clone)]
struct Call {
    at: String,
    name: String,
    keys: Vec<String>,
}

/// Types the shell injects itself; the UI never passes them.
const INJECTED: &[&str] = &[
    "AppHandle",
    "State<",
    "Window",
    "WebviewWindow",
    "tauri::AppHandle",
    "tauri::State<",
    "tauri::Window",
    "tauri::WebviewWindow",
    "tauri::ipc::Request",
];

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits `text` at `separator` where no bracket, brace, parenthesis, angle bracket or string is open.
fn split_top(text: &str, separator: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut current = String::new();
    let mut prev = ' ';
    for c in text.chars() {
        match quote {
            Some(q) => {
                if c == q && prev != '\\' {
                    quote = None;
                }
            }
            None => match c {
                '"' | '`' => quote = Some(c),
                '\'' if !prev.is_alphanumeric() && prev != '<' && prev != '&' => quote = Some(c),
                '(' | '[' | '{' | '<' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                '>' if prev != '=' && prev != '-' => depth -= 1,
                c if c == separator && depth == 0 => {
                    parts.push(std::mem::take(&mut current));
                    prev = c;
                    continue;
                }
                _ => {}
            },
        }
        current.push(c);
        prev = c;
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    parts
}

/// The text from `open` (an opening bracket at `start`) to its matching close, without the brackets.
fn balanced(text: &str, start: usize, open: char, close: char) -> Option<&str> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in text[start..].char_indices() {
        match quote {
            Some(q) if c == q && prev != '\\' => quote = None,
            Some(_) => {}
            None if c == '"' || c == '`' => quote = Some(c),
            None if c == open => depth += 1,
            None if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[start + open.len_utf8()..start + i]);
                }
            }
            None => {}
        }
        prev = c;
    }
    None
}

/// Every `#[tauri::command]` fn of `main.rs`, with the keys the UI passes.
fn commands(main_rs: &str) -> Vec<Command> {
    let mut found = Vec::new();
    for (at, _) in main_rs.match_indices("#[tauri::command") {
        // An attribute, not a mention of one in a comment.
        if !main_rs[..at].ends_with('\n')
            && !main_rs[..at].trim_end_matches([' ', '\t']).ends_with('\n')
        {
            continue;
        }
        let attribute_end = main_rs[at..].find(']').expect("attribute closes") + at;
        let snake = main_rs[at..attribute_end].contains("rename_all = \"snake_case\"");
        let fn_at = main_rs[at..]
            .find("fn ")
            .expect("a fn follows the attribute")
            + at
            + 3;
        let name: String = main_rs[fn_at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let open = main_rs[fn_at..].find('(').expect("parameters") + fn_at;
        let params = balanced(main_rs, open, '(', ')').expect("parameters close");
        let mut args = Vec::new();
        for param in split_top(params, ',') {
            let param = param.trim();
            if param.is_empty() {
                continue;
            }
            let (arg, ty) = param
                .split_once(':')
                .unwrap_or_else(|| panic!("{name}: parameter {param:?} has a type"));
            let (arg, ty) = (arg.trim().trim_start_matches("mut ").trim(), ty.trim());
            if INJECTED.iter().any(|injected| ty.starts_with(injected)) {
                continue;
            }
            let key = if snake {
                arg.to_string()
            } else {
                camel_case(arg)
            };
            args.push((key, ty.starts_with("Option<")));
        }
        found.push(Command { name, args });
    }
    found
}

/// The names in `tauri::generate_handler![…]`.
fn registered(main_rs: &str) -> Vec<String> {
    let at = main_rs
        .find("generate_handler![")
        .expect("generate_handler! in main.rs")
        + "generate_handler!".len();
    let list = balanced(main_rs, at, '[', ']').expect("generate_handler! closes");
    list.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The string literals of `const COMMANDS: &[&str] = &[…]` in `build.rs`.
fn build_commands(build_rs: &str) -> Vec<String> {
    let at = build_rs
        .find("const COMMANDS")
        .expect("COMMANDS in build.rs");
    let open = build_rs[at..].find("= &[").expect("a list") + at + 3;
    let list = balanced(build_rs, open, '[', ']').expect("COMMANDS closes");
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The object keys of `{ a, b: x, c }` (shorthand or not; a spread is refused: it hides the keys).
fn object_keys(object: &str, at: &str) -> Result<Vec<String>, String> {
    let mut keys = Vec::new();
    for entry in split_top(object, ',') {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        if entry.starts_with("...") {
            return Err(format!(
                "{at}: a spread ({entry}) hides which arguments are passed; name each"
            ));
        }
        let key = split_top(entry, ':').first().cloned().unwrap_or_default();
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            return Err(format!("{at}: {entry:?} is not a plain key"));
        }
        keys.push(key.to_string());
    }
    Ok(keys)
}

/// Every `call("name")`, `call<T>("name", { … })` and `invoke(…)` in one source file.
fn calls_in(path: &str, text: &str, problems: &mut Vec<String>) -> Vec<Call> {
    let mut found = Vec::new();
    for word in ["call", "invoke"] {
        for (at, _) in text.match_indices(word) {
            let before = text[..at].chars().next_back().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' || before == '.' && word == "call" {
                continue;
            }
            let mut rest = at + word.len();
            if text[rest..].starts_with('<') {
                let Some(generic) = balanced(text, rest, '<', '>') else {
                    continue;
                };
                rest += generic.len() + 2;
            }
            if !text[rest..].starts_with('(') {
                continue;
            }
            let Some(inside) = balanced(text, rest, '(', ')') else {
                continue;
            };
            let line = text[..at].lines().count().max(1);
            let where_ = format!("{path}:{line}");
            let parts = split_top(inside, ',');
            let first = parts.first().map(|s| s.trim()).unwrap_or_default();
            // The wrapper's own definition (`call<T>(command: string, …)`) and `invoke<T>(command, args)`.
            if !first.starts_with('"') {
                if text[..at].ends_with("function ") || first.starts_with("command") {
                    continue;
                }
                problems.push(format!(
                    "{where_}: {word}({first}, …) names no command literally"
                ));
                continue;
            }
            let name = first.trim_matches('"').to_string();
            let keys = match parts.get(1).map(|s| s.trim()) {
                None => Vec::new(),
                Some(object) if object.starts_with('{') && object.ends_with('}') => {
                    match object_keys(&object[1..object.len() - 1], &where_) {
                        Ok(keys) => keys,
                        Err(problem) => {
                            problems.push(problem);
                            continue;
                        }
                    }
                }
                Some(other) => {
                    problems.push(format!(
                        "{where_}: {name}'s arguments ({other}) are not an object literal"
                    ));
                    continue;
                }
            };
            found.push(Call {
                at: where_,
                name,
                keys,
            });
        }
    }
    found
}

fn ui_sources(root: &Path) -> Vec<(String, String)> {
    let mut sources = Vec::new();
    let mut pending = vec![root.join("ui/src")];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read folder") {
            let path: PathBuf = entry.expect("entry").path();
            if path.is_dir() {
                if !path.ends_with("bindings") {
                    pending.push(path);
                }
                continue;
            }
            let name = path.to_string_lossy().into_owned();
            let is_source =
                name.ends_with(".svelte") || (name.ends_with(".ts") && !name.ends_with(".test.ts"));
            if !is_source || name.contains("/src/test/") {
                continue;
            }
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            sources.push((
                relative,
                std::fs::read_to_string(&path).expect("read source"),
            ));
        }
    }
    sources.sort();
    sources
}

/// Everything that does not hold between the shell's and the UI's side of the contract.
fn problems(
    main_rs: &str,
    build_rs: &str,
    capabilities: &str,
    ui: &[(String, String)],
) -> Vec<String> {
    let mut problems = Vec::new();
    let declared: BTreeMap<String, Command> = commands(main_rs)
        .into_iter()
        .map(|c| (c.name.clone(), c))
        .collect();
    let registered: BTreeSet<String> = registered(main_rs).into_iter().collect();
    let built: BTreeSet<String> = build_commands(build_rs).into_iter().collect();
    let capabilities: serde_json::Value =
        serde_json::from_str(capabilities).expect("capabilities are JSON");
    let allowed: BTreeSet<String> = capabilities["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();

    for name in declared.keys() {
        if !registered.contains(name) {
            problems.push(format!(
                "command {name} is declared but not in generate_handler!"
            ));
        }
    }
    for name in &registered {
        if !declared.contains_key(name) {
            problems.push(format!(
                "generate_handler! names {name}, which is no #[tauri::command] fn"
            ));
        }
        if !built.contains(name) {
            problems.push(format!(
                "command {name} is not in build.rs COMMANDS (it gets no permission)"
            ));
        }
        if !allowed.contains(name) {
            problems.push(format!(
                "command {name} is not granted in capabilities/default.json (allow-{})",
                name.replace('_', "-")
            ));
        }
    }
    for name in &built {
        if !registered.contains(name) {
            problems.push(format!(
                "build.rs COMMANDS names {name}, which is not registered"
            ));
        }
    }
    for name in &allowed {
        if !registered.contains(name) {
            problems.push(format!(
                "capabilities/default.json allows {name}, which is not registered"
            ));
        }
    }

    let mut used = BTreeSet::new();
    for (path, text) in ui {
        for call in calls_in(path, text, &mut problems) {
            let Some(command) = declared
                .get(&call.name)
                .filter(|_| registered.contains(&call.name))
            else {
                problems.push(format!(
                    "{}: calls {}, which the shell does not register",
                    call.at, call.name
                ));
                continue;
            };
            used.insert(call.name.clone());
            for key in &call.keys {
                if !command.args.iter().any(|(arg, _)| arg == key) {
                    let expected: Vec<&str> =
                        command.args.iter().map(|(a, _)| a.as_str()).collect();
                    problems.push(format!(
                        "{}: {} has no argument {key} (it takes {expected:?})",
                        call.at, call.name
                    ));
                }
            }
            for (arg, optional) in &command.args {
                if !optional && !call.keys.contains(arg) {
                    problems.push(format!(
                        "{}: {} needs argument {arg}, which is not passed",
                        call.at, call.name
                    ));
                }
            }
            let mut seen = BTreeSet::new();
            for key in &call.keys {
                if !seen.insert(key) {
                    problems.push(format!("{}: {} passes {key} twice", call.at, call.name));
                }
            }
        }
    }
    for name in &registered {
        if !used.contains(name) {
            problems.push(format!(
                "command {name} is registered but the UI never calls it"
            ));
        }
    }
    problems
}

struct Sources {
    main_rs: String,
    build_rs: String,
    capabilities: String,
    ui: Vec<(String, String)>,
}

fn sources() -> Sources {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    Sources {
        main_rs: read("src-tauri/src/main.rs"),
        build_rs: read("src-tauri/build.rs"),
        capabilities: read("src-tauri/capabilities/default.json"),
        ui: ui_sources(root),
    }
}

impl Sources {
    fn problems(&self) -> Vec<String> {
        problems(&self.main_rs, &self.build_rs, &self.capabilities, &self.ui)
    }

    /// The same sources with `from` replaced by `to` once in the file whose path ends with `file`.
    fn with(&self, file: &str, from: &str, to: &str) -> Sources {
        let swap = |text: &str| {
            assert!(text.contains(from), "{file} contains {from:?}");
            text.replacen(from, to, 1)
        };
        Sources {
            main_rs: if file == "main.rs" {
                swap(&self.main_rs)
            } else {
                self.main_rs.clone()
            },
            build_rs: if file == "build.rs" {
                swap(&self.build_rs)
            } else {
                self.build_rs.clone()
            },
            capabilities: if file == "default.json" {
                swap(&self.capabilities)
            } else {
                self.capabilities.clone()
            },
            ui: self
                .ui
                .iter()
                .map(|(path, text)| {
                    (
                        path.clone(),
                        if path.ends_with(file) {
                            swap(text)
                        } else {
                            text.clone()
                        },
                    )
                })
                .collect(),
        }
    }
}

#[test]
fn the_ui_calls_exactly_the_commands_and_arguments_the_shell_registers() {
    let sources = sources();
    let declared = commands(&sources.main_rs);
    assert!(
        declared.len() >= 70,
        "{} commands read from main.rs",
        declared.len()
    );
    let calls: usize = sources
        .ui
        .iter()
        .map(|(path, text)| calls_in(path, text, &mut Vec::new()).len())
        .sum();
    assert!(calls >= declared.len(), "{calls} calls read from the UI");
    // What the reader makes of a few commands, so a reader that reads nothing cannot pass.
    let by_name = |name: &str| {
        declared
            .iter()
            .find(|c| c.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} declared"))
    };
    assert_eq!(
        by_name("add_case_to_agenda").args,
        [
            ("meetingId".to_string(), false),
            ("caseRef".to_string(), false)
        ]
    );
    assert_eq!(
        by_name("choose_file").args,
        [
            ("purpose".to_string(), false),
            ("suggested".to_string(), true)
        ]
    );
    assert_eq!(by_name("taxonomy").args, []);
    let problems = sources.problems();
    assert!(
        problems.is_empty(),
        "the IPC contract does not hold:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_renamed_command_or_argument_on_either_side_breaks_the_contract() {
    let sources = sources();
    assert!(sources.problems().is_empty());
    let broken = [
        // The shell renames an argument, a command, or an optional argument.
        sources.with(
            "main.rs",
            "meeting_id: String,\n    case_ref: String",
            "meeting_id: String,\n    case_reference: String",
        ),
        sources.with("main.rs", "fn get_plan(", "fn get_saved_plan("),
        sources.with(
            "main.rs",
            "suggested: Option<String>",
            "proposed: Option<String>",
        ),
        // The UI renames a key, a command, drops a required argument, or passes one too many.
        sources.with(
            "ui/src/lib/api.ts",
            "{ meetingId, caseRef }",
            "{ meetingId, caseReference }",
        ),
        sources.with("ui/src/lib/api.ts", "\"get_plan\"", "\"get_plans\""),
        sources.with("ui/src/lib/api.ts", "{ from, to }", "{ from }"),
        sources.with(
            "ui/src/lib/api.ts",
            "{ caseId, draft }",
            "{ caseId, draft, extra: 1 }",
        ),
        sources.with(
            "ui/src/lib/api.ts",
            "{ id, patch }",
            "{ id, patch_: patch }",
        ),
        // A command the UI stops calling, or that loses its permission.
        sources.with(
            "ui/src/lib/api.ts",
            "call<Home>(\"home\")",
            "Promise.resolve(null as unknown as Home)",
        ),
        sources.with("build.rs", "\"home\",", "\"homepage\","),
        sources.with("default.json", "\"allow-home\"", "\"allow-homepage\""),
    ];
    for (i, variant) in broken.iter().enumerate() {
        assert!(!variant.problems().is_empty(), "change {i} went unnoticed");
    }
}

#[test]
fn camel_case_follows_tauri() {
    assert_eq!(camel_case("case_ref"), "caseRef");
    assert_eq!(camel_case("meeting_id"), "meetingId");
    assert_eq!(camel_case("path"), "path");
}

/// The early start script (`ui/public/start.js`, outside the bundle) sends the window's first
/// commands by name with no arguments; each must be a registered command that takes none, or
/// the window would open on an error. A renamed command fails here.
#[test]
fn the_start_script_sends_registered_commands_without_arguments() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = std::fs::read_to_string(root.join("ui/public/start.js")).expect("start.js");
    let check = |script: &str| -> Vec<String> {
        let declared = commands(&sources().main_rs);
        let sent: Vec<&str> = script
            .split("send(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(sent.len() >= 3, "commands read from start.js: {sent:?}");
        sent.iter()
            .filter(|name| {
                !declared
                    .iter()
                    .any(|c| c.name == **name && c.args.iter().all(|(_, optional)| *optional))
            })
            .map(|name| name.to_string())
            .collect()
    };
    assert_eq!(check(&script), Vec::<String>::new());
    assert_eq!(
        check(&script.replacen("send(\"home\")", "send(\"home_page\")", 1)),
        vec!["home_page".to_string()],
        "a renamed command is found"
    );
}
