//! `ecslint lsp`: a language server over stdio. It lints with the same function as the command
//! line and the same configuration (found from each document's path), and answers hovers
//! (field documentation from the AWS model, and the rule behind a problem) and quick fixes.

mod docs;
pub mod transport;

use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::lint::{self, Outcome};
use crate::rule::Severity;
use crate::span::{LineIndex, Span};
use crate::unit::Shape;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;

/// Runs the server on stdin and stdout; the exit status is 0 after `shutdown` then `exit`.
pub fn run_stdio() -> u8 {
    let (connection, threads) = transport::connect(std::io::BufReader::new(std::io::stdin()), std::io::stdout());
    let code = serve(&connection);
    drop(connection);
    threads.join_writer();
    code
}

struct Doc {
    text: String,
    version: i32,
}

pub struct Server {
    /// Positions in UTF-16 code units (the protocol's default) or in bytes (UTF-8).
    utf16: bool,
    docs: HashMap<String, Doc>,
    state: State,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

/// The server's loop. Returns the process's exit status.
pub fn serve(connection: &Connection) -> u8 {
    let mut server = Server { utf16: true, docs: HashMap::new(), state: State::Uninitialized };
    let mut dirty: Vec<String> = Vec::new();
    while let Ok(first) = connection.receiver.recv() {
        // Take everything already queued, so that a flood of changes is linted once. Pending
        // documents are published before any request is answered, so the order is kept.
        let mut batch = vec![first];
        batch.extend(connection.receiver.try_iter());
        for message in batch {
            match message {
                Message::Notification(n) if n.method != "exit" => {
                    if let Some(uri) = server.notification(n)
                        && !dirty.contains(&uri)
                    {
                        dirty.push(uri);
                    }
                }
                Message::Notification(_) => {
                    server.publish(connection, &mut dirty);
                    return if server.state == State::ShutDown { 0 } else { 1 };
                }
                Message::Request(request) => {
                    server.publish(connection, &mut dirty);
                    if let Some(response) = server.request(request) {
                        let _ = connection.sender.send(response.into());
                    }
                }
                Message::Response(_) => {}
            }
        }
        server.publish(connection, &mut dirty);
    }
    // The input ended without `exit`.
    1
}

fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Response {
    Response::new_err(id, code as i32, message.into())
}

impl Server {
    /// Publishes the diagnostics of the documents changed since the last time.
    fn publish(&self, connection: &Connection, dirty: &mut Vec<String>) {
        for uri in dirty.drain(..) {
            let diagnostics = match self.docs.get(&uri) {
                Some(doc) => self.diagnostics(&uri, doc),
                None => Vec::new(),
            };
            let version = self.docs.get(&uri).map(|d| d.version);
            let Ok(lsp_uri) = lsp::Uri::from_str(&uri) else { continue };
            let params = lsp::PublishDiagnosticsParams { uri: lsp_uri, diagnostics, version };
            let _ = connection.sender.send(Notification::new("textDocument/publishDiagnostics".into(), params).into());
        }
    }

    fn request(&mut self, request: Request) -> Option<Response> {
        let id = request.id.clone();
        match (self.state, request.method.as_str()) {
            (State::Uninitialized, "initialize") => {
                let params: lsp::InitializeParams = match serde_json::from_value(request.params) {
                    Ok(p) => p,
                    Err(e) => return Some(error(id, ErrorCode::InvalidParams, e.to_string())),
                };
                let offered = params.capabilities.general.and_then(|g| g.position_encodings).unwrap_or_default();
                self.utf16 = !offered.contains(&lsp::PositionEncodingKind::UTF8);
                self.state = State::Running;
                Some(Response::new_ok(id, self.capabilities()))
            }
            (State::Uninitialized, _) => {
                Some(error(id, ErrorCode::ServerNotInitialized, "the server is not initialized yet"))
            }
            (_, "initialize") => Some(error(id, ErrorCode::InvalidRequest, "the server is already initialized")),
            (State::ShutDown, _) => Some(error(id, ErrorCode::InvalidRequest, "the server is shutting down")),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                Some(Response::new_ok(id, ()))
            }
            (State::Running, "textDocument/hover") => Some(self.respond(id, request.params, Server::hover)),
            (State::Running, "textDocument/codeAction") => Some(self.respond(id, request.params, Server::code_actions)),
            (State::Running, method) => {
                Some(error(id, ErrorCode::MethodNotFound, format!("`{method}` is not supported")))
            }
        }
    }

    fn respond<P: serde::de::DeserializeOwned, R: serde::Serialize>(
        &self,
        id: RequestId,
        params: Value,
        handler: fn(&Server, P) -> R,
    ) -> Response {
        match serde_json::from_value(params) {
            Ok(p) => Response::new_ok(id, handler(self, p)),
            Err(e) => error(id, ErrorCode::InvalidParams, e.to_string()),
        }
    }

    fn capabilities(&self) -> Value {
        let capabilities = lsp::ServerCapabilities {
            position_encoding: Some(if self.utf16 {
                lsp::PositionEncodingKind::UTF16
            } else {
                lsp::PositionEncodingKind::UTF8
            }),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            })),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            })),
            ..Default::default()
        };
        json!({
            "capabilities": capabilities,
            "serverInfo": {"name": "ecslint", "version": env!("CARGO_PKG_VERSION")},
        })
    }

    /// Handles a notification; returns the document to lint again, if any.
    fn notification(&mut self, n: Notification) -> Option<String> {
        if self.state != State::Running {
            return None;
        }
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let p: lsp::DidOpenTextDocumentParams = serde_json::from_value(n.params).ok()?;
                let uri = p.text_document.uri.as_str().to_string();
                self.docs.insert(uri.clone(), Doc { text: p.text_document.text, version: p.text_document.version });
                Some(uri)
            }
            "textDocument/didChange" => {
                let p: lsp::DidChangeTextDocumentParams = serde_json::from_value(n.params).ok()?;
                let uri = p.text_document.uri.as_str().to_string();
                // Full synchronisation: the last change holds the whole text.
                let text = p.content_changes.into_iter().next_back()?.text;
                self.docs.insert(uri.clone(), Doc { text, version: p.text_document.version });
                Some(uri)
            }
            "textDocument/didSave" => {
                let p: lsp::DidSaveTextDocumentParams = serde_json::from_value(n.params).ok()?;
                let uri = p.text_document.uri.as_str().to_string();
                if let (Some(text), Some(doc)) = (p.text, self.docs.get_mut(&uri)) {
                    doc.text = text;
                }
                // Saving can change the configuration's view of the file; lint again.
                Some(uri)
            }
            "textDocument/didClose" => {
                let p: lsp::DidCloseTextDocumentParams = serde_json::from_value(n.params).ok()?;
                let uri = p.text_document.uri.as_str().to_string();
                self.docs.remove(&uri);
                // Linting a closed document publishes nothing: its diagnostics are cleared.
                Some(uri)
            }
            _ => None,
        }
    }

    /// The lint of a document, with the configuration found from its path.
    fn lint(&self, uri: &str, text: &str) -> Vec<Diagnostic> {
        let path = file_path(uri);
        let config = path
            .as_ref()
            .and_then(|p| p.parent())
            .and_then(config::discover)
            .and_then(|c| Config::load(&c).ok())
            .unwrap_or_else(|| Config::defaults(&std::env::current_dir().unwrap_or_default()));
        if path.as_ref().is_some_and(|p| config.is_excluded(p)) {
            return Vec::new();
        }
        let mut diagnostics = match lint::lint_text(text, true, &config.settings) {
            Outcome::Checked(d) => d,
            Outcome::Skipped => return Vec::new(),
        };
        if let Some(path) = &path {
            let relative = config.relative(path);
            diagnostics.retain(|d| !config.ignores.iter().any(|i| i.covers(&relative, d.rule)));
        }
        diagnostics
    }

    fn diagnostics(&self, uri: &str, doc: &Doc) -> Vec<lsp::Diagnostic> {
        let lines = LineIndex::new(&doc.text);
        self.lint(uri, &doc.text).iter().map(|d| self.to_lsp(&lines, d)).collect()
    }

    fn range(&self, lines: &LineIndex, span: Span) -> lsp::Range {
        let position = |offset| {
            let (line, character) = lines.lsp_position(offset, self.utf16);
            lsp::Position { line: line as u32, character: character as u32 }
        };
        lsp::Range { start: position(span.start), end: position(span.end) }
    }

    fn offset(&self, lines: &LineIndex, position: lsp::Position) -> usize {
        lines.lsp_offset(position.line as usize, position.character as usize, self.utf16)
    }

    fn to_lsp(&self, lines: &LineIndex, d: &Diagnostic) -> lsp::Diagnostic {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        lsp::Diagnostic {
            range: self.range(lines, d.span),
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
            ..Default::default()
        }
    }

    fn hover(&self, params: lsp::HoverParams) -> Option<lsp::Hover> {
        let uri = params.text_document_position_params.text_document.uri;
        let doc = self.docs.get(uri.as_str())?;
        let lines = LineIndex::new(&doc.text);
        let offset = self.offset(&lines, params.text_document_position_params.position);
        let mut sections = Vec::new();
        let mut range = None;
        for d in self.lint(uri.as_str(), &doc.text) {
            if d.span.start <= offset && offset <= d.span.end {
                let help = d.help.as_deref().map(|h| format!("\n\n**Fix:** {h}")).unwrap_or_default();
                sections.push(format!(
                    "**{}** ({}): {}{help}\n\n[Rule documentation]({})",
                    d.rule.name,
                    d.rule.summary,
                    d.message,
                    d.rule.url()
                ));
                range.get_or_insert(self.range(&lines, d.span));
            }
        }
        if let Ok(parsed) = crate::json::parse(&doc.text) {
            let (path, _) = parsed.tree.path_at(offset);
            if let Some(field) = docs::field_doc(Shape::assume(&parsed.value), &path) {
                sections.push(format!("**{}** (`{}`)\n\n{}", field.name, field.shape, field.markdown));
            }
        }
        if sections.is_empty() {
            return None;
        }
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: sections.join("\n\n---\n\n"),
            }),
            range,
        })
    }

    fn code_actions(&self, params: lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let Some(doc) = self.docs.get(uri.as_str()) else { return Vec::new() };
        let lines = LineIndex::new(&doc.text);
        let (start, end) = (self.offset(&lines, params.range.start), self.offset(&lines, params.range.end));
        self.lint(uri.as_str(), &doc.text)
            .iter()
            .filter(|d| d.span.start <= end && start <= d.span.end)
            .filter_map(|d| {
                let fix = d.fix.as_ref()?;
                let edits = fix
                    .edits
                    .iter()
                    .map(|(span, text)| lsp::TextEdit { range: self.range(&lines, *span), new_text: text.clone() })
                    .collect();
                Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: fix.title.clone(),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![self.to_lsp(&lines, d)]),
                    edit: Some(lsp::WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), edits)])),
                        ..Default::default()
                    }),
                    is_preferred: Some(true),
                    ..Default::default()
                }))
            })
            .collect()
    }
}

/// The local path of a `file://` URI.
fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let path = rest.find('/').map(|i| &rest[i..])?;
    let mut bytes = Vec::new();
    let raw = path.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%'
            && let Some(b) = raw
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            bytes.push(b);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    Some(PathBuf::from(String::from_utf8_lossy(&bytes).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::file_path;
    use std::path::PathBuf;

    #[test]
    fn file_uris() {
        assert_eq!(
            file_path("file:///home/me/deploy/web%20task.json"),
            Some(PathBuf::from("/home/me/deploy/web task.json"))
        );
        assert_eq!(file_path("file://localhost/tmp/x.json"), Some(PathBuf::from("/tmp/x.json")));
        assert_eq!(file_path("untitled:Untitled-1"), None);
    }
}
