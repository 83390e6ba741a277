//! Every rule's documentation is also its test: the examples marked `json invalid` (or
//! `yaml invalid`, CloudFormation templates; `hcl invalid`, a Terraform `.tf` file) must
//! trigger the rule, the ones marked `valid` must not.

use ecslint::lint::{Outcome, Settings, lint_text, lint_text_at};
use ecslint::rule::Rule;
use ecslint::rules;

/// The fenced code blocks of a Markdown document whose info string is `json kind`,
/// `yaml kind` or `hcl kind`.
fn examples<'a>(doc: &'a str, kind: &str) -> Vec<&'a str> {
    let mut blocks = Vec::new();
    for lang in ["json", "yaml", "hcl"] {
        let mut rest = doc;
        let fence = format!("```{lang} {kind}\n");
        while let Some(start) = rest.find(&fence) {
            let body = &rest[start + fence.len()..];
            let end = body.find("\n```").expect("an example block is closed");
            blocks.push(&body[..end + 1]);
            rest = &body[end..];
        }
    }
    blocks
}

/// The rule enabled at least as a warning, whatever its default.
fn settings_for(rule: &Rule) -> Settings {
    let mut settings = Settings::default();
    settings.set(rule.name, Some(ecslint::rule::Severity::Warning)).unwrap();
    settings
}

/// Expands `<N x>` in an example to N copies of `x`, for examples too large to print.
fn expand(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let inner = &rest[start + 1..];
        let expansion = inner.split_once('>').and_then(|(spec, after)| {
            let (n, c) = spec.split_once(' ')?;
            Some((c.repeat(n.parse().ok()?), after))
        });
        match expansion {
            Some((text, after)) => {
                out.push_str(&rest[..start]);
                out.push_str(&text);
                rest = after;
            }
            None => {
                out.push_str(&rest[..=start]);
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Lints an example: HCL (it has a `resource "` or `module "` block) as a `.tf` file with no
/// module around it, anything else as a file named directly.
fn lint_example(text: &str, settings: &Settings) -> Outcome {
    let terraform = text.starts_with("resource \"") || text.starts_with("module \"") || text.contains("\nresource \"");
    if terraform {
        lint_text_at(text, std::path::Path::new("/nonexistent/ecslint-example/main.tf"), settings)
    } else {
        lint_text(text, false, settings)
    }
}

fn fired(rule: &Rule, text: &str) -> Vec<String> {
    match lint_example(&expand(text), &settings_for(rule)) {
        Outcome::Checked(diagnostics) => diagnostics
            .iter()
            .filter(|d| d.rule.name == rule.name)
            .map(|d| format!("{}:{}: {}", d.start.line, d.start.column, d.message))
            .collect(),
        Outcome::Skipped => panic!("a file named directly is never skipped"),
    }
}

/// Rules about the configuration file, whose examples are TOML: `tests/config.rs` runs them.
fn is_config_rule(rule: &Rule) -> bool {
    rule.doc.contains("```toml invalid")
}

#[test]
fn invalid_examples_trigger_their_rule() {
    for rule in rules::all().filter(|r| !is_config_rule(r)) {
        let invalid = examples(rule.doc, "invalid");
        assert!(!invalid.is_empty(), "rules/{}.md has no `json invalid` (or `yaml invalid`) example", rule.name);
        for (i, example) in invalid.iter().enumerate() {
            assert!(
                !fired(rule, example).is_empty(),
                "invalid example {} of rules/{}.md does not trigger {}:\n{example}",
                i + 1,
                rule.name,
                rule.name
            );
        }
    }
}

#[test]
fn valid_examples_do_not_trigger_their_rule() {
    for rule in rules::all().filter(|r| !is_config_rule(r)) {
        let valid = examples(rule.doc, "valid");
        assert!(!valid.is_empty(), "rules/{}.md has no `json valid` (or `yaml valid`) example", rule.name);
        for (i, example) in valid.iter().enumerate() {
            let found = fired(rule, example);
            assert!(
                found.is_empty(),
                "valid example {} of rules/{}.md triggers {}: {found:?}",
                i + 1,
                rule.name,
                rule.name
            );
        }
    }
}

#[test]
fn valid_examples_are_free_of_errors() {
    // A valid example may show a practice another rule warns about, but nothing AWS rejects.
    for rule in rules::all() {
        for example in examples(rule.doc, "valid") {
            let Outcome::Checked(diagnostics) = lint_example(example, &Settings::default()) else {
                continue;
            };
            let errors: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.severity == ecslint::rule::Severity::Error)
                .map(|d| format!("{} {}", d.rule.name, d.message))
                .collect();
            assert!(errors.is_empty(), "a valid example of rules/{}.md has errors: {errors:?}", rule.name);
        }
    }
}

#[test]
fn docs_have_the_sections_and_cite_their_sources() {
    for rule in rules::all() {
        for section in ["## What it does", "## Why is this bad?", "## Example", "## References"] {
            assert!(rule.doc.contains(section), "rules/{}.md lacks `{section}`", rule.name);
        }
        let references = rule.doc.split("## References").nth(1).unwrap();
        assert!(references.contains("](https://"), "rules/{}.md cites no source", rule.name);
    }
}

#[test]
fn every_doc_file_belongs_to_a_rule() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "README.md" {
            continue;
        }
        let rule = name.strip_suffix(".md").expect("only Markdown in rules/");
        assert!(rules::find(rule).is_some(), "rules/{name} documents no rule");
    }
}

/// What a person reads for each example of a rule's doc: each finding of the rule with its
/// place, severity, message and help, under the line it points at.
fn rendered(rule: &Rule) -> String {
    let mut out = String::new();
    for kind in ["invalid", "valid"] {
        for (i, example) in examples(rule.doc, kind).iter().enumerate() {
            let text = expand(example);
            out.push_str(&format!("--- {kind} example {} ---\n", i + 1));
            let Outcome::Checked(diagnostics) = lint_example(&text, &settings_for(rule)) else { continue };
            let lines: Vec<&str> = text.lines().collect();
            for d in diagnostics.iter().filter(|d| d.rule.name == rule.name) {
                out.push_str(&format!("{}:{}: {} {}\n", d.start.line, d.start.column, d.rule.name, d.message));
                let line = lines.get(d.start.line - 1).copied().unwrap_or_default();
                // Long lines (a minified file) are cut around the place.
                let from = d.start.column.saturating_sub(40);
                let shown: String = line.chars().skip(from).take(100).collect();
                let width = if d.end.line == d.start.line { (d.end.column - d.start.column).max(1) } else { 1 };
                out.push_str(&format!(
                    "  | {shown}\n  | {}{}\n",
                    " ".repeat(d.start.column - 1 - from),
                    "^".repeat(width)
                ));
                if let Some(help) = &d.help {
                    out.push_str(&format!("  = help: {help}\n"));
                }
            }
        }
    }
    out
}

#[test]
fn doc_examples_say_what_and_where() {
    // One snapshot per rule (`tests/it/snapshots/it__rules__<rule>.snap`): a changed message
    // or a moved span shows in review.
    for rule in rules::all().filter(|r| !is_config_rule(r)) {
        insta::assert_snapshot!(rule.name, rendered(rule));
    }
}
