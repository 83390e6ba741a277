//! The map in ARCHITECTURE.md stays true: every module of `src/` belongs to a layer, and
//! imports only look down (or sideways within a layer, without a circle). A rule file imports
//! no other rule; what several rules share lives in the view layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first, with the top-level modules of each (as in ARCHITECTURE.md).
const LAYERS: &[(&str, &[&str])] = &[
    ("ground", &["span", "rule", "diagnostic"]),
    (
        "reading",
        &[
            "json",
            "yaml",
            "placeholder",
            "unit",
            "model",
            "reader",
            "convert",
            "cloudformation",
            "terraform",
            "hcl",
            "suppress",
            "document",
        ],
    ),
    ("views", &["view"]),
    ("rules", &["rules", "schema"]),
    ("lint", &["lint"]),
    ("project", &["config", "files", "baseline", "filter", "workspace", "detect"]),
    ("outputs", &["output"]),
    ("doors", &["run", "cli", "lsp"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

/// A source file's path under `src/` as its module path: `rules/root_user.rs` ->
/// `["rules", "root_user"]`, `view/mod.rs` -> `["view"]`.
fn module_path(relative: &str) -> Vec<String> {
    let trimmed = relative.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The `crate::a::b` paths a file names outside comments, as their first two segments.
fn crate_paths(text: &str) -> Vec<(String, Option<String>)> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `ecslint_crate::` or the like
            }
            let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
            let first = ident(rest);
            let after = &rest[first.len()..];
            let second = after.strip_prefix("::").map(ident).filter(|s| !s.is_empty());
            // `crate::{a, b}`: each name is a module.
            if first.is_empty() && rest.starts_with('{') {
                let inner = rest[1..].split('}').next().unwrap_or_default();
                for name in inner.split(',') {
                    let name = ident(name.trim());
                    if !name.is_empty() {
                        found.push((name, None));
                    }
                }
                continue;
            }
            if !first.is_empty() {
                found.push((first, second));
            }
        }
    }
    found
}

/// What is wrong with the import graph of these sources (path under `src/`, text).
fn violations(sources: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let rule_files: BTreeSet<String> = sources
        .iter()
        .map(|(p, _)| module_path(p))
        .filter(|m| m.len() == 2 && m[0] == "rules")
        .map(|m| m[1].clone())
        .collect();
    for (path, text) in sources {
        let module = module_path(path);
        let Some(top) = module.first().cloned() else { continue };
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(layer) = layer_of(&top) else {
            problems.push(format!("src/{path}: module `{top}` is in no layer of ARCHITECTURE.md"));
            continue;
        };
        // Unit tests at the end of a file are consumers, like the integration tests: they may
        // drive the whole lint.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
        for (target, second) in crate_paths(code) {
            if target == top {
                // Inside a module: a rule file must not lean on another rule.
                if top == "rules"
                    && module.len() == 2
                    && let Some(other) = second.filter(|s| rule_files.contains(s) && *s != module[1])
                {
                    problems.push(format!(
                        "src/{path}: rule `{}` imports rule `{other}`; move what they share to the view layer",
                        module[1]
                    ));
                }
                continue;
            }
            match layer_of(&target) {
                None => problems.push(format!("src/{path}: imports `crate::{target}`, which is in no layer")),
                Some(l) if l > layer => problems.push(format!(
                    "src/{path}: `{top}` ({}) imports `{target}` ({}), a higher layer",
                    LAYERS[layer].0, LAYERS[l].0
                )),
                Some(_) => {
                    edges.entry(top.clone()).or_default().insert(target);
                }
            }
        }
    }
    if let Some(circle) = find_circle(&edges) {
        problems.push(format!("import circle: {}", circle.join(" -> ")));
    }
    problems
}

/// A circle in the graph, if there is one, as the modules along it.
fn find_circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit<'a>(
        node: &'a str,
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| *n == node) {
            let mut circle: Vec<String> = stack[at..].iter().map(|s| s.to_string()).collect();
            circle.push(node.to_string());
            return Some(circle);
        }
        if !done.insert(node) {
            return None;
        }
        stack.push(node);
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|start| visit(start, edges, &mut Vec::new(), &mut done))
}

fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: Vec<(String, String)> = walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let relative = e.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            (relative, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn imports_only_look_down_and_never_circle() {
    let problems = violations(&sources());
    assert!(problems.is_empty(), "the import graph breaks ARCHITECTURE.md:\n{}", problems.join("\n"));
}

#[test]
fn the_check_catches_an_upward_import_a_circle_and_a_rule_leaning_on_a_rule() {
    let file = |path: &str, text: &str| (path.to_string(), text.to_string());
    let upward = violations(&[file("diagnostic.rs", "use crate::lint::Settings;\n")]);
    assert_eq!(upward, ["src/diagnostic.rs: `diagnostic` (ground) imports `lint` (lint), a higher layer"]);
    let circle = violations(&[file("json.rs", "use crate::yaml::x;\n"), file("yaml.rs", "use crate::json::y;\n")]);
    assert_eq!(circle, ["import circle: json -> yaml -> json"]);
    let sideways = violations(&[
        file("rules/a_rule.rs", "use crate::rules::b_rule::helper;\n"),
        file("rules/b_rule.rs", "// use crate::rules::a_rule::x; is only a comment\n"),
    ]);
    assert_eq!(
        sideways,
        ["src/rules/a_rule.rs: rule `a_rule` imports rule `b_rule`; move what they share to the view layer"]
    );
    let unknown = violations(&[file("gadget.rs", "")]);
    assert_eq!(unknown, ["src/gadget.rs: module `gadget` is in no layer of ARCHITECTURE.md"]);
}

/// Functions over this many lines need a reason in a comment on the line above
/// (`// Long: ...`).
const LONG_FUNCTION: usize = 80;

/// Functions of `text` longer than [`LONG_FUNCTION`] lines without a reason: (name, lines).
fn long_functions(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start();
        let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "async fn ", "pub const fn ", "const fn "]
            .iter()
            .any(|p| line.starts_with(p));
        if !is_fn {
            i += 1;
            continue;
        }
        let name: String = line
            .split("fn ")
            .nth(1)
            .unwrap_or_default()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let excused = i > 0
            && lines[..i]
                .iter()
                .rev()
                .take_while(|l| l.trim_start().starts_with("//") || l.trim_start().starts_with("#["))
                .any(|l| l.contains("Long:"));
        // The body: from the first `{` to its matching `}` (braces in strings and chars are
        // rare enough in this code base not to matter for a count of lines).
        let (mut depth, mut opened, mut end) = (0i32, false, i);
        'scan: for (j, l) in lines.iter().enumerate().skip(i) {
            for c in l.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    ';' if !opened && depth == 0 => {
                        end = j;
                        break 'scan; // a declaration without a body
                    }
                    _ => {}
                }
                if opened && depth == 0 {
                    end = j;
                    break 'scan;
                }
            }
        }
        let length = end - i + 1;
        if length > LONG_FUNCTION && !excused {
            long.push((name, length));
        }
        i += 1;
    }
    long
}

#[test]
fn no_function_is_long_without_a_reason() {
    let mut found = Vec::new();
    for (path, text) in sources() {
        for (name, length) in long_functions(&text) {
            found.push(format!("src/{path}: fn {name} has {length} lines"));
        }
    }
    assert!(
        found.is_empty(),
        "functions over {LONG_FUNCTION} lines, with no `// Long: reason` above them:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_length_check_counts_bodies_and_honours_reasons() {
    let body = "    x();\n".repeat(LONG_FUNCTION);
    let text = format!("fn long() {{\n{body}}}\n\nfn short() {{}}\n");
    assert_eq!(long_functions(&text), [("long".to_string(), LONG_FUNCTION + 2)]);
    let excused = format!("// Long: one table, read top to bottom.\nfn long() {{\n{body}}}\n");
    assert!(long_functions(&excused).is_empty());
}
