//! What the language server's linting thread knows between messages: the open documents, the
//! workspace folders, and one configuration per folder, loaded once and again only when a
//! configuration file changes.
//!
//! The configuration of a document is found as the command line finds it when run from the
//! workspace folder that holds the document: the nearest `ecslint.toml` (or `.ecslint.toml`) in
//! that folder or above it. A document outside every workspace folder is treated as if ecslint
//! were run from the document's directory.

use crate::config::{self, Config, ConfigError};
use crate::detect::{self, Claims};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::files;
use crate::filter::Filter;
use crate::lint::{self, Outcome};
use crate::rule::Severity;
use crate::span::{LineIndex, Span};
use crate::workspace;
use lsp_types as lsp;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::str::FromStr;

/// A document open in the editor.
struct Doc {
    text: String,
    version: i32,
    /// The generation the language server's loop gave this text (see `worker::Job`).
    generation: u64,
}

/// The last lint of a document: what hovers and quick fixes answer from.
pub struct Last {
    pub diagnostics: Vec<Diagnostic>,
    pub document: Option<Document>,
}

/// A document linted again (see [`Session::refresh`]); a closed document's is empty.
#[derive(Default)]
pub struct Refreshed {
    pub diagnostics: Vec<lsp::Diagnostic>,
    pub version: Option<i32>,
    pub generation: u64,
    pub text: Option<String>,
    pub last: Option<Last>,
}

type Loaded = Rc<Result<Config, ConfigError>>;

#[derive(Default)]
pub struct Session {
    /// Workspace folders, the deepest first (a document belongs to the innermost).
    folders: Vec<PathBuf>,
    docs: HashMap<String, Doc>,
    /// Configurations by the directory they were looked for from.
    configs: HashMap<PathBuf, Loaded>,
    /// Configuration files found broken, with their errors, to report once per load.
    broken: HashMap<PathBuf, ConfigError>,
    /// Broken configuration files whose state is to be published (again).
    unreported: HashSet<PathBuf>,
    /// Configuration files reported broken, to clear once they are fixed.
    reported: HashSet<PathBuf>,
    index: workspace::Index,
    /// Who reads which file, by repository root: found once, again when a file that names
    /// readers (a workflow, an ecspresso configuration, a Terraform file) is saved or changes.
    claims: HashMap<PathBuf, Rc<Claims>>,
}

/// Whether `uri` names a configuration file.
pub fn is_config_uri(uri: &str) -> bool {
    let name = uri.rsplit('/').next().unwrap_or_default();
    config::FILE_NAMES.contains(&name)
}

impl Session {
    pub fn set_folders(&mut self, mut folders: Vec<PathBuf>) {
        folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        self.folders = folders;
    }

    pub fn open(&mut self, uri: &str, text: String, version: i32, generation: u64) {
        self.docs.insert(uri.to_string(), Doc { text, version, generation });
    }

    pub fn set_text(&mut self, uri: &str, text: String, generation: u64) {
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.text = text;
            doc.generation = generation;
        }
    }

    pub fn close(&mut self, uri: &str) {
        self.docs.remove(uri);
    }

    /// The documents to lint again after `uri` was saved: all of them, since a saved
    /// configuration changes every lint and a saved task definition what services know.
    pub fn saved(&mut self, uri: &str) -> Vec<String> {
        if is_config_uri(uri) {
            return self.reload_configuration();
        }
        self.forget_readers()
    }

    /// Forgets who reads which file, to find it again; returns every open document.
    pub fn forget_readers(&mut self) -> Vec<String> {
        self.claims.clear();
        self.open_uris()
    }

    /// Who reads the files of the repository that holds `path`, found as `ecslint check`
    /// run from its workspace folder finds them.
    fn claims_for(&mut self, path: &Path) -> Rc<Claims> {
        let root = detect::repository_root(&self.base_of(path).0);
        self.claims.entry(root.clone()).or_insert_with(|| Rc::new(detect::claims(&root))).clone()
    }

    /// Forgets every configuration, to read them again; returns every open document.
    pub fn reload_configuration(&mut self) -> Vec<String> {
        self.configs.clear();
        // Each file reported broken is published again: with its new error, or cleared.
        self.unreported.extend(self.reported.drain());
        self.broken.clear();
        self.open_uris()
    }

    fn open_uris(&self) -> Vec<String> {
        let mut uris: Vec<String> = self.docs.keys().cloned().collect();
        uris.sort();
        uris
    }

    /// The directory a document's configuration is looked for from: the innermost workspace
    /// folder holding it, else its own directory; and whether that is a workspace folder.
    fn base_of(&self, path: &Path) -> (PathBuf, bool) {
        match self.folders.iter().find(|f| path.starts_with(f)) {
            Some(folder) => (folder.clone(), true),
            None => (path.parent().map(Path::to_path_buf).unwrap_or_default(), false),
        }
    }

    /// The configuration for a document at `path` (or, for a document without one, the
    /// defaults of the first workspace folder).
    pub fn config_for(&mut self, path: Option<&Path>) -> Loaded {
        let base = match path {
            Some(path) => self.base_of(path).0,
            None => self.folders.first().cloned().unwrap_or_else(|| std::env::current_dir().unwrap_or_default()),
        };
        if let Some(loaded) = self.configs.get(&base) {
            return loaded.clone();
        }
        let loaded = Rc::new(match config::discover(&base) {
            Some(file) => Config::load(&file).inspect_err(|e| {
                self.broken.insert(file.clone(), e.clone());
                self.unreported.insert(file);
            }),
            None => Ok(Config::defaults(&base)),
        });
        self.configs.insert(base, loaded.clone());
        loaded
    }

    /// Lints `uri` again: its diagnostics in the protocol's form, its version, and (for an
    /// open document) the text that was linted with the lint, for hovers and quick fixes.
    pub fn refresh(&mut self, uri: &str, utf16: bool) -> Refreshed {
        let Some(doc) = self.docs.get(uri) else { return Refreshed::default() };
        let (text, version, generation) = (doc.text.clone(), doc.version, doc.generation);
        let path = super::file_path(uri);
        if is_config_uri(uri) {
            // The configuration file's own problems are published with the broken ones.
            if let Some(path) = path {
                let _ = self.config_for(Some(&path));
                self.unreported.insert(path);
            }
            return Refreshed { version: Some(version), generation, text: Some(text), ..Default::default() };
        }
        let last = self.lint(&text, path.as_deref());
        let lines = LineIndex::new(&text);
        let parsed = lsp::Uri::from_str(uri).ok();
        let diagnostics = last.diagnostics.iter().map(|d| to_lsp(&lines, d, utf16, parsed.as_ref())).collect();
        Refreshed { diagnostics, version: Some(version), generation, text: Some(text), last: Some(last) }
    }

    /// The lint of a document's text, as `ecslint check` would lint the file from its
    /// workspace folder: its configuration, ignores, and the task definitions of the
    /// folder's other files (open documents as the editor has them) for its services.
    fn lint(&mut self, text: &str, path: Option<&Path>) -> Last {
        let nothing = Last { diagnostics: Vec::new(), document: None };
        let loaded = self.config_for(path);
        let Ok(config) = loaded.as_ref() else { return nothing };
        if path.is_some_and(|p| config.is_excluded(p)) {
            return nothing;
        }
        let claims = path.map(|p| self.claims_for(p)).unwrap_or_default();
        let read_by = detect::read_by(None, config, &claims, path);
        let mut linted = lint::lint_in_project(text, true, &config.settings, None, read_by.as_ref(), path);
        if !linted.wanted.is_empty()
            && let Some(path) = path
            && let (folder, true) = self.base_of(path)
        {
            let wanted: HashSet<String> = linted.wanted.iter().cloned().collect();
            let (inputs, _) = files::collect(&[folder], &|p| config.is_included(p) && !config.is_excluded(p));
            let paths: Vec<PathBuf> = inputs
                .into_iter()
                .filter_map(|i| match i {
                    files::Input::File { path: p, .. } if p != path => Some(p),
                    _ => None,
                })
                .collect();
            let open: HashMap<PathBuf, String> =
                self.docs.iter().filter_map(|(uri, doc)| Some((super::file_path(uri)?, doc.text.clone()))).collect();
            let project = self.index.project(&paths, &wanted, &|p| open.get(p).cloned(), files::DEFAULT_MAX_FILE_SIZE);
            linted = lint::lint_in_project(text, true, &config.settings, Some(&project), read_by.as_ref(), Some(path));
        }
        let mut diagnostics = match linted.outcome {
            Outcome::Checked(d) => d,
            Outcome::Skipped => return nothing,
        };
        if let Some(path) = path {
            Filter::new(config, None).apply(&files::display_path(path), path, &mut diagnostics);
        }
        Last { diagnostics, document: linted.document }
    }

    /// The configuration files whose state changed since the last call: each with its
    /// diagnostics (none once fixed) and, for a broken one, the message to show.
    pub fn take_config_reports(&mut self) -> Vec<(String, Vec<lsp::Diagnostic>, Option<String>)> {
        let mut out = Vec::new();
        let mut paths: Vec<PathBuf> = self.unreported.drain().collect();
        paths.sort();
        for path in paths {
            let Some(uri) = file_uri(&path) else { continue };
            match self.broken.get(&path) {
                Some(e) => {
                    // The message once per load; the diagnostic whenever the file is linted.
                    let first = self.reported.insert(path.clone());
                    let message = first.then(|| format!("ecslint: the configuration cannot be used: {e}"));
                    out.push((uri, vec![config_diagnostic(e)], message));
                }
                None => out.push((uri, Vec::new(), None)),
            }
        }
        out
    }
}

/// A broken configuration as a diagnostic at its place in the file.
fn config_diagnostic(e: &ConfigError) -> lsp::Diagnostic {
    let line = e.line.saturating_sub(1) as u32;
    let column = e.column.saturating_sub(1) as u32;
    lsp::Diagnostic {
        range: lsp::Range {
            start: lsp::Position { line, character: column },
            end: lsp::Position { line, character: column + 1 },
        },
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        source: Some("ecslint".into()),
        message: format!("{}\nhelp: ecslint lints nothing under this configuration until it is fixed", e.message),
        ..Default::default()
    }
}

/// The `file://` URI of a path.
fn file_uri(path: &Path) -> Option<String> {
    let mut uri = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => uri.push(byte as char),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    lsp::Uri::from_str(&uri).ok().map(|_| uri)
}

pub fn range(lines: &LineIndex, span: Span, utf16: bool) -> lsp::Range {
    let position = |offset| {
        let (line, character) = lines.lsp_position(offset, utf16);
        lsp::Position { line: line as u32, character: character as u32 }
    };
    lsp::Range { start: position(span.start), end: position(span.end) }
}

/// A diagnostic in the protocol's form; its other places are related information in `uri`.
pub fn to_lsp(lines: &LineIndex, d: &Diagnostic, utf16: bool, uri: Option<&lsp::Uri>) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp::Diagnostic {
        range: range(lines, d.span, utf16),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.rule.name.to_string())),
        code_description: lsp::Uri::from_str(&d.rule.url()).ok().map(|href| lsp::CodeDescription { href }),
        source: Some("ecslint".into()),
        message,
        data: Some(json!({"pointer": d.pointer})),
        related_information: uri.filter(|_| !d.related.is_empty()).map(|uri| {
            d.related
                .iter()
                .map(|r| lsp::DiagnosticRelatedInformation {
                    location: lsp::Location { uri: uri.clone(), range: range(lines, r.span, utf16) },
                    message: r.message.clone(),
                })
                .collect()
        }),
        ..Default::default()
    }
}
