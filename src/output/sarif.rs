//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other viewers. Columns count
//! Unicode code points (`columnKind`), end columns point just past the region, and paths are
//! relative to the working directory (`%SRCROOT%`).

use super::{FileResult, Reporter, Summary};
use crate::rule::{Rule, Severity};
use crate::rules;
use serde_json::{Value, json};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Streams the log: the part before the results, each result as it comes, then the rest, so
/// that memory does not grow with the number of problems.
pub struct Sarif {
    root: PathBuf,
    /// The log around its `results` array, split where the results go.
    before: String,
    after: String,
    results: usize,
}

const RESULTS: &str = "\"@results@\"";

impl Sarif {
    pub fn new() -> Self {
        let root = std::env::current_dir().unwrap_or_default();
        let base = format!("file://{}/", encode_path(&root.to_string_lossy().replace('\\', "/")).trim_end_matches('/'));
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "ecslint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": crate::rule::REPOSITORY,
                    "rules": rules::all().map(rule_descriptor).collect::<Vec<_>>(),
                }},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base}},
                "columnKind": "unicodeCodePoints",
                "results": "@results@",
            }],
        });
        let text = serde_json::to_string_pretty(&log).unwrap_or_default();
        let (before, after) = text.split_once(RESULTS).unwrap_or((&text, ""));
        Sarif { root, before: before.to_string(), after: after.to_string(), results: 0 }
    }

    /// Writes the log up to its results, before the first one (or before none).
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.results == 0 {
            out.write_all(self.before.as_bytes())?;
            out.write_all(b"[")?;
        }
        Ok(())
    }
}

fn level(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "note",
        None => "none",
    }
}

/// Percent-encodes what a URI path cannot hold as it is.
fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The artifact location of a file: relative to `%SRCROOT%` when it is under the working
/// directory, an absolute `file://` URI otherwise.
fn artifact(root: &Path, name: &str) -> Value {
    let path = Path::new(name);
    let absolute = if path.is_absolute() { path.to_path_buf() } else { root.join(path) };
    match absolute.strip_prefix(root) {
        Ok(relative) => {
            let relative = relative.to_string_lossy().replace('\\', "/");
            json!({"uri": encode_path(&relative), "uriBaseId": "%SRCROOT%"})
        }
        Err(_) => json!({"uri": format!("file://{}", encode_path(&absolute.to_string_lossy().replace('\\', "/")))}),
    }
}

/// A rule's `name` for people, distinct from its `id` as SARIF asks (3.49.7): the id in
/// PascalCase, `host-port-overlap` as `HostPortOverlap`.
fn display_name(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The first paragraph of the doc's "What it does", as one line of text.
fn full_description(rule: &Rule) -> String {
    let section = rule.doc.split("## What it does").nth(1).unwrap_or(rule.summary);
    let paragraph = section.trim_start().split("\n\n").next().unwrap_or(rule.summary);
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How GitHub code scanning ranks a security rule's alerts (`security-severity`, 0.1 to 10:
/// below 4 low, below 7 medium, below 9 high, else critical): what an attacker gains.
fn security_severity(rule: &Rule) -> Option<&'static str> {
    if rule.category != crate::rule::Category::Security {
        return None;
    }
    Some(match rule.name {
        "privileged-container" | "docker-socket-mount" => "8.8",
        "secret-in-environment" | "secret-in-command" | "secret-in-log-options" | "dangerous-capability" => "7.5",
        "host-pid-mode" | "host-network-mode" | "public-ip-assigned" => "6.5",
        "root-user" | "host-ipc-mode" | "insecure-exec-configuration" | "efs-transit-encryption-disabled" => "5.5",
        "same-task-and-execution-role" | "missing-task-role" => "3.5",
        _ => "5.0",
    })
}

fn rule_descriptor(rule: &Rule) -> Value {
    let mut properties = json!({"tags": [rule.category.name()], "category": rule.category.name()});
    if let Some(score) = security_severity(rule) {
        // The category, `security`, is already the tag GitHub looks for.
        properties["security-severity"] = json!(score);
    }
    json!({
        "id": rule.name,
        "name": display_name(rule.name),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full_description(rule)},
        "helpUri": rule.url(),
        "help": {"text": format!("{} See {}", rule.summary, rule.url()), "markdown": rule.doc_body()},
        "defaultConfiguration": {"level": level(rule.default_severity()), "enabled": rule.default_severity().is_some()},
        "properties": properties,
    })
}

impl Reporter for Sarif {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        for d in &file.diagnostics {
            let index = rules::all().position(|r| r.name == d.rule.name);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(". Help: ");
                message.push_str(help);
            }
            self.start(out)?;
            out.write_all(if self.results == 0 { b"\n" } else { b",\n" })?;
            self.results += 1;
            let mut result = json!({
                    "ruleId": d.rule.name,
                    "ruleIndex": index,
                    "level": level(Some(d.severity)),
                    "message": {"text": message},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": artifact(&self.root, &file.name),
                            "region": {
                                "startLine": d.start.line,
                                "startColumn": d.start.column,
                                "endLine": d.end.line,
                                "endColumn": d.end.column,
                            },
                        },
                        "logicalLocations": [{"fullyQualifiedName": if d.pointer.is_empty() { "/" } else { &d.pointer }, "kind": "element"}],
                    }],
                    "partialFingerprints": {"ecslint/v1": d.fingerprint},
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        json!({
                            "id": i + 1,
                            "physicalLocation": {
                                "artifactLocation": artifact(&self.root, &file.name),
                                "region": {
                                    "startLine": r.start.line,
                                    "startColumn": r.start.column,
                                    "endLine": r.end.line,
                                    "endColumn": r.end.column,
                                },
                            },
                            "message": {"text": r.message},
                        })
                    })
                    .collect();
            }
            if let Some(read_by) = &file.read_by {
                result["properties"] = json!({"read_by": read_by.reader.name(), "read_by_reason": read_by.why});
            }
            serde_json::to_writer(&mut *out, &result)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _: &Summary) -> io::Result<()> {
        self.start(out)?;
        out.write_all(if self.results == 0 { b"]" } else { b"\n]" })?;
        out.write_all(self.after.as_bytes())?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uris() {
        let root = Path::new("/work/repo");
        assert_eq!(
            artifact(root, "deploy/web task.json"),
            json!({"uri": "deploy/web%20task.json", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(artifact(root, "/work/repo/a.json"), json!({"uri": "a.json", "uriBaseId": "%SRCROOT%"}));
        assert_eq!(artifact(root, "/etc/ecs/task.json"), json!({"uri": "file:///etc/ecs/task.json"}));
    }

    #[test]
    fn rules_have_a_name_of_their_own() {
        assert_eq!(display_name("host-port-overlap"), "HostPortOverlap");
        for rule in rules::all() {
            let d = rule_descriptor(rule);
            assert_ne!(d["id"], d["name"]);
            assert!(!d["fullDescription"]["text"].as_str().unwrap().is_empty(), "{}", rule.name);
        }
        let privileged = rule_descriptor(rules::find("privileged-container").unwrap());
        assert_eq!(privileged["properties"]["security-severity"], "8.8");
        assert!(
            rule_descriptor(rules::find("host-port-overlap").unwrap())["properties"].get("security-severity").is_none()
        );
    }
}
