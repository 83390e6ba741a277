//! Suppressions written next to the code, with their reasons: a CloudFormation resource's
//! `Metadata: {ecslint: {ignore: [{rule: root-user, reason: "..."}]}}`, and a Terraform comment
//! on the line above a block or attribute, `# ecslint:ignore root-user[,rule...] reason`. Each
//! hides the named rules' problems (a category's name hides its rules) within the resource, or
//! the block or attribute below the comment (a line, when what follows is an item of an object,
//! such as a container's attribute inside `jsonencode`).

use crate::json::Parsed;
use crate::span::Span;
use hcl_edit::structure::{Body, Structure};

/// One inline suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Rule or category names, as written.
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// What it covers, in the file.
    pub scope: Span,
    /// Where it is written.
    pub at: Span,
}

/// The suppressions of a CloudFormation template's resources.
pub fn cloudformation(parsed: &Parsed) -> Vec<Suppression> {
    let mut found = Vec::new();
    let (Some(resources), Some(resources_node)) =
        (parsed.value.get("Resources").and_then(|r| r.as_object()), parsed.tree.member(0, "Resources"))
    else {
        return found;
    };
    for (id, resource) in resources {
        let Some(entries) = resource.pointer("/Metadata/ecslint/ignore").and_then(|v| v.as_array()) else { continue };
        let Some(node) = parsed.tree.member(resources_node, id) else { continue };
        let scope = parsed.tree.node(node).span;
        let list = ["Metadata", "ecslint", "ignore"].iter().try_fold(node, |n, key| parsed.tree.member(n, key));
        for (i, entry) in entries.iter().enumerate() {
            let at = list.and_then(|l| parsed.tree.item(l, i)).map_or(scope, |n| parsed.tree.node(n).span);
            let rules: Vec<String> = match (entry.get("rule"), entry.get("rules")) {
                (Some(rule), _) => rule.as_str().map(str::to_string).into_iter().collect(),
                (None, Some(list)) => {
                    list.as_array().into_iter().flatten().filter_map(|r| r.as_str().map(str::to_string)).collect()
                }
                (None, None) => Vec::new(),
            };
            let reason = entry.get("reason").and_then(|r| r.as_str()).map(str::trim).filter(|r| !r.is_empty());
            found.push(Suppression { rules, reason: reason.map(str::to_string), scope, at });
        }
    }
    found
}

/// The `# ecslint:ignore` (or `//`) comments of a `.tf` file, each covering the block or
/// attribute that starts on the next line with code.
pub fn terraform(text: &str) -> Vec<Suppression> {
    const MARK: &str = "ecslint:ignore";
    if !text.contains(MARK) {
        return Vec::new();
    }
    let body = hcl_edit::parser::parse_body(text).ok();
    let mut starts: Vec<Span> = Vec::new();
    if let Some(body) = &body {
        structures(body, &mut starts);
    }
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let mut found = Vec::new();
    for (index, &(start, line)) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let comment = trimmed.strip_prefix('#').or_else(|| trimmed.strip_prefix("//"));
        let Some(rest) = comment.map(str::trim_start).and_then(|c| c.strip_prefix(MARK)) else { continue };
        let rest = rest.trim();
        let (names, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let rules = names.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_string).collect();
        let offset = start + (line.len() - trimmed.len());
        let at = Span::new(offset, start + line.trim_end().len());
        // The next line with code, and the construct that starts on it.
        let next = lines[index + 1..].iter().find(|(_, l)| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with('#') && !t.starts_with("//")
        });
        let Some(&(next_start, next_line)) = next else { continue };
        let line_end = next_start + next_line.len();
        let scope = starts
            .iter()
            .filter(|s| s.start >= next_start && s.start < line_end)
            .max_by_key(|s| s.end - s.start)
            .copied()
            .unwrap_or(Span::new(next_start, line_end));
        let reason = reason.trim();
        found.push(Suppression { rules, reason: (!reason.is_empty()).then(|| reason.to_string()), scope, at });
    }
    found
}

/// The spans of every block and attribute, at any depth.
fn structures(body: &Body, out: &mut Vec<Span>) {
    for structure in body.iter() {
        if let Some(range) = hcl_edit::Span::span(structure) {
            out.push(Span::new(range.start, range.end));
        }
        if let Structure::Block(block) = structure {
            structures(&block.body, out);
        }
    }
}

/// Whether a suppression names `rule` (by its name or its category's).
pub fn names(suppression: &Suppression, rule: &crate::rule::Rule) -> bool {
    suppression.rules.iter().any(|n| n == rule.name || crate::rule::Category::from_name(n) == Some(rule.category))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_comments_cover_what_follows() {
        let tf = "# ecslint:ignore missing-task-role the app needs no AWS access\nresource \"aws_ecs_task_definition\" \"a\" {\n  family = \"a\"\n  // ecslint:ignore privileged-container,root-user\n  x = 1\n}\n";
        let found = terraform(tf);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].rules, ["missing-task-role"]);
        assert_eq!(found[0].reason.as_deref(), Some("the app needs no AWS access"));
        assert_eq!(&tf[found[0].scope.start..found[0].scope.end], tf[tf.find("resource").unwrap()..].trim_end());
        assert_eq!(found[1].rules, ["privileged-container", "root-user"]);
        assert_eq!(found[1].reason, None);
        assert_eq!(&tf[found[1].scope.start..found[1].scope.end], "x = 1");
    }
}
