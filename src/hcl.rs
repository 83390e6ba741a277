//! Terraform modules as people write them: `.tf` files read with `hcl-edit` (which keeps the
//! position of every expression), their `aws_ecs_task_definition` and `aws_ecs_service`
//! resources evaluated statically and turned into the API's shape, so that every rule applies
//! as it does to the JSON the provider sends.
//!
//! A directory of `.tf` files is one module: its `locals`, its variables' defaults and the
//! values of `terraform.tfvars` and `*.auto.tfvars` are known; `path.module` is the directory.
//! What Terraform knows only at plan time (data sources, other resources' attributes, module
//! outputs, variables without a value, `count`/`each`, functions not listed in [`Eval::call`])
//! is a placeholder: unknown, never wrong.
//!
//! `container_definitions` is read in the forms the provider's documentation and its users
//! write: `jsonencode([...])` of HCL values, a heredoc or string of JSON with `${...}`
//! interpolations, `file(...)`, `templatefile(path, vars)` and a local holding any of these.
//! Provider reference:
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_service>;
//! the language: <https://developer.hashicorp.com/terraform/language/expressions>,
//! <https://developer.hashicorp.com/terraform/language/functions>.
//!
//! Locations: a value written in the file points where it is written; a value that comes from
//! another file of the module (a local or a variable defined there, a `file()` read) points at
//! the reference to it in this file.

use crate::convert::Builder;
use crate::json::{self, NodeId, SpanTree};
use crate::span::Span;
use crate::unit::{Converted, Kind, Origin, Shape, TaskRef, Unit, Unreadable};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::template::{Element, Template};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How deep references may chain (a local naming a local ...) before the value is unknown.
const MAX_DEPTH: usize = 32;
/// How many expressions one file's evaluation may visit before the rest is unknown: a module
/// whose locals refer to each other many times over stays linear.
const MAX_STEPS: usize = 200_000;
/// The largest file `file()` and `templatefile()` read.
const MAX_READ: u64 = 10 * 1024 * 1024;

/// Whether a file is read as Terraform's native syntax.
pub fn is_terraform_path(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tf"))
}

/// What a `.tf` file gives: its units and the parts it could not read, where it reads other
/// files (`Document::elsewhere`), and where values come from variables (`Document::origins`).
pub type Read = (Converted, Vec<Span>, Vec<(Span, Span, String)>);

/// Whether text that is neither JSON nor YAML looks like Terraform (for standard input named
/// without an extension, and for messages).
pub fn looks_like_terraform(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        ["resource \"", "module \"", "variable \"", "locals {", "terraform {", "provider \"", "data \""]
            .iter()
            .any(|p| l.starts_with(p))
    })
}

/// The task definitions and services of one `.tf` file, read in its module (`path`'s
/// directory; without a path, the file alone).
///
/// Also returns where the file reads another one with `file()` or `templatefile()` (see
/// `Document::elsewhere`).
pub fn units(text: &str, path: Option<&Path>) -> Result<Read, Unreadable> {
    let body = parse(text)?;
    let mut module = Module::of(path);
    module.add(body.clone(), false, true);
    let mut eval = Eval {
        module: &module,
        typed: (&[], &[]),
        text,
        steps: 0,
        errors: Vec::new(),
        builder: Builder::new(),
        elsewhere: Vec::new(),
        origins: Vec::new(),
    };
    let mut units = Vec::new();
    for block in body.blocks() {
        if block.ident.as_str() != "resource" || block.labels.len() != 2 {
            continue;
        }
        let (kind, name) = (block.labels[0].as_str(), block.labels[1].as_str());
        let span = span_of(block).unwrap_or_default();
        let address = format!("{kind}.{name}");
        match kind {
            "aws_ecs_task_definition" => {
                eval.builder = Builder::new();
                eval.typed = (TASK_NUMBERS, TASK_BOOLS);
                let (values, root) = eval.body(&block.body, span, 0, true);
                let source = std::mem::take(&mut eval.builder).finish(root);
                let (value, tree, errors) = crate::terraform::task_definition(text, &source, &values, &address);
                eval.errors.extend(errors);
                units.push(Unit {
                    shape: Shape::Register,
                    value,
                    tree,
                    origin: Origin::Terraform(address),
                    task: None,
                    api_spelt: Vec::new(),
                    ignore_changes: Vec::new(),
                });
            }
            "aws_ecs_service" => {
                eval.builder = Builder::new();
                eval.typed = (SERVICE_NUMBERS, SERVICE_BOOLS);
                let (values, root) = eval.body(&block.body, span, 0, false);
                let source = std::mem::take(&mut eval.builder).finish(root);
                let mut task = block.body.get_attribute("task_definition").and_then(|a| task_ref(&a.value, &values));
                // A task definition in another file of the module: found by its family among
                // the files of the run, as for any service.
                if let Some(TaskRef::Resource(address)) = &task
                    && let Some(family) =
                        address.strip_prefix("aws_ecs_task_definition.").and_then(|n| module.families.get(n))
                {
                    let (family, _) = eval.eval(family, Some(span), span, 0);
                    task = family.as_str().filter(|f| !is_unknown_str(f)).and_then(TaskRef::from_name);
                }
                let (value, tree) = crate::terraform::service(&source, &values, 0, span);
                units.push(Unit {
                    shape: Shape::CreateService,
                    value,
                    tree,
                    origin: Origin::Terraform(address),
                    task,
                    api_spelt: Vec::new(),
                    ignore_changes: ignore_changes(&block.body, text),
                });
            }
            other => units.extend(Kind::of_terraform(other).map(|kind| eval.resource(kind, block, span, address))),
        }
    }
    for block in body.blocks().filter(|b| b.ident.as_str() == "module" && b.labels.len() == 1) {
        eval.typed = (&[], &[]);
        units.extend(community_module(&mut eval, block, path));
    }
    Ok(((units, eval.errors), eval.elsewhere, eval.origins))
}

/// Parses a file of Terraform's native syntax; an error at its line and column.
fn parse(text: &str) -> Result<Body, Unreadable> {
    hcl_edit::parser::parse_body(text).map_err(|e| {
        let at = e.location().offset().min(text.len());
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        Unreadable { message: format!("invalid Terraform (HCL): {}", e.message()), span: Span::new(at, end) }
    })
}

fn span_of(v: &impl hcl_edit::Span) -> Option<Span> {
    v.span().map(|r| Span::new(r.start, r.end))
}

/// What a module defines that expressions refer to.
struct Module {
    dir: PathBuf,
    /// Each local: its expression, and whether it is written in the file being read.
    locals: HashMap<String, (Expression, bool)>,
    /// Each variable's value: from a `.tfvars` file, else its default.
    vars: HashMap<String, (Expression, bool)>,
    /// Variables given in `.tfvars` files (they win over defaults, in any order of reading).
    from_tfvars: std::collections::HashSet<String>,
    /// Each `data "template_file"`: its `template` and its `vars`.
    template_files: HashMap<String, (Expression, Option<Expression>, bool)>,
    /// The `family` of each task definition written in another file of the module, by name.
    families: HashMap<String, Expression>,
    /// Each variable's `type`, whose `optional(type, default)` attributes fill its value.
    types: HashMap<String, Expression>,
}

impl Module {
    /// The module of the file at `path`: the other `.tf` files of its directory and its
    /// `.tfvars` files (the file itself is added by the caller, from the text it was given).
    fn of(path: Option<&Path>) -> Module {
        let dir = path.and_then(Path::parent).map(Path::to_path_buf).unwrap_or_default();
        let mut module = Module::new(dir.clone());
        // The other files of the module, for their locals and variables.
        if let Some(path) = path
            && let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() { Path::new(".") } else { &dir })
        {
            let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            // `terraform.tfvars` first, then `*.auto.tfvars` in the order of their names: each
            // later one wins, as Terraform loads them
            // (<https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence>).
            names.sort_by_key(|p| (p.file_name().is_none_or(|n| n != "terraform.tfvars"), p.clone()));
            for other in names {
                let name = other.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
                let is_sibling = is_terraform_path(&other) && other.file_name() != path.file_name();
                let is_vars = name == "terraform.tfvars" || name.ends_with(".auto.tfvars");
                if !(is_sibling || is_vars) {
                    continue;
                }
                let Some(text) = read_bounded(&other) else { continue };
                let Ok(body) = parse(&text) else { continue };
                module.add(body, is_vars, false);
            }
        }
        module
    }

    fn new(dir: PathBuf) -> Module {
        Module {
            dir,
            locals: HashMap::new(),
            vars: HashMap::new(),
            from_tfvars: Default::default(),
            template_files: HashMap::new(),
            families: HashMap::new(),
            types: HashMap::new(),
        }
    }

    fn add(&mut self, body: Body, tfvars: bool, here: bool) {
        if tfvars {
            for attribute in body.into_attributes() {
                let name = attribute.key.as_str().to_string();
                self.from_tfvars.insert(name.clone());
                self.vars.insert(name, (attribute.value, false));
            }
            return;
        }
        for structure in body.into_iter() {
            let Structure::Block(block) = structure else { continue };
            match block.ident.as_str() {
                "locals" => {
                    for attribute in block.body.into_attributes() {
                        self.locals.insert(attribute.key.as_str().to_string(), (attribute.value, here));
                    }
                }
                "resource"
                    if !here && block.labels.len() == 2 && block.labels[0].as_str() == "aws_ecs_task_definition" =>
                {
                    let name = block.labels[1].as_str().to_string();
                    if let Some(family) = block.body.into_attributes().find(|a| a.key.as_str() == "family") {
                        self.families.insert(name, family.value);
                    }
                }
                "data" if block.labels.len() == 2 && block.labels[0].as_str() == "template_file" => {
                    let name = block.labels[1].as_str().to_string();
                    let mut template = None;
                    let mut vars = None;
                    for attribute in block.body.into_attributes() {
                        match attribute.key.as_str() {
                            "template" => template = Some(attribute.value),
                            "vars" => vars = Some(attribute.value),
                            _ => {}
                        }
                    }
                    if let Some(template) = template {
                        self.template_files.insert(name, (template, vars, here));
                    }
                }
                "variable" if block.labels.len() == 1 => {
                    let name = block.labels[0].as_str().to_string();
                    for attribute in block.body.into_attributes() {
                        match attribute.key.as_str() {
                            "type" => {
                                self.types.insert(name.clone(), attribute.value);
                            }
                            "default" if !self.from_tfvars.contains(&name) => {
                                self.vars.insert(name.clone(), (attribute.value, here));
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Text built from a template, with where each part of it is written.
#[derive(Default)]
struct Rendered {
    text: String,
    /// Pieces in order of `out`: the text from `out` on comes from `src`; `literal` when it is
    /// written there byte for byte.
    pieces: Vec<(usize, Span, bool)>,
}

impl Rendered {
    fn push(&mut self, s: &str, src: Span, literal: bool) {
        self.pieces.push((self.text.len(), src, literal));
        self.text.push_str(s);
    }

    /// Where a span of the rendered text is written.
    fn place(&self, span: Span, fallback: Span) -> Span {
        // Pieces are in order of `out`: the last one starting at or before `o`.
        let find = |o: usize| self.pieces.partition_point(|(out, _, _)| *out <= o).checked_sub(1);
        let map = |o: usize, end: bool| -> Option<usize> {
            let (out, src, literal) = self.pieces[find(if end { o.saturating_sub(1) } else { o })?];
            Some(if literal {
                (src.start + (o - out)).min(src.end)
            } else if end {
                src.end
            } else {
                src.start
            })
        };
        match (map(span.start, false), map(span.end, true)) {
            (Some(start), Some(end)) if start <= end => Span::new(start, end),
            _ => fallback,
        }
    }
}

/// The blocks of one name in a body: their values and nodes, where the first is, and its key.
type BlockList = (String, Vec<Value>, Vec<NodeId>, Span, Option<Span>);

struct Eval<'m> {
    module: &'m Module,
    /// The arguments of the resource being read that the provider types as numbers and as
    /// booleans (every other one is a string).
    typed: (&'static [&'static str], &'static [&'static str]),
    text: &'m str,
    steps: usize,
    errors: Vec<Unreadable>,
    builder: Builder,
    /// Where `container_definitions` is read from another file.
    elsewhere: Vec<Span>,
    /// Values a variable's reference takes from elsewhere: where the value stands, where the
    /// variable is used, and what it is (see `Document::origins`).
    origins: Vec<(Span, Span, String)>,
}

/// The value Terraform leaves unknown until it plans: a placeholder naming what it is.
fn unknown(what: &str) -> Value {
    let what: String = what.chars().filter(|c| !c.is_control() && !matches!(c, '{' | '}')).take(80).collect();
    Value::String(format!("${{{}}}", what.trim()))
}

/// Whether a string is an unknown value as [`unknown`] writes it (a rendered template that
/// holds some is text, known in part).
fn is_unknown_str(s: &str) -> bool {
    s.strip_prefix("${").and_then(|s| s.strip_suffix('}')).is_some_and(|inner| !inner.contains(['{', '}']))
}

fn is_unknown(v: &Value) -> bool {
    match v {
        Value::String(s) => is_unknown_str(s),
        _ => false,
    }
}

/// Whether a value holds an unknown anywhere.
fn holds_unknown(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.iter().any(holds_unknown),
        Value::Object(o) => o.values().any(holds_unknown),
        other => is_unknown(other),
    }
}

/// A value as a template interpolation writes it.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Eval<'_> {
    /// A cluster, capacity provider, scalable target, policy or target group: its arguments as
    /// written (blocks as lists of objects), for the rules to read.
    fn resource(&mut self, kind: Kind, block: &hcl_edit::structure::Block, span: Span, address: String) -> Unit {
        self.builder = Builder::new();
        self.typed = (&[], &[]);
        let (value, root) = self.body(&block.body, span, 0, false);
        let tree = std::mem::take(&mut self.builder).finish(root);
        Unit {
            shape: Shape::Resource(kind),
            value,
            tree,
            origin: Origin::Terraform(address),
            task: None,
            api_spelt: Vec::new(),
            ignore_changes: Vec::new(),
        }
    }

    /// The source text of an expression (or a traversal) written in this file, for
    /// placeholders; `…` for one written elsewhere (`at`).
    fn source(&self, e: &impl hcl_edit::Span, at: Option<Span>) -> String {
        match (at, span_of(e)) {
            (None, Some(s)) => self.text.get(s.start..s.end).unwrap_or("…").to_string(),
            _ => "…".into(),
        }
    }

    /// Where an expression stands: its own place when written in this file, else `at`.
    fn here(&self, e: &Expression, at: Option<Span>, fallback: Span) -> Span {
        at.or_else(|| span_of(e)).unwrap_or(fallback)
    }

    fn leaf(&mut self, value: Value, span: Span) -> (Value, NodeId) {
        (value, self.builder.leaf(span))
    }

    /// A block's body as the provider's schema has it: attributes by name, nested blocks as
    /// lists of objects. Meta-arguments are left out; a `dynamic` block makes its list unknown.
    fn body(&mut self, body: &Body, span: Span, depth: usize, top: bool) -> (Value, NodeId) {
        let mut out = Map::new();
        let mut members: Vec<(String, NodeId, Option<Span>)> = Vec::new();
        let mut lists: Vec<BlockList> = Vec::new();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(a) => {
                    let key = a.key.as_str();
                    if top && ["count", "for_each", "depends_on", "provider"].contains(&key) {
                        continue;
                    }
                    let here = span_of(&a.value).unwrap_or(span);
                    let (value, id) = if key == "container_definitions" {
                        self.container_definitions(&a.value, here)
                    } else {
                        let (value, id) = self.eval(&a.value, None, here, depth);
                        (self.coerce(key, value), id)
                    };
                    members.push((key.to_string(), id, span_of(&a.key)));
                    out.insert(key.to_string(), value);
                }
                Structure::Block(b) => {
                    let ident = b.ident.as_str();
                    if top && ident == "lifecycle" {
                        continue;
                    }
                    let block_span = span_of(b).unwrap_or(span);
                    if ident == "dynamic" {
                        let Some(label) = b.labels.first() else { continue };
                        let name = label.as_str().to_string();
                        let id = self.builder.leaf(block_span);
                        members.retain(|(k, _, _)| *k != name);
                        lists.retain(|(k, ..)| *k != name);
                        members.push((name.clone(), id, span_of(&b.ident)));
                        out.insert(name.clone(), unknown(&format!("dynamic {name}")));
                        continue;
                    }
                    if out.get(ident).is_some_and(is_unknown) {
                        continue;
                    }
                    let (value, id) = self.body(&b.body, block_span, depth, false);
                    match lists.iter_mut().find(|(k, ..)| k == ident) {
                        Some(list) => {
                            list.1.push(value);
                            list.2.push(id);
                        }
                        None => lists.push((ident.to_string(), vec![value], vec![id], block_span, span_of(&b.ident))),
                    }
                }
            }
        }
        for (name, values, ids, at, key) in lists {
            let id = self.builder.array(at, ids);
            members.push((name.clone(), id, key));
            out.insert(name, Value::Array(values));
        }
        (Value::Object(out), self.builder.object(span, members))
    }

    /// An argument's value converted to the type the provider's schema gives it, as Terraform
    /// converts primitive values (`cpu = 256` is the string "256"):
    /// <https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types>.
    fn coerce(&self, key: &str, value: Value) -> Value {
        let (numbers, bools) = self.typed;
        // A module's arguments are the module's to convert.
        if numbers.is_empty() && bools.is_empty() {
            return value;
        }
        let convert = |v: Value| -> Value {
            match v {
                Value::Number(n) if !numbers.contains(&key) && !bools.contains(&key) => Value::String(n.to_string()),
                Value::Bool(b) if !numbers.contains(&key) && !bools.contains(&key) => Value::String(b.to_string()),
                Value::String(s) if numbers.contains(&key) && !is_unknown_str(&s) => {
                    s.trim().parse::<i64>().map(Value::from).unwrap_or(Value::String(s))
                }
                Value::String(s) if bools.contains(&key) && (s == "true" || s == "false") => Value::Bool(s == "true"),
                other => other,
            }
        };
        match value {
            Value::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
            Value::Object(map) if !numbers.contains(&key) && !bools.contains(&key) => {
                Value::Object(map.into_iter().map(|(k, v)| (k, convert(v))).collect())
            }
            other => convert(other),
        }
    }

    /// `container_definitions`: the HCL value of `jsonencode(...)`, or JSON text parsed with
    /// its places kept.
    fn container_definitions(&mut self, e: &Expression, here: Span) -> (Value, NodeId) {
        if let Expression::FuncCall(call) = e
            && call.name.name.as_str() == "jsonencode"
            && call.args.len() == 1
            && let Some(arg) = call.args.get(0)
        {
            return self.eval(arg, None, here, 0);
        }
        if let Some(rendered) = self.text_of(e, None, here, 0) {
            if rendered.pieces.iter().all(|(_, _, literal)| !literal) && reads_a_file(e) {
                self.elsewhere.push(here);
            }
            return self.json_text(&rendered, here);
        }
        let (value, id) = self.eval(e, None, here, 0);
        match &value {
            // A string from elsewhere (a variable holding JSON, a rendered `template_file`):
            // read as JSON.
            Value::String(s) if !is_unknown_str(s) => {
                if reads_a_file(e) {
                    self.elsewhere.push(here);
                }
                let rendered = Rendered { text: s.clone(), pieces: Vec::new() };
                self.json_text(&rendered, here)
            }
            _ => (value, id),
        }
    }

    /// JSON text (with unknown values written as `${...}`) parsed, each place mapped back.
    fn json_text(&mut self, rendered: &Rendered, here: Span) -> (Value, NodeId) {
        let parsed = json::parse(&rendered.text).or_else(|e| {
            // Unknown values outside strings (`"cpu": ${var.cpu}`) are masked as strings of
            // the same length, as for any template.
            crate::placeholder::mask_template(&rendered.text).and_then(|(masked, _)| json::parse(&masked).ok()).ok_or(e)
        });
        match parsed {
            Ok(inner) => {
                let id = self.builder.copy(&inner.tree, &inner.value, Some(0), here, &|s| rendered.place(s, here));
                (inner.value, id)
            }
            Err(e) => {
                self.errors.push(Unreadable {
                    message: format!("`container_definitions` is not valid JSON: {}", e.message),
                    span: rendered.place(e.span, here),
                });
                self.leaf(unknown("container_definitions"), here)
            }
        }
    }

    /// The text of a string-valued expression, with where its parts are written; `None` for
    /// an expression that is not text Terraform builds here.
    fn text_of(&mut self, e: &Expression, at: Option<Span>, fallback: Span, depth: usize) -> Option<Rendered> {
        let here = self.here(e, at, fallback);
        match e {
            Expression::String(s) => {
                let mut r = Rendered::default();
                let exact = at.is_none()
                    && span_of(s).is_some_and(|sp| {
                        // Written between quotes without escapes: byte for byte.
                        self.text.get(sp.start + 1..sp.end.saturating_sub(1)) == Some(s.as_str())
                    });
                let src = if exact { Span::new(here.start + 1, here.end - 1) } else { here };
                r.push(s.as_str(), src, exact);
                Some(r)
            }
            Expression::StringTemplate(t) => Some(self.render(t, at, here, depth, None)),
            Expression::HeredocTemplate(h) => Some(self.render(&h.template, at, here, depth, None)),
            Expression::Parenthesis(p) => self.text_of(p.inner(), at, here, depth),
            Expression::FuncCall(call) if ["file", "templatefile"].contains(&call.name.name.as_str()) => {
                let (value, _) = self.eval(e, at, here, depth);
                let text = value.as_str().filter(|s| !is_unknown_str(s))?.to_string();
                let mut r = Rendered::default();
                r.push(&text, here, false);
                Some(r)
            }
            Expression::Traversal(t) => {
                let Expression::Variable(root) = &t.expr else { return None };
                if root.as_str() != "local" || t.operators.len() != 1 {
                    return None;
                }
                let TraversalOperator::GetAttr(name) = t.operators[0].value() else { return None };
                let (expr, written_here) = self.module.locals.get(name.as_str())?;
                if depth >= MAX_DEPTH {
                    return None;
                }
                let at = if *written_here && at.is_none() { None } else { Some(here) };
                self.text_of(expr, at, here, depth + 1)
            }
            _ => None,
        }
    }

    /// A template rendered: literals as written, interpolations by their value where it is
    /// known, else as `${...}` (a placeholder); directives make the whole unknown. With a
    /// `scope` (the variables `templatefile` or a `template_file` gives), only those are known;
    /// without, the module's.
    fn render(
        &mut self,
        t: &Template,
        at: Option<Span>,
        here: Span,
        depth: usize,
        scope: Option<&Map<String, Value>>,
    ) -> Rendered {
        let mut r = Rendered::default();
        for element in t.iter() {
            match element {
                Element::Literal(lit) => {
                    let src = if at.is_none() { span_of(lit) } else { None };
                    let exact = src.is_some_and(|s| self.text.get(s.start..s.end) == Some(lit.as_str()));
                    if !exact
                        && let Some(src) = src
                        && self.push_stripped(&mut r, lit.as_str(), src)
                    {
                        continue;
                    }
                    r.push(lit.as_str(), src.unwrap_or(here), exact);
                }
                Element::Interpolation(i) => {
                    let src = if at.is_none() { span_of(i) } else { None }.unwrap_or(here);
                    let value = match scope {
                        None => self.eval(&i.expr, at, here, depth + 1).0,
                        Some(scope) => self.scoped(&i.expr, scope),
                    };
                    match as_text(&value) {
                        Some(s) => r.push(&s, src, false),
                        None => {
                            let raw = if at.is_none() { self.source(&i.expr, at) } else { "…".into() };
                            r.push(&format!("${{{raw}}}"), src, false);
                        }
                    }
                }
                Element::Directive(_) => {
                    return Rendered { text: "${template directive}".into(), pieces: vec![(0, here, false)] };
                }
            }
        }
        r
    }

    /// A literal of an indented heredoc (`<<-EOF`), whose text is its source with each line's
    /// indentation removed: pushed line by line, each where it is written. `false` when the
    /// text is not the source so stripped.
    fn push_stripped(&self, r: &mut Rendered, value: &str, src: Span) -> bool {
        let Some(source) = self.text.get(src.start..src.end) else { return false };
        let mut pieces = Vec::new();
        let mut offset = src.start;
        let mut rest = value;
        for line in source.split_inclusive('\n') {
            let trimmed = line.trim_start_matches([' ', '\t']);
            // The value's line is the source line less some of its indentation.
            let Some(start) = (0..=line.len() - trimmed.len()).find(|&i| rest.starts_with(&line[i..])) else {
                return false;
            };
            let written = &line[start..];
            pieces.push((written, Span::new(offset + start, offset + line.len())));
            rest = &rest[written.len()..];
            offset += line.len();
        }
        if !rest.is_empty() {
            return false;
        }
        for (written, span) in pieces {
            r.push(written, span, true);
        }
        true
    }

    /// An expression of a template read by `templatefile`: only its variables are known.
    fn scoped(&mut self, e: &Expression, scope: &Map<String, Value>) -> Value {
        match e {
            Expression::Variable(v) => scope.get(v.as_str()).cloned().unwrap_or_else(|| unknown(v.as_str())),
            Expression::String(s) => Value::String(s.as_str().to_string()),
            Expression::Number(n) => number(n),
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Traversal(t) => {
                let Expression::Variable(root) = &t.expr else { return unknown("template value") };
                let mut value = scope.get(root.as_str()).cloned().unwrap_or_else(|| unknown(root.as_str()));
                for op in &t.operators {
                    value = match op.value() {
                        TraversalOperator::GetAttr(name) => value.get(name.as_str()).cloned(),
                        _ => None,
                    }
                    .unwrap_or_else(|| unknown("template value"));
                }
                value
            }
            Expression::FuncCall(call) if call.name.name.as_str() == "jsonencode" && call.args.len() == 1 => {
                let value = call.args.get(0).map_or(Value::Null, |a| self.scoped(a, scope));
                if holds_unknown(&value) { unknown("jsonencode(…)") } else { Value::String(value.to_string()) }
            }
            _ => unknown("template value"),
        }
    }

    /// Evaluates an expression: its value, and its node (every place in `at` when given, the
    /// value being written elsewhere).
    fn eval(&mut self, e: &Expression, at: Option<Span>, fallback: Span, depth: usize) -> (Value, NodeId) {
        let here = self.here(e, at, fallback);
        self.steps += 1;
        if self.steps > MAX_STEPS || depth > MAX_DEPTH {
            return self.leaf(unknown("…"), here);
        }
        match e {
            Expression::Null(_) => self.leaf(Value::Null, here),
            Expression::Bool(b) => self.leaf(Value::Bool(*b.value()), here),
            Expression::Number(n) => self.leaf(number(n), here),
            Expression::String(s) => self.leaf(Value::String(s.as_str().to_string()), here),
            Expression::StringTemplate(_) | Expression::HeredocTemplate(_) => {
                let rendered = self.text_of(e, at, here, depth).unwrap_or_default();
                self.leaf(Value::String(rendered.text), here)
            }
            Expression::Parenthesis(p) => self.eval(p.inner(), at, here, depth),
            Expression::Array(items) => {
                let mut values = Vec::new();
                let mut ids = Vec::new();
                for item in items.iter() {
                    let (v, id) = self.eval(item, at, here, depth + 1);
                    values.push(v);
                    ids.push(id);
                }
                (Value::Array(values), self.builder.array(here, ids))
            }
            Expression::Object(object) => {
                let mut out = Map::new();
                let mut members = Vec::new();
                for (key, value) in object.iter() {
                    let name = match key {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(k) => match self.eval(k, at, here, depth + 1).0 {
                            Value::String(s) if !is_unknown_str(&s) => s,
                            // A key Terraform computes: the object's keys are not known.
                            _ => return self.leaf(unknown(&self.source(e, at)), here),
                        },
                    };
                    let key_span = if at.is_none() { span_of(key) } else { at };
                    let (v, id) = self.eval(value.expr(), at, here, depth + 1);
                    members.retain(|(k, _, _): &(String, NodeId, Option<Span>)| *k != name);
                    members.push((name.clone(), id, key_span));
                    out.insert(name, v);
                }
                (Value::Object(out), self.builder.object(here, members))
            }
            Expression::Traversal(t) => self.traversal(t, at, here, depth),
            Expression::FuncCall(call) => {
                let value = self.call(call, at, here, depth);
                self.leaf_or_copy(value, here)
            }
            Expression::Conditional(c) => {
                let (condition, _) = self.eval(&c.cond_expr, at, here, depth + 1);
                match condition {
                    Value::Bool(true) => self.eval(&c.true_expr, at, here, depth + 1),
                    Value::Bool(false) => self.eval(&c.false_expr, at, here, depth + 1),
                    _ => self.leaf(unknown(&self.source(e, at)), here),
                }
            }
            _ => self.leaf(unknown(&self.source(e, at)), here),
        }
    }

    /// A value computed here (by a function): every part of it at `here`.
    fn leaf_or_copy(&mut self, value: Value, here: Span) -> (Value, NodeId) {
        let id = self.builder.copy(&SpanTree::default(), &value, None, here, &|s| s);
        (value, id)
    }

    fn traversal(
        &mut self,
        t: &hcl_edit::expr::Traversal,
        at: Option<Span>,
        here: Span,
        depth: usize,
    ) -> (Value, NodeId) {
        let Expression::Variable(root) = &t.expr else {
            let (base, _) = self.eval(&t.expr, at, here, depth + 1);
            let value = self.index(base, &t.operators, at, here, depth);
            return self.leaf_or_copy(value, here);
        };
        let first = t.operators.first().map(|op| op.value());
        let (name, rest) = match first {
            Some(TraversalOperator::GetAttr(name)) => (name.as_str(), &t.operators[1..]),
            _ => return self.leaf(unknown(&self.source(t, at)), here),
        };
        if root.as_str() == "data" && name == "template_file" {
            let value = self.template_file(&t.operators[1..], here, depth);
            return self.leaf(value, here);
        }
        let definition = match root.as_str() {
            "local" => self.module.locals.get(name),
            "var" => self.module.vars.get(name),
            "path" if name == "module" || name == "root" || name == "cwd" => {
                let dir = self.module.dir.to_string_lossy();
                let dir = if dir.is_empty() { ".".to_string() } else { dir.into_owned() };
                return self.leaf(Value::String(dir), here);
            }
            _ => None,
        };
        let Some((expr, written_here)) = definition else {
            return self.leaf(unknown(&self.source(t, at)), here);
        };
        // Written in this file: it points where it is written; else at the reference.
        let inner_at = if *written_here && at.is_none() && rest.is_empty() { None } else { Some(here) };
        if root.as_str() == "var" && at.is_none() {
            let what = if self.module.from_tfvars.contains(name) {
                format!("the value of `var.{name}` comes from a `.tfvars` file")
            } else if inner_at.is_none() {
                format!("the value is the default of `var.{name}`")
            } else {
                format!("the value of `var.{name}` is its default, in another file of the module")
            };
            let written = if inner_at.is_none() { span_of(expr).unwrap_or(here) } else { here };
            self.origins.push((written, here, what));
        }
        let (mut value, id) = self.eval(expr, inner_at, here, depth + 1);
        if root.as_str() == "var"
            && let Some(ty) = self.module.types.get(name)
        {
            value = self.optional_defaults(ty, value, here, depth + 1);
        }
        if rest.is_empty() {
            return (value, id);
        }
        let value = self.index(value, rest, at, here, depth);
        self.leaf_or_copy(value, here)
    }

    /// A variable's value with the defaults its type gives the attributes it leaves out
    /// (`list(object({ interval = optional(number, 30) }))`), as Terraform fills them:
    /// <https://developer.hashicorp.com/terraform/language/expressions/type-constraints#optional-object-type-attributes>.
    fn optional_defaults(&mut self, ty: &Expression, value: Value, here: Span, depth: usize) -> Value {
        let Expression::FuncCall(call) = ty else { return value };
        if depth > MAX_DEPTH {
            return value;
        }
        let inner = call.args.get(0);
        match (call.name.name.as_str(), inner, value) {
            ("list" | "set", Some(inner), Value::Array(items)) => {
                Value::Array(items.into_iter().map(|v| self.optional_defaults(inner, v, here, depth + 1)).collect())
            }
            ("map", Some(inner), Value::Object(map)) => Value::Object(
                map.into_iter().map(|(k, v)| (k, self.optional_defaults(inner, v, here, depth + 1))).collect(),
            ),
            ("object", Some(Expression::Object(attributes)), Value::Object(mut map)) => {
                for (key, attribute_type) in attributes.iter() {
                    let Some(key) = key.as_ident().map(|k| k.as_str().to_string()) else { continue };
                    let mut attribute_type = attribute_type.expr();
                    if let Expression::FuncCall(optional) = attribute_type
                        && optional.name.name.as_str() == "optional"
                    {
                        if let Some(default) = optional.args.get(1)
                            && map.get(&key).is_none_or(Value::is_null)
                        {
                            let (default, _) = self.eval(default, Some(here), here, depth + 1);
                            map.insert(key.clone(), default);
                        }
                        let Some(inner) = optional.args.get(0) else { continue };
                        attribute_type = inner;
                    }
                    if let Some(v) = map.remove(&key) {
                        let v = self.optional_defaults(attribute_type, v, here, depth + 1);
                        map.insert(key, v);
                    }
                }
                Value::Object(map)
            }
            (_, _, value) => value,
        }
    }

    /// `data.template_file.NAME.rendered`: its template rendered with its `vars`
    /// (<https://registry.terraform.io/providers/hashicorp/template/latest/docs/data-sources/file>).
    fn template_file(&mut self, ops: &[hcl_edit::Decorated<TraversalOperator>], here: Span, depth: usize) -> Value {
        let names: Vec<&str> = ops
            .iter()
            .filter_map(|op| match op.value() {
                TraversalOperator::GetAttr(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        let [name, "rendered"] = names[..] else { return unknown("data.template_file") };
        let Some((template, vars, _)) = self.module.template_files.get(name) else {
            return unknown("data.template_file");
        };
        let (text, _) = self.eval(template, Some(here), here, depth + 1);
        let Some(text) = text.as_str().filter(|t| !is_unknown_str(t)) else { return unknown("data.template_file") };
        let vars = match vars {
            Some(vars) => self.eval(vars, Some(here), here, depth + 1).0,
            None => Value::Object(Map::new()),
        };
        let Ok(parsed) = hcl_edit::parser::parse_template(text) else { return unknown("data.template_file") };
        let scope = vars.as_object().cloned().unwrap_or_default();
        Value::String(self.render(&parsed, Some(here), here, depth + 1, Some(&scope)).text)
    }

    /// `value.attr`, `value["key"]`, `value[0]` applied in turn; unknown where they cannot be.
    fn index(
        &mut self,
        mut value: Value,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        at: Option<Span>,
        here: Span,
        depth: usize,
    ) -> Value {
        for op in ops {
            if is_unknown(&value) {
                return value;
            }
            let next = match op.value() {
                TraversalOperator::GetAttr(name) => value.get(name.as_str()).cloned(),
                TraversalOperator::Index(i) => match self.eval(i, at, here, depth + 1).0 {
                    Value::String(k) => value.get(&k).cloned(),
                    Value::Number(n) => n.as_u64().and_then(|i| value.get(i as usize).cloned()),
                    _ => None,
                },
                TraversalOperator::LegacyIndex(i) => value.get(*i.value() as usize).cloned(),
                _ => None,
            };
            value = next.unwrap_or_else(|| unknown("…"));
        }
        value
    }

    // Long: one arm per Terraform function, read top to bottom; each arm is a few lines.
    /// The functions people use to build task definitions, where their arguments are known.
    fn call(&mut self, call: &hcl_edit::expr::FuncCall, at: Option<Span>, here: Span, depth: usize) -> Value {
        let name = call.name.name.as_str();
        let whole = || unknown(&format!("{name}(…)"));
        if call.name.is_namespaced() {
            return whole();
        }
        let args: Vec<&Expression> = call.args.iter().collect();
        let mut values: Vec<Value> = Vec::new();
        for arg in &args {
            values.push(self.eval(arg, at, here, depth + 1).0);
        }
        let first = values.first();
        let text = |v: Option<&Value>| v.and_then(Value::as_str).filter(|s| !is_unknown_str(s)).map(str::to_string);
        let known = !values.iter().any(holds_unknown);
        match name {
            "jsonencode" if values.len() == 1 && known => Value::String(values[0].to_string()),
            "jsondecode" => match text(first).and_then(|s| serde_json::from_str::<Value>(&s).ok()) {
                Some(v) => v,
                None => whole(),
            },
            "yamldecode" => match text(first).and_then(|s| crate::yaml::parse(&s).ok()) {
                Some(parsed) => parsed.value,
                None => whole(),
            },
            "file" => match text(first).and_then(|p| self.read(&p)) {
                Some(s) => Value::String(s),
                None => whole(),
            },
            "templatefile" => {
                let (Some(path), Some(vars)) = (text(first), values.get(1).and_then(Value::as_object)) else {
                    return whole();
                };
                let Some(source) = self.read(&path) else { return whole() };
                let Ok(template) = hcl_edit::parser::parse_template(&source) else { return whole() };
                let rendered = self.render(&template, Some(here), here, depth + 1, Some(vars));
                Value::String(rendered.text)
            }
            "merge" if known && values.iter().all(Value::is_object) => {
                let mut out = Map::new();
                for v in values {
                    if let Value::Object(o) = v {
                        out.extend(o);
                    }
                }
                Value::Object(out)
            }
            "concat" if known && values.iter().all(Value::is_array) => {
                Value::Array(values.into_iter().flat_map(|v| v.as_array().cloned().unwrap_or_default()).collect())
            }
            "tolist" | "toset" | "tomap" | "sensitive" | "nonsensitive" if values.len() == 1 => values.remove(0),
            "tostring" if values.len() == 1 => as_text(&values[0]).map_or_else(whole, Value::String),
            "tonumber" if values.len() == 1 => match &values[0] {
                Value::Number(n) => Value::Number(n.clone()),
                Value::String(s) => s.parse::<i64>().map(Value::from).unwrap_or_else(|_| whole()),
                _ => whole(),
            },
            "lower" | "upper" | "trimspace" if values.len() == 1 => match text(first) {
                Some(s) => Value::String(match name {
                    "lower" => s.to_lowercase(),
                    "upper" => s.to_uppercase(),
                    _ => s.trim().to_string(),
                }),
                None => whole(),
            },
            "basename" | "dirname" if values.len() == 1 => match text(first) {
                Some(p) => {
                    let path = Path::new(p.trim_end_matches('/'));
                    let part = if name == "basename" { path.file_name() } else { path.parent().map(Path::as_os_str) };
                    Value::String(part.map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| ".".into()))
                }
                None => whole(),
            },
            "lookup" if values.len() >= 2 => match (values[0].as_object(), text(values.get(1))) {
                (Some(map), Some(key)) => {
                    map.get(&key).cloned().or_else(|| values.get(2).cloned()).unwrap_or_else(whole)
                }
                _ => whole(),
            },
            _ => whole(),
        }
    }

    /// A file a function reads, relative to the module's directory (as `path.module` is).
    fn read(&self, path: &str) -> Option<String> {
        let path = Path::new(path);
        let candidates = [self.module.dir.join(path), path.to_path_buf()];
        candidates.iter().find_map(|p| read_bounded(p))
    }
}

/// Which submodule of `terraform-aws-modules/ecs` a `module` block uses, if any: by its
/// registry or Git source (`terraform-aws-modules/ecs/aws//modules/service`), or a local source
/// whose directory holds that submodule (as in the module's own examples).
fn community_submodule(source: &str, dir: Option<&Path>) -> Option<&'static str> {
    let kind = ["container-definition", "service"].into_iter().find(|k| {
        source.trim_end_matches('/').split('?').next().is_some_and(|s| s.ends_with(&format!("modules/{k}")))
    })?;
    let named =
        source.contains("terraform-aws-modules/ecs") || source.contains("terraform-aws-modules/terraform-aws-ecs");
    let local = (source.starts_with("./") || source.starts_with("../"))
        && dir.and_then(|d| read_bounded(&d.join(source).join("variables.tf"))).is_some_and(|vars| {
            let marker = if kind == "service" {
                "variable \"container_definitions\""
            } else {
                "variable \"firelensConfiguration\""
            };
            vars.contains(marker)
        });
    (named || local).then_some(kind)
}

/// Arguments of the `container-definition` submodule that are the module's own, not the
/// container's (its `variables.tf`): they configure the log group and the module.
const MODULE_ONLY: &[&str] = &[
    "source",
    "version",
    "providers",
    "create",
    "region",
    "operating_system_family",
    "tags",
    "enable_execute_command",
    "service",
    "enable_cloudwatch_logging",
    "create_cloudwatch_log_group",
    "cloudwatch_log_group_name",
    "cloudwatch_log_group_use_name_prefix",
    "cloudwatch_log_group_class",
    "cloudwatch_log_group_retention_in_days",
    "cloudwatch_log_group_kms_key_id",
];

/// One container as the `container-definition` submodule renders it from its arguments
/// (`modules/container-definition/main.tf`): the container's fields as given (the module
/// takes them in the API's spelling), `readonlyRootFilesystem` true and `privileged` false
/// unless set, and an `awslogs` configuration to the log group it creates unless
/// `enable_cloudwatch_logging` or `create_cloudwatch_log_group` is false. Defaults stand at
/// the module block.
fn module_container(
    b: &mut Builder,
    source: &SpanTree,
    values: &Map<String, Value>,
    node: Option<NodeId>,
    span: Span,
    key_name: Option<&str>,
) -> (Value, NodeId) {
    let mut out = Map::new();
    let mut members = Vec::new();
    for (key, value) in values {
        if MODULE_ONLY.contains(&key.as_str()) || value.is_null() {
            continue;
        }
        let child = node.and_then(|n| source.member(n, key));
        let key_span = child.and_then(|c| source.node(c).key);
        members.push((key.clone(), b.copy(source, value, child, span, &|s| s), key_span));
        out.insert(key.clone(), value.clone());
    }
    if out.get("restartPolicy").and_then(|p| p.get("enabled")) == Some(&Value::Bool(false)) {
        out.remove("restartPolicy");
        members.retain(|(k, _, _)| k != "restartPolicy");
    }
    let disabled_restart = values.get("restartPolicy").and_then(|p| p.get("enabled")) == Some(&Value::Bool(false));
    let mut default = |out: &mut Map<String, Value>, key: &str, value: Value| {
        if key == "restartPolicy" && disabled_restart {
            return;
        }
        if !out.contains_key(key) {
            members.push((key.to_string(), b.copy(&SpanTree::default(), &value, None, span, &|s| s), None));
            out.insert(key.to_string(), value);
        }
    };
    // Without a name (the container-definition submodule alone), the name is what the
    // module's user merges in later: unknown.
    default(&mut out, "name", key_name.map_or_else(|| unknown("name"), |n| Value::String(n.to_string())));
    for (key, value) in [
        ("readonlyRootFilesystem", Value::Bool(true)),
        ("privileged", Value::Bool(false)),
        ("interactive", Value::Bool(false)),
        ("pseudoTerminal", Value::Bool(false)),
        ("startTimeout", Value::from(30)),
        ("stopTimeout", Value::from(120)),
        ("versionConsistency", Value::String("disabled".into())),
    ] {
        default(&mut out, key, value);
    }
    // The optional attributes of its typed `healthCheck` variable have defaults.
    if let Some(Value::Object(check)) = out.get_mut("healthCheck") {
        for (key, value) in [("interval", 30), ("retries", 3), ("timeout", 5)] {
            check.entry(key).or_insert(Value::from(value));
        }
    }
    // `restartPolicy` defaults to enabled (and is left out when disabled, above).
    default(&mut out, "restartPolicy", serde_json::json!({"enabled": true}));
    // `linuxParameters` holds `initProcessEnabled`, from `enable_execute_command` unless set
    // (a place of its own only when the module adds the whole object; else its object's).
    let exec = values.get("enable_execute_command").cloned().unwrap_or(Value::Bool(false));
    if let Some(Value::Object(params)) = out.get_mut("linuxParameters") {
        params.entry("initProcessEnabled").or_insert(exec.clone());
    }
    default(&mut out, "linuxParameters", serde_json::json!({"initProcessEnabled": exec}));
    let logging = |k: &str| values.get(k) != Some(&Value::Bool(false));
    if logging("enable_cloudwatch_logging") && logging("create_cloudwatch_log_group") {
        let log = serde_json::json!({"logDriver": "awslogs", "options": {
            "awslogs-group": "${the module's log group}", "awslogs-region": "${region}", "awslogs-stream-prefix": "ecs"}});
        default(&mut out, "logConfiguration", log);
    }
    (Value::Object(out), b.object(span, members))
}

/// The units a `module` block of `terraform-aws-modules/ecs` stands for: a container
/// (`container-definition`), or a task definition and its service (`service`, whose
/// `container_definitions` map holds containers keyed by name). What the module computes
/// (roles, the log group, its own defaults for `cpu`, `memory`, `network_mode` and
/// `requires_compatibilities`) is unknown unless given.
/// Sources: <https://github.com/terraform-aws-modules/terraform-aws-ecs/tree/master/modules>.
fn community_module(eval: &mut Eval, block: &hcl_edit::structure::Block, path: Option<&Path>) -> Vec<Unit> {
    let Some(source) = block.body.get_attribute("source").and_then(|a| match &a.value {
        Expression::String(s) => Some(s.as_str().to_string()),
        _ => None,
    }) else {
        return Vec::new();
    };
    let Some(kind) = community_submodule(&source, path.and_then(Path::parent)) else { return Vec::new() };
    let span = span_of(block).unwrap_or_default();
    let name = block.labels[0].as_str();
    eval.builder = Builder::new();
    let (values, root) = eval.body(&block.body, span, 0, true);
    let tree = std::mem::take(&mut eval.builder).finish(root);
    let Some(args) = values.as_object() else { return Vec::new() };
    if kind == "container-definition" {
        let mut b = Builder::new();
        let (value, id) = module_container(&mut b, &tree, args, Some(0), span, None);
        // One container of a list the module's user builds: the others are unknown.
        let others = b.leaf(span);
        let unit_root = b.array(span, vec![id, others]);
        return vec![Unit {
            shape: Shape::ContainerArray,
            value: Value::Array(vec![value, unknown("the other containers")]),
            tree: b.finish(unit_root),
            origin: Origin::Terraform(format!("module.{name}")),
            task: None,
            api_spelt: Vec::new(),
            ignore_changes: Vec::new(),
        }];
    }
    vec![module_task(&tree, args, span, name), module_service(tree, args, span, name)]
}

/// The task definition of the `service` submodule: its containers from the
/// `container_definitions` map, its arguments where given, the module's defaults unknown.
fn module_task(tree: &SpanTree, args: &Map<String, Value>, span: Span, name: &str) -> Unit {
    let mut b = Builder::new();
    // The task definition.
    let mut containers = Vec::new();
    let mut ids = Vec::new();
    let defs_node = tree.member(0, "container_definitions");
    let known_defs = match args.get("container_definitions") {
        Some(Value::Object(defs)) => {
            for (key, def) in defs {
                let Value::Object(def) = def else { continue };
                let node = defs_node.and_then(|n| tree.member(n, key));
                let at = node.map_or(span, |n| tree.node(n).span);
                let (value, id) = module_container(&mut b, tree, def, node, at, Some(key));
                containers.push(value);
                ids.push(id);
            }
            true
        }
        _ => false,
    };
    let mut task = Map::new();
    let mut members = Vec::new();
    let mut put = |b: &mut Builder, task: &mut Map<String, Value>, api: &str, value: Value, node: Option<NodeId>| {
        let at = node.map_or(span, |n| tree.node(n).span);
        let key = node.and_then(|n| tree.node(n).key);
        members.push((api.to_string(), b.copy(&SpanTree::default(), &value, None, at, &|s| s), key));
        task.insert(api.to_string(), value);
    };
    let text = |v: &Value| match v {
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    };
    let family = args.get("family").or_else(|| args.get("name")).cloned().unwrap_or_else(|| unknown("family"));
    put(&mut b, &mut task, "family", family, tree.member(0, "family").or_else(|| tree.member(0, "name")));
    for (tf, api) in [
        ("cpu", "cpu"),
        ("memory", "memory"),
        ("network_mode", "networkMode"),
        ("requires_compatibilities", "requiresCompatibilities"),
        ("pid_mode", "pidMode"),
        ("ipc_mode", "ipcMode"),
    ] {
        let value =
            args.get(tf).filter(|v| !v.is_null()).map_or_else(|| unknown(&format!("module default {tf}")), text);
        put(&mut b, &mut task, api, value, tree.member(0, tf));
    }
    for (tf, api) in [("tasks_iam_role_arn", "taskRoleArn"), ("task_exec_iam_role_arn", "executionRoleArn")] {
        let value =
            args.get(tf).filter(|v| !v.is_null()).cloned().unwrap_or_else(|| unknown(&format!("module role {tf}")));
        put(&mut b, &mut task, api, value, tree.member(0, tf));
    }
    let list = if known_defs { Value::Array(containers) } else { unknown("container_definitions") };
    let list_id = if known_defs { b.array(defs_node.map_or(span, |n| tree.node(n).span), ids) } else { b.leaf(span) };
    members.push(("containerDefinitions".into(), list_id, defs_node.and_then(|n| tree.node(n).key)));
    task.insert("containerDefinitions".into(), list);
    let task_root = b.object(span, members);
    let address = format!("module.{name}.aws_ecs_task_definition");
    Unit {
        shape: Shape::Register,
        value: Value::Object(task),
        tree: b.finish(task_root),
        origin: Origin::Terraform(address),
        task: None,
        api_spelt: Vec::new(),
        ignore_changes: Vec::new(),
    }
}

/// The service of the `service` submodule: the arguments the provider's resource has, with
/// the module's maps of blocks (`load_balancer = { key = {...} }`) as the lists the API has.
fn module_service(tree: SpanTree, args: &Map<String, Value>, span: Span, name: &str) -> Unit {
    // The service: the arguments the provider's resource has, with the module's maps of
    // blocks (`load_balancer = { key = {...} }`) as the lists the API has.
    let mut service_values = args.clone();
    service_values.retain(|k, _| k != "container_definitions");
    let mut tree = tree;
    if let Some(Value::Object(lbs)) = service_values.get("load_balancer").cloned() {
        // The map's entries, in the order of its keys, become the list's items, places kept.
        if let Some(node) = tree.member(0, "load_balancer") {
            let items = lbs.keys().filter_map(|k| tree.member(node, k)).collect();
            tree.set_items(node, items);
        }
        service_values.insert("load_balancer".into(), Value::Array(lbs.values().cloned().collect()));
    }
    if let Some(subnets) = service_values.get("subnet_ids").cloned() {
        let mut network = Map::new();
        network.insert("subnets".into(), subnets);
        if let Some(public) = service_values.get("assign_public_ip") {
            network.insert("assign_public_ip".into(), public.clone());
        }
        service_values.insert("network_configuration".into(), Value::Array(vec![Value::Object(network)]));
    }
    let service_values = Value::Object(service_values);
    // Every part of the service stands at the module block but for its top-level arguments.
    let (value, service_tree) = crate::terraform::service(&tree, &service_values, 0, span);
    Unit {
        shape: Shape::CreateService,
        value,
        tree: service_tree,
        origin: Origin::Terraform(format!("module.{name}.aws_ecs_service")),
        task: Some(TaskRef::Resource(format!("module.{name}.aws_ecs_task_definition"))),
        api_spelt: Vec::new(),
        ignore_changes: Vec::new(),
    }
}

/// Whether an expression reads a file of the repository: `file()`, `templatefile()`, or
/// `data.template_file.*.rendered` (whose template most often comes from `file()`).
fn reads_a_file(e: &Expression) -> bool {
    match e {
        Expression::FuncCall(call) => ["file", "templatefile"].contains(&call.name.name.as_str()),
        Expression::Traversal(t) => matches!((&t.expr, t.operators.first().map(|o| o.value())),
            (Expression::Variable(v), Some(TraversalOperator::GetAttr(n))) if v.as_str() == "data" && n.as_str() == "template_file"),
        Expression::Parenthesis(p) => reads_a_file(p.inner()),
        _ => false,
    }
}

/// A regular file of at most [`MAX_READ`] bytes, as text.
fn read_bounded(path: &Path) -> Option<String> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_READ {
        return None;
    }
    let mut text = String::new();
    file.take(MAX_READ).read_to_string(&mut text).ok()?;
    Some(text)
}

fn number(n: &hcl_edit::Number) -> Value {
    if let Some(i) = n.as_i64() {
        return Value::from(i);
    }
    if let Some(u) = n.as_u64() {
        return Value::from(u);
    }
    n.as_f64().and_then(Number::from_f64).map_or(Value::Null, Value::Number)
}

/// The task definition a service's `task_definition` names: a resource of the module by its
/// address, or a family.
/// The arguments a resource's `lifecycle { ignore_changes = [...] }` names, as written
/// (`desired_count`, `all`).
fn ignore_changes(body: &Body, text: &str) -> Vec<String> {
    let lifecycle = body.blocks().filter(|b| b.ident.as_str() == "lifecycle");
    let attributes = lifecycle.filter_map(|b| b.body.get_attribute("ignore_changes"));
    let mut names = Vec::new();
    for attribute in attributes {
        match &attribute.value {
            Expression::Array(items) => names.extend(
                items.iter().filter_map(span_of).filter_map(|s| text.get(s.start..s.end)).map(|t| t.trim().to_string()),
            ),
            // `ignore_changes = all`
            other => names.extend(span_of(other).and_then(|s| text.get(s.start..s.end)).map(|t| t.trim().to_string())),
        }
    }
    names
}

fn task_ref(e: &Expression, values: &Value) -> Option<TaskRef> {
    if let Expression::Traversal(t) = e
        && let Expression::Variable(root) = &t.expr
        && root.as_str() == "aws_ecs_task_definition"
        && let Some(TraversalOperator::GetAttr(name)) = t.operators.first().map(|o| o.value())
    {
        return Some(TaskRef::Resource(format!("aws_ecs_task_definition.{}", name.as_str())));
    }
    values.get("task_definition").and_then(Value::as_str).and_then(TaskRef::from_name)
}

/// Arguments of `aws_ecs_task_definition` (in any block) that the provider types as numbers
/// and as booleans; every other one is a string. From the provider's schema:
/// <https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ecs/task_definition.go>.
const TASK_NUMBERS: &[&str] = &["size_in_gib", "transit_encryption_port"];
const TASK_BOOLS: &[&str] =
    &["autoprovision", "configure_at_launch", "skip_destroy", "track_latest", "enable_fault_injection"];
/// The same for `aws_ecs_service`
/// (<https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ecs/service.go>).
const SERVICE_NUMBERS: &[&str] = &[
    "desired_count",
    "deployment_minimum_healthy_percent",
    "deployment_maximum_percent",
    "health_check_grace_period_seconds",
    "container_port",
    "weight",
    "base",
    "port",
    "ingress_port_override",
    "idle_timeout_seconds",
    "per_request_timeout_seconds",
];
const SERVICE_BOOLS: &[&str] = &[
    "enable_execute_command",
    "enable_ecs_managed_tags",
    "wait_for_steady_state",
    "force_new_deployment",
    "force_delete",
    "enable",
    "rollback",
    "assign_public_ip",
    "enabled",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::placeholder::is_placeholder;
    use serde_json::json;

    fn read(text: &str) -> Converted {
        units(text, None).unwrap().0
    }

    #[test]
    fn jsonencode_of_hcl_values_with_locals_and_variables() {
        let text = r#"
variable "image" {
  default = "nginx:1.27"
}
variable "cpu" {}
locals {
  port = 8080
}
resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = 512
  execution_role_arn       = aws_iam_role.exec.arn
  container_definitions = jsonencode([{
    name         = "web"
    image        = var.image
    essential    = true
    portMappings = [{ containerPort = local.port, hostPort = local.port }]
    environment  = [{ name = "CONFIG", value = jsonencode({ a = 1 }) }]
  }])
  volume {
    name = "data"
  }
  volume {
    name = "cache"
    efs_volume_configuration {
      file_system_id = "fs-1"
    }
  }
  lifecycle {
    create_before_destroy = true
  }
}
"#;
        let (units, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(units.len(), 1);
        let unit = &units[0];
        assert_eq!(unit.origin, Origin::Terraform("aws_ecs_task_definition.web".into()));
        assert_eq!(
            unit.value,
            json!({
                "family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
                "cpu": "${var.cpu}", "memory": "512", "executionRoleArn": "${aws_iam_role.exec.arn}",
                "containerDefinitions": [{
                    "name": "web", "image": "nginx:1.27", "essential": true,
                    "portMappings": [{"containerPort": 8080, "hostPort": 8080}],
                    "environment": [{"name": "CONFIG", "value": "{\"a\":1}"}],
                }],
                "volumes": [
                    {"name": "data"},
                    {"name": "cache", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}},
                ],
            })
        );
        // Each value points where it is written; the image from its variable's default.
        let at = |pointer: &str| {
            let n = unit.tree.find(pointer).unwrap();
            &text[n.span.start..n.span.end]
        };
        assert_eq!(at("/containerDefinitions/0/name"), "\"web\"");
        assert_eq!(at("/containerDefinitions/0/image"), "\"nginx:1.27\"");
        assert_eq!(at("/containerDefinitions/0/portMappings/0/hostPort"), "8080");
        assert_eq!(at("/volumes/1/efsVolumeConfiguration/fileSystemId"), "\"fs-1\"");
    }

    #[test]
    fn heredoc_json_with_interpolations_keeps_its_places() {
        let text = "locals {\n  name = \"api\"\n}\nresource \"aws_ecs_task_definition\" \"api\" {\n  family = \"api\"\n  container_definitions = <<EOF\n[{\"name\": \"${local.name}\", \"image\": \"${var.image}\", \"memory\": ${var.memory}, \"essential\": false}]\nEOF\n}\n";
        let (units, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        let unit = &units[0];
        let c = &unit.value["containerDefinitions"][0];
        assert_eq!(c["name"], "api");
        assert!(is_placeholder(c["image"].as_str().unwrap()), "{c}");
        assert!(is_placeholder(c["memory"].as_str().unwrap()), "{c}");
        let n = unit.tree.find("/containerDefinitions/0/essential").unwrap();
        assert_eq!(&text[n.span.start..n.span.end], "false");
    }

    #[test]
    fn an_indented_heredoc_points_into_its_lines() {
        let text = "resource \"aws_ecs_task_definition\" \"api\" {\n  family = \"api\"\n  container_definitions = <<-EOF\n    [\n      {\"name\": \"api\", \"image\": \"${var.image}\",\n       \"essential\": false}\n    ]\n  EOF\n}\n";
        let (units, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        let unit = &units[0];
        for (pointer, written) in
            [("/containerDefinitions/0/essential", "false"), ("/containerDefinitions/0/name", "\"api\"")]
        {
            let n = unit.tree.find(pointer).unwrap();
            assert_eq!(&text[n.span.start..n.span.end], written);
        }
    }

    #[test]
    fn a_service_names_its_task_definition() {
        let text = r#"
resource "aws_ecs_service" "web" {
  name            = "web"
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 2
  launch_type     = "FARGATE"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 100
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = true
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = 80
  }
  service_connect_configuration {
    enabled   = true
    namespace = "internal"
    service {
      port_name      = "http"
      discovery_name = "web"
      client_alias {
        port     = "80"
        dns_name = "web.internal"
      }
      timeout {
        idle_timeout_seconds = 60
      }
    }
  }
  wait_for_steady_state = true
}
"#;
        let (units, _) = read(text);
        let unit = &units[0];
        assert_eq!(unit.shape, Shape::CreateService);
        assert_eq!(unit.task, Some(TaskRef::Resource("aws_ecs_task_definition.web".into())));
        assert_eq!(
            unit.value,
            json!({
                "serviceName": "web", "taskDefinition": "${aws_ecs_task_definition.web.arn}",
                "desiredCount": 2, "launchType": "FARGATE",
                "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 100,
                    "deploymentCircuitBreaker": {"enable": true, "rollback": true}},
                "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "ENABLED"}},
                "loadBalancers": [{"targetGroupArn": "${aws_lb_target_group.web.arn}", "containerName": "web", "containerPort": 80}],
                "serviceConnectConfiguration": {"enabled": true, "namespace": "internal", "services": [{
                    "portName": "http", "discoveryName": "web",
                    "clientAliases": [{"port": 80, "dnsName": "web.internal"}],
                    "timeout": {"idleTimeoutSeconds": 60}}]},
            })
        );
        let n = unit.tree.find("/loadBalancers/0/containerPort").unwrap();
        assert_eq!(&text[n.span.start..n.span.end], "80");
    }

    #[test]
    fn a_template_file_data_source_is_rendered_with_its_vars() {
        let text = r#"
data "template_file" "c" {
  template = "[{\"name\": \"$${name}\", \"image\": \"$${image}\", \"essential\": $${essential}}]"
  vars = {
    name      = "app"
    image     = var.image
    essential = false
  }
}
resource "aws_ecs_task_definition" "x" {
  family                = "x"
  container_definitions = data.template_file.c.rendered
}
"#;
        let (units, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        let c = &units[0].value["containerDefinitions"][0];
        assert_eq!(c["name"], "app");
        assert_eq!(c["essential"], false);
        assert!(is_placeholder(c["image"].as_str().unwrap()), "{c}");
    }

    #[test]
    fn yaml_read_and_encoded_is_known() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("containers.yaml"), "- name: app\n  image: app:1\n  essential: false\n")
            .unwrap();
        let text = "resource \"aws_ecs_task_definition\" \"x\" {\n  family = \"x\"\n  container_definitions = jsonencode(yamldecode(file(\"${path.module}/containers.yaml\")))\n}\n";
        let path = dir.path().join("main.tf");
        let ((units, errors), _, _) = units(text, Some(&path)).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            units[0].value["containerDefinitions"],
            json!([{"name": "app", "image": "app:1", "essential": false}])
        );
    }

    #[test]
    fn typed_variables_fill_their_optional_attributes() {
        let text = r#"
variable "containers" {
  type = list(object({
    name      = string
    image     = string
    essential = optional(bool, false)
    healthCheck = optional(object({
      command  = list(string)
      interval = optional(number, 30)
    }))
  }))
  default = [{ name = "app", image = "app:1", healthCheck = { command = ["CMD", "true"] } }]
}
resource "aws_ecs_task_definition" "x" {
  family                = "x"
  container_definitions = jsonencode(var.containers)
}
"#;
        let (units, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            units[0].value["containerDefinitions"],
            json!([{"name": "app", "image": "app:1", "essential": false, "healthCheck": {"command": ["CMD", "true"], "interval": 30}}])
        );
    }

    #[test]
    fn bad_hcl_is_an_error_at_its_place() {
        let text = "resource \"aws_ecs_task_definition\" \"x\" {\n  family = \n}\n";
        let e = units(text, None).unwrap_err();
        assert!(e.message.starts_with("invalid Terraform (HCL)"), "{}", e.message);
        assert!(e.span.start > 40, "{:?}", e.span);
    }

    #[test]
    fn what_cannot_be_known_is_a_placeholder_not_an_error() {
        let text = r#"
resource "aws_ecs_task_definition" "x" {
  family = "x"
  container_definitions = var.enabled ? jsonencode([]) : data.template_file.c.rendered
  dynamic "volume" {
    for_each = var.volumes
    content { name = volume.value }
  }
}
"#;
        let (units, errors) = read(text);
        assert!(errors.is_empty());
        assert!(is_placeholder(units[0].value["containerDefinitions"].as_str().unwrap()));
        assert!(is_placeholder(units[0].value["volumes"].as_str().unwrap()), "{}", units[0].value);
    }

    /// The module's own example, rendered as the module renders it (its golden JSON files):
    /// every value ecslint knows is the module's, and every field the module writes is known
    /// or unknown, never missing.
    #[test]
    fn the_community_container_definition_renders_as_the_module_does() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/repos/terraform-aws-modules__terraform-aws-ecs/examples/container-definition");
        if !dir.is_dir() {
            assert!(std::env::var_os("ECSLINT_CORPUS_REQUIRED").is_none(), "{} is absent", dir.display());
            eprintln!("skipped: {} is absent (it is only beside the repository in CI)", dir.display());
            return;
        }
        let path = dir.join("main.tf");
        let text = std::fs::read_to_string(&path).unwrap();
        let ((units, errors), _, _) = units(&text, Some(&path)).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(units.len(), 2);
        for (unit, golden) in units.iter().zip(["definition.json", "definition_simple.json"]) {
            let mut expected: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join(golden)).unwrap()).unwrap();
            // The optional attributes of a typed variable left unset are nulls in the
            // module's output, which the provider leaves out: absent here.
            fn strip(v: &mut Value) {
                match v {
                    Value::Object(o) => {
                        o.retain(|_, v| !v.is_null());
                        o.values_mut().for_each(strip);
                    }
                    Value::Array(a) => a.iter_mut().for_each(strip),
                    _ => {}
                }
            }
            strip(&mut expected);
            let ours = &unit.value[0];
            for (key, want) in expected.as_object().unwrap() {
                let got = ours.get(key).unwrap_or_else(|| panic!("{golden}: `{key}` missing"));
                if !holds_unknown(got) && key != "logConfiguration" {
                    assert_eq!(got, want, "{golden}: `{key}`");
                }
            }
            for (key, got) in ours.as_object().unwrap() {
                assert!(expected.get(key).is_some() || holds_unknown(got), "{golden}: `{key}` is not the module's");
            }
        }
    }

    #[test]
    fn the_community_service_module_gives_a_task_definition_and_its_service() {
        let text = r#"
module "web" {
  source  = "terraform-aws-modules/ecs/aws//modules/service"
  version = "~> 6.0"
  name    = "web"
  cpu     = 512
  memory  = 1024
  container_definitions = {
    web = {
      image        = "nginx:1.27"
      portMappings = [{ containerPort = 80 }]
      enable_cloudwatch_logging = false
    }
  }
  load_balancer = {
    service = { target_group_arn = "arn:x", container_name = "api", container_port = 80 }
  }
  subnet_ids = ["subnet-1"]
}
"#;
        let (units, _) = read(text);
        assert_eq!(units.len(), 2);
        let task = &units[0].value;
        assert_eq!(task["family"], "web");
        assert_eq!(task["cpu"], "512");
        let web = &task["containerDefinitions"][0];
        assert_eq!(web["name"], "web");
        assert_eq!(web["readonlyRootFilesystem"], true);
        assert!(web.get("logConfiguration").is_none(), "logging turned off: {web}");
        assert!(web.get("enable_cloudwatch_logging").is_none());
        let service = &units[1];
        assert_eq!(service.value["loadBalancers"][0]["containerName"], "api");
        assert_eq!(service.value["networkConfiguration"]["awsvpcConfiguration"]["subnets"], json!(["subnet-1"]));
        let crate::lint::Outcome::Checked(found) = crate::lint::lint_text(text, false, &Default::default()) else {
            panic!("checked")
        };
        let lb = found.iter().find(|d| d.rule.name == "unknown-load-balancer-container").expect("the cross-check");
        assert_eq!(&text[lb.span.start..lb.span.end], "\"api\"");
        assert!(!found.iter().any(|d| d.severity == crate::rule::Severity::Error && d.rule.name != "unknown-load-balancer-container"), "{found:#?}");
    }
}
