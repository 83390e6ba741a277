//! `ecslint lsp`: a language server over stdio. It lints with the same function as the command
//! line and the same configuration, found the same way (see [`Session::config_for`]), and
//! answers hovers (field documentation from the AWS model, and the rule behind a problem) and
//! quick fixes, both from the last lint of the document.

mod docs;
mod session;
pub mod transport;

use crate::span::{LineIndex, Span};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::{Value, json};
use session::Session;
use std::collections::{HashMap, HashSet};
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

pub(crate) struct Server {
    /// Positions in UTF-16 code units (the protocol's default) or in bytes (UTF-8).
    utf16: bool,
    state: State,
    /// Whether the client lets the server ask to watch the configuration files.
    can_watch: bool,
    session: Session,
    sender: crossbeam_channel::Sender<Message>,
    /// Diagnostics held back while the client does not read: the newest per document.
    held: Vec<(String, Notification)>,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

/// How many messages may wait for the client to read them before diagnostics are held back
/// (only the newest of each document is kept while it does not read).
const MAX_QUEUED: usize = 256;

/// The server's loop. Returns the process's exit status.
pub fn serve(connection: &Connection) -> u8 {
    let mut server = Server {
        utf16: true,
        state: State::Uninitialized,
        can_watch: false,
        session: Session::default(),
        sender: connection.sender.clone(),
        held: Vec::new(),
    };
    let mut dirty: Vec<String> = Vec::new();
    // Messages read ahead (to see cancellations that came in while a lint ran).
    let mut backlog: std::collections::VecDeque<Message> = std::collections::VecDeque::new();
    let mut cancelled: HashSet<RequestId> = HashSet::new();
    loop {
        server.release_held();
        let first = match backlog.pop_front() {
            Some(message) => message,
            None => match connection.receiver.recv_timeout(std::time::Duration::from_millis(200)) {
                Ok(message) => message,
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => continue,
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
            },
        };
        // Take everything already queued, so that a flood of changes is linted once. Pending
        // documents are published before any request is answered, so the order is kept.
        let mut batch = vec![first];
        batch.extend(backlog.drain(..));
        batch.extend(connection.receiver.try_iter());
        cancelled.extend(batch.iter().filter_map(cancel_of));
        for message in batch {
            match message {
                Message::Notification(n) if n.method == "$/cancelRequest" => {}
                Message::Notification(n) if n.method != "exit" => {
                    for uri in server.notification(n) {
                        if !dirty.contains(&uri) {
                            dirty.push(uri);
                        }
                    }
                }
                Message::Notification(_) => {
                    server.publish(&mut dirty);
                    return if server.state == State::ShutDown { 0 } else { 1 };
                }
                Message::Request(request) => {
                    // Shutting down, the documents' diagnostics no longer matter: no lint waits.
                    if request.method == "shutdown" {
                        dirty.clear();
                    }
                    server.publish(&mut dirty);
                    // A cancellation that came in while the documents were linted counts too.
                    let arrived: Vec<Message> = connection.receiver.try_iter().collect();
                    cancelled.extend(arrived.iter().filter_map(cancel_of));
                    backlog.extend(arrived);
                    let response = if cancelled.remove(&request.id) && request.method != "shutdown" {
                        Some(error(request.id, ErrorCode::RequestCanceled, "cancelled"))
                    } else {
                        server.request(request)
                    };
                    if let Some(response) = response {
                        let _ = server.sender.send(response.into());
                    }
                }
                Message::Response(_) => {}
            }
        }
        server.publish(&mut dirty);
        // Ids of requests that were answered before their cancellation came are forgotten.
        if cancelled.len() > 1024 {
            cancelled.clear();
        }
    }
    // The input ended without `exit`.
    1
}

/// The request a `$/cancelRequest` notification cancels.
fn cancel_of(message: &Message) -> Option<RequestId> {
    match message {
        Message::Notification(n) if n.method == "$/cancelRequest" => {
            let id = n.params.get("id")?;
            serde_json::from_value(id.clone()).ok()
        }
        _ => None,
    }
}

fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Response {
    Response::new_err(id, code as i32, message.into())
}

impl Server {
    fn send_notification(&self, method: &str, params: impl serde::Serialize) {
        let _ = self.sender.send(Notification::new(method.into(), params).into());
    }

    /// Publishes a document's diagnostics, or, while the client leaves many messages unread,
    /// holds them in place of the ones held for it before: memory stays bounded.
    fn send_diagnostics(&mut self, uri: &str, params: lsp::PublishDiagnosticsParams) {
        let notification = Notification::new("textDocument/publishDiagnostics".into(), params);
        if self.sender.len() < MAX_QUEUED && self.held.is_empty() {
            let _ = self.sender.send(notification.into());
            return;
        }
        self.held.retain(|(held, _)| held != uri);
        self.held.push((uri.to_string(), notification));
        self.release_held();
    }

    /// Sends the diagnostics held back, as the client reads.
    fn release_held(&mut self) {
        while self.sender.len() < MAX_QUEUED && !self.held.is_empty() {
            let (_, notification) = self.held.remove(0);
            let _ = self.sender.send(notification.into());
        }
    }

    /// Publishes the diagnostics of the documents changed since the last time, and says once
    /// of each broken configuration file that it is broken.
    fn publish(&mut self, dirty: &mut Vec<String>) {
        for uri in std::mem::take(dirty) {
            let (diagnostics, version) = self.session.refresh(&uri, self.utf16);
            let Ok(lsp_uri) = lsp::Uri::from_str(&uri) else { continue };
            let params = lsp::PublishDiagnosticsParams { uri: lsp_uri, diagnostics, version };
            self.send_diagnostics(&uri, params);
        }
        for (uri, diagnostics, message) in self.session.take_config_reports() {
            if let Some(message) = message {
                let params = lsp::ShowMessageParams { typ: lsp::MessageType::ERROR, message };
                self.send_notification("window/showMessage", params);
            }
            let Ok(lsp_uri) = lsp::Uri::from_str(&uri) else { continue };
            let params = lsp::PublishDiagnosticsParams { uri: lsp_uri, diagnostics, version: None };
            self.send_diagnostics(&uri, params);
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
                self.initialize(params);
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

    fn initialize(&mut self, params: lsp::InitializeParams) {
        let offered = params.capabilities.general.and_then(|g| g.position_encodings).unwrap_or_default();
        self.utf16 = !offered.contains(&lsp::PositionEncodingKind::UTF8);
        self.can_watch = params
            .capabilities
            .workspace
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        #[allow(deprecated)] // `rootUri` is what clients without workspace folders still send.
        let roots: Vec<String> = match params.workspace_folders {
            Some(folders) => folders.into_iter().map(|f| f.uri.as_str().to_string()).collect(),
            None => params.root_uri.into_iter().map(|u| u.as_str().to_string()).collect(),
        };
        self.session.set_folders(roots.iter().filter_map(|u| file_path(u)).collect());
        self.state = State::Running;
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

    /// Asks the client to tell of changes to configuration files, where it can.
    fn watch_configuration(&self) {
        if !self.can_watch {
            return;
        }
        // The configuration, and the files that say who reads which file (workflows, ecspresso
        // configurations of any name, Terraform).
        let readers = ["**/*.yml", "**/*.yaml", "**/ecspresso.json", "**/*.tf"];
        let watchers: Vec<Value> = crate::config::FILE_NAMES
            .iter()
            .map(|name| format!("**/{name}"))
            .chain(readers.iter().map(|g| g.to_string()))
            .map(|glob| json!({"globPattern": glob}))
            .collect();
        let params = json!({"registrations": [{
            "id": "ecslint-configuration",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": watchers},
        }]});
        let request =
            Request::new(RequestId::from("ecslint-watch".to_string()), "client/registerCapability".into(), params);
        let _ = self.sender.send(request.into());
    }

    /// Handles a notification; returns the documents to lint again.
    fn notification(&mut self, n: Notification) -> Vec<String> {
        if self.state != State::Running {
            return Vec::new();
        }
        let uri_of = |doc: &lsp::TextDocumentIdentifier| doc.uri.as_str().to_string();
        match n.method.as_str() {
            "initialized" => {
                self.watch_configuration();
                Vec::new()
            }
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri.as_str().to_string();
                self.session.open(&uri, p.text_document.text, p.text_document.version);
                vec![uri]
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri.as_str().to_string();
                // Full synchronisation: the last change holds the whole text.
                let Some(change) = p.content_changes.into_iter().next_back() else { return Vec::new() };
                self.session.open(&uri, change.text, p.text_document.version);
                vec![uri]
            }
            "textDocument/didSave" => {
                let Ok(p) = serde_json::from_value::<lsp::DidSaveTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = uri_of(&p.text_document);
                if let Some(text) = p.text {
                    self.session.set_text(&uri, text);
                }
                // A saved configuration changes every document's lint; a saved document can
                // change what the services of the others know.
                self.session.saved(&uri)
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = uri_of(&p.text_document);
                self.session.close(&uri);
                // Linting a closed document publishes nothing: its diagnostics are cleared.
                vec![uri]
            }
            "workspace/didChangeWatchedFiles" => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeWatchedFilesParams>(n.params) else {
                    return Vec::new();
                };
                let configuration = p.changes.iter().any(|c| session::is_config_uri(c.uri.as_str()));
                if configuration { self.session.reload_configuration() } else { self.session.forget_readers() }
            }
            _ => Vec::new(),
        }
    }

    fn range(&self, lines: &LineIndex, span: Span) -> lsp::Range {
        session::range(lines, span, self.utf16)
    }

    fn offset(&self, lines: &LineIndex, position: lsp::Position) -> usize {
        lines.lsp_offset(position.line as usize, position.character as usize, self.utf16)
    }

    fn hover(&self, params: lsp::HoverParams) -> Option<lsp::Hover> {
        let uri = params.text_document_position_params.text_document.uri;
        let (text, last) = self.session.last(uri.as_str())?;
        let lines = LineIndex::new(text);
        let offset = self.offset(&lines, params.text_document_position_params.position);
        let mut sections = Vec::new();
        let mut range = None;
        for d in last.diagnostics.iter().filter(|d| d.span.start <= offset && offset <= d.span.end) {
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
        // The field under the cursor, in whichever unit of the document holds it.
        let field = last.document.as_ref().and_then(|doc| {
            doc.units
                .iter()
                .filter(|u| u.tree.root_span().is_some_and(|s| s.start <= offset && offset <= s.end))
                .find_map(|unit| docs::field_doc(unit.shape, &unit.tree.path_at(offset).0))
        });
        if let Some(field) = field {
            sections.push(format!("**{}** (`{}`)\n\n{}", field.name, field.shape, field.markdown));
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
        let Some((text, last)) = self.session.last(uri.as_str()) else { return Vec::new() };
        let lines = LineIndex::new(text);
        let (start, end) = (self.offset(&lines, params.range.start), self.offset(&lines, params.range.end));
        last.diagnostics
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
                    diagnostics: Some(vec![session::to_lsp(&lines, d, self.utf16, Some(&uri))]),
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
