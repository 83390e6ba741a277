//! The one lint function behind the CLI, the pre-commit hook and the language server:
//! bytes -> Document -> (schema, rules) -> diagnostics.

use crate::diagnostic::{Diagnostic, Finding, Fix, FixSpec, Location, Related, Sink, Target};
use crate::document::{self, Document};
use crate::json::SpanTree;
use crate::reader::{self, Note, NoteKind, ReadBy};
use crate::rule::{Category, Rule, Severity};
use crate::rules::{
    self, Made, duplicate_key, invalid_json, invalid_type, invalid_value, read_only_field, unknown_field,
};
use crate::schema;
use crate::span::{LineIndex, Span, escape_pointer_segment};
use crate::unit::{Origin, TaskRef, Unit};
use crate::view::{Context, TaskFacts};
use std::collections::HashMap;

/// Which rules run and at what severity.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Per-rule overrides of the category's default; `None` turns a rule off.
    overrides: HashMap<&'static str, Option<Severity>>,
    /// Whether diagnostics carry a fingerprint (baselines and SARIF need one; the rest do not
    /// pay for it).
    pub fingerprints: bool,
}

impl Settings {
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.overrides.get(rule.name) {
            Some(level) => *level,
            None => rule.default_severity(),
        }
    }

    /// Sets the level of a rule, or of every rule in a category.
    pub fn set(&mut self, name: &str, level: Option<Severity>) -> Result<(), String> {
        if let Some(rule) = rules::find(name) {
            self.overrides.insert(rule.name, level);
        } else if let Some(category) = Category::from_name(name) {
            for rule in rules::all().filter(|r| r.category == category) {
                self.overrides.insert(rule.name, level);
            }
        } else {
            return Err(unknown_rule_message(name));
        }
        Ok(())
    }

    fn enabled(&self, rule: &Rule) -> bool {
        self.severity(rule).is_some()
    }
}

/// "unknown rule `x`", with the closest rule or category name.
pub(crate) fn unknown_rule_message(name: &str) -> String {
    let names = rules::all().map(|r| r.name).chain(Category::ALL.iter().map(|c| c.name()));
    match crate::rule::did_you_mean(name, names) {
        Some(s) => format!("unknown rule or category `{name}`; did you mean `{s}`?"),
        None => format!("unknown rule or category `{name}`; `ecslint rules` lists them"),
    }
}

/// What linting one file gave.
#[derive(Debug)]
pub enum Outcome {
    /// Not a task definition (only when sniffing, as while walking directories).
    Skipped,
    Checked(Vec<Diagnostic>),
}

/// Lints a file's bytes. With `sniff`, a file that is not a task definition is skipped.
pub fn lint_bytes(bytes: &[u8], sniff: bool, settings: &Settings) -> Outcome {
    match document::decode(bytes) {
        Ok(text) => lint_text(text, sniff, settings),
        Err(e) => {
            if sniff && !looks_like_task_definition(&decode_loosely(bytes)) {
                return Outcome::Skipped;
            }
            let text = String::from_utf8_lossy(bytes);
            let finding = invalid_json::finding(&e, "save the file as UTF-8 (without a byte order mark is best)");
            Outcome::Checked(place_findings(&text, vec![finding], settings))
        }
    }
}

/// Lints decoded text, as the language server has it.
pub fn lint_text(text: &str, sniff: bool, settings: &Settings) -> Outcome {
    lint_in_project(text, sniff, settings, None, None, None).outcome
}

/// Lints decoded text as the file at `path` (a `.tf` file is read as Terraform, with the
/// other files of its module when they are there).
pub fn lint_text_at(text: &str, path: &std::path::Path, settings: &Settings) -> Outcome {
    lint_in_project(text, false, settings, None, None, Some(path)).outcome
}

/// The task definitions of the files checked in one run, by family, for the services that
/// name a task definition kept in another file.
#[derive(Debug, Default)]
pub(crate) struct Project {
    tasks: HashMap<String, Vec<TaskFacts>>,
}

impl Project {
    pub fn add(&mut self, facts: Vec<TaskFacts>) {
        for f in facts {
            if let Some(family) = f.family.clone() {
                self.tasks.entry(family).or_default().push(f);
            }
        }
    }
}

/// What linting one file gives, beside its diagnostics.
#[derive(Debug)]
pub(crate) struct Linted {
    pub outcome: Outcome,
    /// The families of the task definitions it holds (services in other files may name them).
    pub families: Vec<String>,
    /// The families its services run whose task definitions are not in the file: lint it
    /// again with a [`Project`] holding them, once every file has been read.
    pub wanted: Vec<String>,
    /// The document as read, for the language server's hovers.
    pub document: Option<Document>,
    /// Who the file was judged for (the first unit's reader): `None` when it was not read.
    pub read_by: Option<ReadBy>,
}

/// Lints a file's bytes with the task definitions of the other files checked (when known).
pub(crate) fn lint_bytes_in_project(
    bytes: &[u8],
    sniff: bool,
    settings: &Settings,
    project: Option<&Project>,
    reader: Option<&ReadBy>,
    path: Option<&std::path::Path>,
) -> Linted {
    match document::decode(bytes) {
        Ok(text) => lint_in_project(text, sniff, settings, project, reader, path),
        Err(_) => Linted {
            outcome: lint_bytes(bytes, sniff, settings),
            families: Vec::new(),
            wanted: Vec::new(),
            document: None,
            read_by: reader.cloned(),
        },
    }
}

/// What the services of other files need to know of the task definitions in a file.
pub(crate) fn tasks_in(bytes: &[u8], path: Option<&std::path::Path>) -> Vec<TaskFacts> {
    let Some(doc) = document::decode(bytes).ok().and_then(|text| document::parse_at(text, true, path).ok().flatten())
    else {
        return Vec::new();
    };
    doc.units
        .iter()
        .filter(|u| u.shape.is_task())
        .map(|unit| TaskFacts::of(&Context::new(unit, doc.source_len, None), &unit.origin))
        .collect()
}

/// Lints decoded text read by `reader` (`None`: the reader its format implies) with the task
/// definitions of the other files checked (when known).
pub(crate) fn lint_in_project(
    text: &str,
    sniff: bool,
    settings: &Settings,
    project: Option<&Project>,
    reader: Option<&ReadBy>,
    path: Option<&std::path::Path>,
) -> Linted {
    let unlinted = |outcome| Linted {
        outcome,
        families: Vec::new(),
        wanted: Vec::new(),
        document: None,
        read_by: reader.cloned(),
    };
    let mut doc = match document::parse_at(text, sniff, path) {
        Ok(Some(doc)) => doc,
        Ok(None) => return unlinted(Outcome::Skipped),
        Err(e) => {
            if sniff && !looks_like_task_definition(text) {
                return unlinted(Outcome::Skipped);
            }
            let finding = invalid_json::finding(&e, unreadable_help(&e.message));
            return unlinted(Outcome::Checked(place_findings(text, vec![finding], settings)));
        }
    };
    let (removed, read_by) = prepare_units(&mut doc, reader);
    let mut wanted = Vec::new();
    let (mut per_unit, tasks) = check_document(&doc, settings, |family| match project {
        Some(p) => p.tasks.get(family).and_then(|c| TaskFacts::merge(c)),
        None => {
            wanted.push(family.to_string());
            None
        }
    });
    for (findings, removed) in per_unit.iter_mut().zip(removed) {
        findings.extend(removed);
    }
    let families = tasks.into_iter().filter_map(|t| t.family).collect();
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    place(&lines, None, None, file_findings(&doc), settings, &mut out);
    for (unit, findings) in doc.units.iter().zip(per_unit) {
        place(&lines, Some(unit), doc.source.as_ref(), findings, settings, &mut out);
    }
    // Each problem looks only at the origins that can hold it: sorted by where the value
    // stands (a value used many times is one origin, its first use), none longer than `longest`.
    let mut origins: Vec<&(Span, Span, String)> = doc.origins.iter().collect();
    origins.sort_by_key(|(written, _, _)| (written.start, written.end));
    origins.dedup_by_key(|(written, _, _)| *written);
    let longest = origins.iter().map(|(written, _, _)| written.end - written.start).max().unwrap_or(0);
    for d in &mut out {
        let upto = origins.partition_point(|(written, _, _)| written.start <= d.span.start);
        let from = origins[..upto].partition_point(|(written, _, _)| written.start + longest < d.span.end);
        for (written, used, what) in origins[from..upto].iter().copied() {
            if written.start <= d.span.start && d.span.end <= written.end && !d.message.contains(what.as_str()) {
                // Where the value is used, when that is elsewhere than the problem.
                let at = match lines.position(used.start) {
                    p if used != written => format!(", used at line {}", p.line),
                    _ => String::new(),
                };
                d.message = format!("{}; {what}{at}", d.message);
            }
        }
    }
    if !doc.elsewhere.is_empty() {
        out.retain(|d| !doc.elsewhere.iter().any(|s| s.start <= d.span.start && d.span.end <= s.end));
    }
    if doc.units.iter().any(Unit::is_converted) {
        keep_literal_fixes(text, &mut out);
    }
    if !doc.suppressions.is_empty() {
        let findings = apply_suppressions(&doc.suppressions, settings, &mut out);
        place(&lines, None, None, findings, settings, &mut out);
    }
    out.sort_by(|a, b| (a.span.start, a.span.end, a.rule.name).cmp(&(b.span.start, b.span.end, b.rule.name)));
    out.dedup_by(|a, b| a.span == b.span && a.rule == b.rule && a.message == b.message);
    Linted { outcome: Outcome::Checked(out), families, wanted, document: Some(doc), read_by }
}

/// Hides the problems the file's own suppressions name, within what each covers; returns the
/// findings about the suppressions: one without a reason, one that names no rule, one that hid
/// nothing.
fn apply_suppressions(
    suppressions: &[crate::suppress::Suppression],
    settings: &Settings,
    out: &mut Vec<Diagnostic>,
) -> Vec<Finding> {
    use crate::rules::{ignore_without_reason, unused_ignore};
    let mut used = vec![false; suppressions.len()];
    out.retain(|d| {
        let mut hidden = false;
        for (s, used) in suppressions.iter().zip(used.iter_mut()) {
            let covers = s.scope.start <= d.span.start && d.span.start < s.scope.end.max(s.scope.start + 1);
            if covers && crate::suppress::names(s, d.rule) {
                *used = true;
                hidden = true;
            }
        }
        !hidden
    });
    let mut findings = Vec::new();
    for (s, used) in suppressions.iter().zip(used) {
        if s.reason.is_none() {
            findings.push(ignore_without_reason::finding(s.at));
        }
        let unknown: Vec<&String> = s
            .rules
            .iter()
            .filter(|n| rules::find(n).is_none() && crate::rule::Category::from_name(n).is_none())
            .collect();
        if s.rules.is_empty() {
            findings.push(unused_ignore::inline(s.at, "this suppression names no rule".into()));
        } else if let Some(name) = unknown.first() {
            findings.push(unused_ignore::inline(s.at, unknown_rule_message(name)));
        } else if !used && rules::all().any(|r| settings.enabled(r) && crate::suppress::names(s, r)) {
            // A suppression of rules that are all off hides nothing today, and may tomorrow.
            findings.push(unused_ignore::inline(
                s.at,
                format!("this suppression of {} hides no problem", s.rules.join(", ")),
            ));
        }
    }
    findings
}

/// What to do about a file that cannot be read.
fn unreadable_help(message: &str) -> &'static str {
    if message.starts_with("invalid YAML for a template: a second document") {
        "put each document in a file of its own"
    } else if message.starts_with("invalid Terraform (HCL)") {
        "fix the syntax at this place; `terraform validate` refuses the module too"
    } else if message.starts_with("invalid YAML") {
        "fix the YAML at this place; CloudFormation would refuse the template too"
    } else if message.starts_with("this is YAML")
        || (message.starts_with("this is ") && message.ends_with("ecslint does not check it"))
    {
        "leave it out of the files ecslint is given (pre-commit: the hook passes --only-task-definitions, which skips it)"
    } else {
        "AWS reads task definitions as strict JSON: no comments, no trailing commas, no unquoted template values"
    }
}

/// Applies what each unit's reader does before AWS sees it (a file's own units are read by
/// `reader` when one is given; a template's, by its format's): the findings for what the
/// readers do that the user should hear of, per unit, and the first unit's reader.
fn prepare_units(doc: &mut Document, reader: Option<&ReadBy>) -> (Vec<Vec<Finding>>, Option<ReadBy>) {
    let mut first = None;
    let findings = doc
        .units
        .iter_mut()
        .map(|unit| {
            let chosen = match (&unit.origin, reader) {
                (Origin::File, Some(r)) => r.clone(),
                (origin, _) => ReadBy::default_for(origin, unit.shape),
            };
            let notes = reader::prepare(chosen.reader, &chosen.fills_image, unit);
            first.get_or_insert(chosen);
            notes.into_iter().map(note_finding).collect()
        })
        .collect();
    (findings, first.or_else(|| reader.cloned()))
}

/// How a reader's note is reported.
fn note_finding(note: Note) -> Finding {
    let Note { pointer, key, kind } = note;
    let target = if kind == NoteKind::NotAnInteger { Target::Value } else { Target::Key };
    let (rule, message, help, cap) = match kind {
        NoteKind::DescribeOnly(how) => {
            return read_only_field::describe_only(&key, Location { pointer, target }, Some(how));
        }
        // Uncertain, so a warning: the resource schema allows no other property (cfn-lint:
        // E3002), but AWS's own samples deploy API-spelt properties (rules/unknown-field.md).
        NoteKind::ApiSpelt(cfn) => (
            &unknown_field::RULE,
            format!("`{key}` is the API's spelling: CloudFormation spells this property `{cfn}`"),
            format!(
                "CloudFormation's resource schema names it `{cfn}` and allows no other property; rename it to `{cfn}`"
            ),
            Some(Severity::Warning),
        ),
        NoteKind::NotAnInteger => (
            &invalid_type::RULE,
            format!(
                "`{key}` must be an integer: a whole number of 64 bits at most, without a decimal point or exponent"
            ),
            "write it as a whole number (`512`, not `512.0` or `5.12e2`); the AWS CLI refuses any other".to_string(),
            None,
        ),
        NoteKind::DroppedWithWarning => (
            &unknown_field::RULE,
            format!("`{key}` is no field here: ecspresso drops it after a warning, so the setting never reaches AWS"),
            "remove it, or write the field the ECS API names (ecspresso matches names without case)".to_string(),
            Some(Severity::Warning),
        ),
        NoteKind::DroppedSilently => (
            &unknown_field::RULE,
            format!(
                "`{key}` is no field here: the Terraform provider drops it without a word, so the setting never reaches AWS"
            ),
            "remove it, or write the field the ECS API names (Terraform matches names without case)".to_string(),
            Some(Severity::Warning),
        ),
    };
    Finding::new(rule, Location { pointer, target }, message, help).capped(cap)
}

/// What the readers found, before any unit is checked.
fn file_findings(doc: &Document) -> Vec<Finding> {
    let mut findings: Vec<Finding> = doc.duplicates.iter().map(duplicate_key::finding).collect();
    for number in &doc.out_of_range {
        findings.push(Finding {
            rule: &invalid_value::RULE,
            at: Location { pointer: number.pointer.clone(), target: Target::Value },
            message: "this number is too large for any field".into(),
            help: Some("use a number within the field's range".into()),
            span: Some(number.span),
            cap: None,
            fix: None,
            group: None,
        });
    }
    findings.extend(doc.unreadable.iter().map(|part| invalid_json::finding(part, "fix the JSON inside the string")));
    if let Some(first) = doc.masked.first() {
        // What was masked is said, once: the rest of the file was checked around it.
        let n = doc.masked.len();
        let message = format!(
            "this file is a template: {n} value{} outside strings {} read as unknown, and what AWS reads is the rendered file",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" }
        );
        let part = crate::unit::Unreadable { message, span: *first };
        let mut finding =
            invalid_json::finding(&part, "render it before you check it to have those values checked too");
        finding.cap = Some(Severity::Info);
        findings.push(finding);
    }
    findings
}

/// Diagnostics of findings that name their own spans in `text` (no unit to place them in):
/// a file that cannot be read, or the configuration file.
pub(crate) fn place_findings(text: &str, findings: Vec<Finding>, settings: &Settings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    place(&LineIndex::new(text), None, None, findings, settings, &mut out);
    out
}

/// Runs the schema and every enabled rule over each unit of a document: the findings of each
/// unit, and the task definitions it holds. `elsewhere` finds a family's task definition in
/// the other files of the run.
pub(crate) fn check_document(
    doc: &Document,
    settings: &Settings,
    mut elsewhere: impl FnMut(&str) -> Option<TaskFacts>,
) -> (Vec<Vec<Finding>>, Vec<TaskFacts>) {
    let schema_enabled = schema::RULES.iter().any(|r| settings.enabled(r));
    let mut per_unit: Vec<Vec<Finding>> = Vec::with_capacity(doc.units.len());
    for unit in &doc.units {
        let mut findings = Vec::new();
        if schema_enabled {
            schema::check(unit, &mut findings);
        }
        per_unit.push(findings);
    }
    let run_rules = |cx: &Context, findings: &mut Vec<Finding>| {
        for &(rule, made) in rules::ALL {
            if let Made::Check(check) = made
                && settings.enabled(rule)
            {
                check(cx, &mut Sink::new(rule, findings));
            }
        }
    };
    // Task definitions first: the services of the same file need what they hold.
    let mut tasks: Vec<TaskFacts> = Vec::new();
    for (unit, findings) in doc.units.iter().zip(per_unit.iter_mut()).filter(|(u, _)| u.shape.is_task()) {
        let cx = Context::new(unit, doc.source_len, None);
        tasks.push(TaskFacts::of(&cx, &unit.origin));
        run_rules(&cx, findings);
    }
    // The other resources of a template or module (clusters, scaling), which look at the rest.
    for (unit, findings) in
        doc.units.iter().zip(per_unit.iter_mut()).filter(|(u, _)| matches!(u.shape, crate::unit::Shape::Resource(_)))
    {
        run_rules(&Context::new(unit, doc.source_len, None).with_siblings(&doc.units), findings);
    }
    for (unit, findings) in doc.units.iter().zip(per_unit.iter_mut()).filter(|(u, _)| u.shape.is_service()) {
        let service_task = match &unit.task {
            Some(TaskRef::Resource(id)) => tasks.iter().find(|t| t.resource.as_deref() == Some(id.as_str())).cloned(),
            Some(TaskRef::Family(family)) => {
                let here: Vec<TaskFacts> =
                    tasks.iter().filter(|t| t.family.as_deref() == Some(family.as_str())).cloned().collect();
                if here.is_empty() { elsewhere(family) } else { TaskFacts::merge(&here) }
            }
            None => None,
        };
        run_rules(&Context::new(unit, doc.source_len, service_task).with_siblings(&doc.units), findings);
    }
    (per_unit, tasks)
}

/// Settles severities, maps pointers to spans and spans to lines and columns. For a unit
/// converted from a template, the pointer reported is the template's own, and fixes (written
/// in the API's spelling) are left out.
fn place(
    lines: &LineIndex,
    unit: Option<&Unit>,
    source: Option<&SpanTree>,
    findings: Vec<Finding>,
    settings: &Settings,
    out: &mut Vec<Diagnostic>,
) {
    let converted = unit.is_some_and(Unit::is_converted);
    let here = |span: Span, message: String| Related {
        span,
        start: lines.position(span.start),
        end: lines.position(span.end),
        message,
    };
    // Each finding located once, by its pointer unless it knows its span.
    let mut findings = findings;
    for f in &mut findings {
        if f.span.is_none() {
            f.span = unit.map(|u| locate(u, &f.at));
        }
    }
    if findings.iter().any(|f| f.group.is_some()) {
        // A group is reported at its first place in the file.
        findings.sort_by_key(|f| f.span.map(|s| s.start));
    }
    out.extend(grouped(findings).into_iter().filter_map(|(f, others)| {
        let severity = settings.severity(f.rule)?.min(f.cap.unwrap_or(Severity::Error));
        let span = f.span.unwrap_or_default();
        let mut fingerprint = if settings.fingerprints {
            crate::diagnostic::fingerprint(unit.map(|u| &u.value), &f.at, &f.message)
        } else {
            String::new()
        };
        let mut pointer = f.at.pointer;
        if let (true, Some(unit)) = (converted, unit) {
            let name = match &unit.origin {
                Origin::CloudFormation(name) | Origin::Terraform(name) => name.as_str(),
                Origin::File => "",
            };
            if settings.fingerprints {
                fingerprint = format!("{}:{fingerprint}", escape_pointer_segment(name));
            }
            if let Some(source) = source {
                pointer =
                    source.path_at(span.start).0.iter().map(|s| format!("/{}", escape_pointer_segment(s))).collect();
            }
        }
        let related = others.into_iter().map(|(span, message)| here(span, message));
        Some(Diagnostic {
            fingerprint,
            fix: unit
                .zip(f.fix.as_ref())
                .filter(|(_, fix)| !converted || replaces_values(fix))
                .map(|(u, fix)| place_fix(u, fix)),
            rule: f.rule,
            severity,
            start: lines.position(span.start),
            end: lines.position(span.end),
            span,
            pointer,
            message: f.message,
            help: f.help,
            related: related.collect(),
        })
    }));
}

/// Findings of one rule with the same group key made one: the first, with the others' places
/// and messages, their fixes joined into one.
fn grouped(findings: Vec<Finding>) -> Vec<(Finding, Vec<(Span, String)>)> {
    let mut out: Vec<(Finding, Vec<(Span, String)>)> = Vec::with_capacity(findings.len());
    let mut first: HashMap<(&'static str, &'static str), usize> = HashMap::new();
    for f in findings {
        let Some(key) = f.group.as_ref().map(|g| (f.rule.name, g.key)) else {
            out.push((f, Vec::new()));
            continue;
        };
        match first.get(&key) {
            Some(&i) => {
                let (lead, others) = &mut out[i];
                match (&mut lead.fix, f.fix) {
                    (Some(fix), Some(more)) => fix.edits.extend(more.edits),
                    (lead_fix, _) => *lead_fix = None,
                }
                others.push((f.span.unwrap_or_default(), f.message));
            }
            None => {
                first.insert(key, out.len());
                out.push((f, Vec::new()));
            }
        }
    }
    for (f, others) in &mut out {
        if let (Some(group), false) = (&f.group, others.is_empty()) {
            let more = match others.len() {
                1 => "1 other field".to_string(),
                n => format!("{n} other fields"),
            };
            f.message = group.message.replace("{more}", &more);
            if let Some(fix) = &mut f.fix {
                fix.title = group.fix_title.clone();
            }
        }
    }
    out
}

/// In a template, a fix replaces only what is written as a literal: a reference
/// (`var.essential`) or an expression holds meaning the fix must not drop.
fn keep_literal_fixes(text: &str, out: &mut [Diagnostic]) {
    for d in out {
        let written = |span: &Span| text.get(span.start..span.end).is_some_and(is_literal);
        if d.fix.as_ref().is_some_and(|fix| !fix.edits.iter().all(|(span, _)| written(span))) {
            d.fix = None;
        }
    }
}

/// Whether text is a literal scalar: `true`, `false`, a number, or a quoted string without
/// interpolation.
pub(crate) fn is_literal(text: &str) -> bool {
    let s = text.trim();
    let quoted = s.len() >= 2
        && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\'')))
        && !s.contains("${");
    matches!(s, "true" | "false") || s.parse::<f64>().is_ok() || quoted
}

/// Whether a fix only replaces values with literals that read the same in a template's
/// spelling (`true`, `8080`): such a fix is as safe in CloudFormation and Terraform as in JSON.
/// Removals and renames are written in JSON's syntax, and are left to the JSON files.
fn replaces_values(fix: &FixSpec) -> bool {
    fix.edits.iter().all(|(at, new)| {
        at.target == Target::Value && (matches!(new.as_str(), "true" | "false") || new.parse::<i64>().is_ok())
    })
}

/// A fix's edits placed in the unit's text, sorted; removals are placed together, so that
/// removing neighbours leaves no separator behind.
fn place_fix(unit: &Unit, fix: &FixSpec) -> Fix {
    let removed: Vec<&str> =
        fix.edits.iter().filter(|(at, _)| at.target == Target::Removal).map(|(at, _)| at.pointer.as_str()).collect();
    let mut edits: Vec<(Span, String)> = fix
        .edits
        .iter()
        .filter(|(at, _)| at.target != Target::Removal)
        .map(|(at, text)| (locate(unit, at), text.clone()))
        .chain(unit.tree.removal_spans(&removed).into_iter().map(|span| (span, String::new())))
        .collect();
    edits.sort_by_key(|(span, _)| (span.start, span.end));
    Fix { title: fix.title.clone(), edits }
}

/// The bytes a location names.
pub(crate) fn locate(unit: &Unit, at: &Location) -> Span {
    let Some(node) = unit.tree.find(&at.pointer) else {
        return Span::default();
    };
    match at.target {
        Target::Value => node.span,
        Target::Key => node.key.unwrap_or(node.span),
        Target::Member => Span::new(node.key.unwrap_or(node.span).start, node.span.end),
        Target::Start => Span::new(node.span.start, (node.span.start + 1).min(node.span.end)),
        Target::Removal => unit.tree.removal_spans(&[&at.pointer]).first().copied().unwrap_or(node.span),
    }
}

/// For files that cannot be parsed while walking: worth reporting only if it says so.
fn looks_like_task_definition(text: &str) -> bool {
    // Text that does not start as JSON (or JSON with comments) is some other file that only
    // mentions these words: a workflow's comments, a README.
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if !start.starts_with(['{', '[', '/']) && !text.contains("AWS::ECS::") {
        return false;
    }
    text.contains("containerDefinitions")
        || text.contains("AWS::ECS::")
        || (text.trim_start().starts_with('[') && text.contains("\"image\""))
}

/// Text from bytes in UTF-16 or any other state, only to look for telling words in it.
fn decode_loosely(bytes: &[u8]) -> String {
    let zeros = bytes.iter().take(64).filter(|&&b| b == 0).count();
    if zeros > 8 {
        let le = bytes.get(1) == Some(&0) || bytes.starts_with(b"\xFF\xFE");
        let units = bytes
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
        char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).filter(|&c| c != '\0').collect()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// For service rule tests: `CreateService` input with `extra` members (each followed by a
/// comma) and `key` set to `value`.
#[cfg(test)]
pub fn service_with(extra: &str, key: &str, value: &str) -> String {
    format!(r#"{{"serviceName": "s", "taskDefinition": "web", {extra} "{key}": {value}}}"#)
}

/// For rule unit tests: what `rule` reports on `text`, as "pointer: message".
#[cfg(test)]
pub fn messages(text: &str, rule: &Rule) -> Vec<String> {
    let mut settings = Settings::default();
    settings.overrides.insert(rule.name, Some(Severity::Warning));
    match lint_text(text, false, &settings) {
        Outcome::Checked(diagnostics) => {
            diagnostics.iter().filter(|d| d.rule == rule).map(|d| format!("{}: {}", d.pointer, d.message)).collect()
        }
        Outcome::Skipped => unreachable!("never skipped without sniffing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{invalid_type, invalid_value};

    /// The text with a fix's edits applied.
    fn fixed(text: &str, fix: &Fix) -> String {
        let mut out = text.to_string();
        for (span, new) in fix.edits.iter().rev() {
            out.replace_range(span.start..span.end, new);
        }
        out
    }

    #[test]
    fn every_null_is_one_problem_with_one_fix() {
        let text = r#"{
  "family": "web",
  "pidMode": null,
  "ipcMode": null,
  "containerDefinitions": [{"name": "web", "image": "x:1", "memory": 256, "user": null, "links": null}],
  "volumes": null
}"#;
        let Outcome::Checked(d) = lint_text(text, false, &Settings::default()) else { panic!() };
        let nulls: Vec<_> = d.iter().filter(|d| d.rule == &invalid_type::RULE).collect();
        assert_eq!(nulls.len(), 1, "{d:?}");
        assert_eq!(nulls[0].message, "`pidMode` and 4 other fields are null: the AWS CLI rejects null");
        assert_eq!(nulls[0].pointer, "/pidMode");
        let related: Vec<usize> = nulls[0].related.iter().map(|r| r.start.line).collect();
        assert_eq!(related, [4, 5, 5, 6]);
        let fix = nulls[0].fix.as_ref().unwrap();
        assert_eq!(fix.title, "Remove the fields that are null");
        let after = fixed(text, fix);
        let value: serde_json::Value = serde_json::from_str(&after).unwrap_or_else(|e| panic!("{e}: {after}"));
        assert_eq!(
            value,
            serde_json::json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "x:1", "memory": 256}]})
        );
        let Outcome::Checked(again) = lint_text(&after, false, &Settings::default()) else { panic!() };
        assert!(again.iter().all(|d| d.rule != &invalid_type::RULE), "{again:?}");
    }

    #[test]
    fn one_problem_one_diagnostic() {
        // A number where an enum string belongs breaks `type` and `enum`: one finding.
        let text = r#"{"family": "x", "networkMode": 5, "containerDefinitions": [{"name": "a", "image": "b"}]}"#;
        let Outcome::Checked(d) = lint_text(text, false, &Settings::default()) else { panic!() };
        let at_mode: Vec<_> = d.iter().filter(|d| d.pointer == "/networkMode").collect();
        assert_eq!(at_mode.len(), 1, "{d:?}");
        assert_eq!(at_mode[0].rule, &invalid_type::RULE);
        assert_eq!(at_mode[0].message, "`networkMode` must be a string, not a number");
    }

    #[test]
    fn placeholders_are_unknown_not_wrong() {
        let text = r#"{"family": "x", "networkMode": "${MODE}", "containerDefinitions": [
            {"name": "a", "image": "b", "memory": "${MEMORY}", "portMappings": [{"containerPort": "{{ port }}"}]}]}"#;
        assert_eq!(messages(text, &invalid_type::RULE), Vec::<String>::new());
        assert_eq!(messages(text, &invalid_value::RULE), Vec::<String>::new());
        let quoted = r#"{"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "memory": "512"}]}"#;
        assert_eq!(
            messages(quoted, &invalid_type::RULE),
            ["/containerDefinitions/0/memory: `memory` must be an integer, not a string"]
        );
    }

    #[test]
    fn out_of_range_numbers_are_reported_where_they_are() {
        let text = r#"{"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "memory": 1e999}]}"#;
        assert_eq!(
            messages(text, &invalid_value::RULE),
            ["/containerDefinitions/0/memory: this number is too large for any field"]
        );
    }
}
