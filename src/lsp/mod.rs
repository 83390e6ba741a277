//! `ecslint lsp`: a language server over stdio. It lints with the same function as the command
//! line and the same configuration, found the same way (see [`Session::config_for`]), and
//! answers hovers (field documentation from the AWS model, and the rule behind a problem) and
//! quick fixes, both from the last lint of the document.

mod docs;
mod session;
pub mod transport;
mod worker;

use crate::span::{LineIndex, Span};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;
use worker::{Job, Snapshot};

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
    sender: crossbeam_channel::Sender<Message>,
    /// What changes a lint goes to the linting thread (see `worker.rs`).
    jobs: crossbeam_channel::Sender<Job>,
    /// The generation of the last job sent; each open document's text is stamped with the
    /// generation of the job that set it.
    generation: u64,
    open: HashMap<String, u64>,
    /// The last lint of each open document: what hovers and quick fixes answer from.
    snapshots: HashMap<String, Snapshot>,
    /// Requests about a document whose newest text is not linted yet, oldest first.
    waiting: Vec<Request>,
    /// Whether the linting thread has stopped (it panicked): requests are answered from what
    /// is there.
    orphaned: bool,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

/// The server's loop: reads the client's messages and answers requests; a thread of its own
/// lints (see `worker.rs`), so that a hover, a cancellation or `shutdown` never waits for the
/// lint of another document. Returns the process's exit status.
pub fn serve(connection: &Connection) -> u8 {
    let (jobs, job_receiver) = crossbeam_channel::unbounded();
    let (results, result_receiver) = crossbeam_channel::unbounded();
    let sender = connection.sender.clone();
    let linter = std::thread::Builder::new()
        .name("ecslint-lint".into())
        .spawn(move || worker::run(job_receiver, sender, results))
        .expect("a thread to lint on");
    let mut server = Server {
        utf16: true,
        state: State::Uninitialized,
        can_watch: false,
        sender: connection.sender.clone(),
        jobs,
        generation: 0,
        open: HashMap::new(),
        snapshots: HashMap::new(),
        waiting: Vec::new(),
        orphaned: false,
    };
    let code = loop {
        crossbeam_channel::select! {
            recv(connection.receiver) -> message => match message {
                Ok(message) => if let Some(code) = server.message(message) { break code },
                // The input ended without `exit`.
                Err(_) => break 1,
            },
            recv(result_receiver) -> snapshot => match snapshot {
                Ok(snapshot) => server.linted(snapshot),
                Err(_) => server.orphan(),
            },
        }
    };
    drop(server);
    let _ = linter.join();
    code
}

fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Response {
    Response::new_err(id, code as i32, message.into())
}

/// The document a request is about.
fn document_of(request: &Request) -> Option<&str> {
    request.params.get("textDocument")?.get("uri")?.as_str()
}

impl Server {
    fn answer(&self, response: Response) {
        let _ = self.sender.send(response.into());
    }

    /// Handles one message from the client; `Some` exit status after `exit`.
    fn message(&mut self, message: Message) -> Option<u8> {
        match message {
            Message::Notification(n) if n.method == "exit" => {
                return Some(if self.state == State::ShutDown { 0 } else { 1 });
            }
            Message::Notification(n) if n.method == "$/cancelRequest" => {
                let id = n.params.get("id").and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
                if let Some(at) = id.and_then(|id| self.waiting.iter().position(|r| r.id == id)) {
                    let request = self.waiting.remove(at);
                    self.answer(error(request.id, ErrorCode::RequestCanceled, "cancelled"));
                }
            }
            Message::Notification(n) => self.notification(n),
            Message::Request(request) => {
                if request.method == "shutdown" && self.state == State::Running {
                    // The documents' lints no longer matter: no answer waits for them.
                    for request in std::mem::take(&mut self.waiting) {
                        self.answer(error(request.id, ErrorCode::ContentModified, "the server is shutting down"));
                    }
                    let _ = self.jobs.send(Job::Shutdown);
                }
                if self.state == State::Running && !self.answerable(&request) {
                    self.waiting.push(request);
                } else if let Some(response) = self.request(request) {
                    self.answer(response);
                }
            }
            Message::Response(_) => {}
        }
        None
    }

    /// Whether a request can be answered now: it is about no open document, or about one
    /// whose newest text has been linted.
    fn answerable(&self, request: &Request) -> bool {
        let Some(uri) = document_of(request) else { return true };
        let Some(generation) = self.open.get(uri) else { return true };
        self.orphaned || self.snapshots.get(uri).is_some_and(|s| s.generation == *generation)
    }

    /// A lint finished: kept if it is of the document's newest text, and the requests that
    /// waited for it answered.
    fn linted(&mut self, snapshot: Snapshot) {
        if self.open.get(&snapshot.uri) != Some(&snapshot.generation) {
            return;
        }
        self.snapshots.insert(snapshot.uri.clone(), snapshot);
        self.answer_waiting();
    }

    fn answer_waiting(&mut self) {
        let waiting = std::mem::take(&mut self.waiting);
        for request in waiting {
            if self.answerable(&request) {
                if let Some(response) = self.request(request) {
                    self.answer(response);
                }
            } else {
                self.waiting.push(request);
            }
        }
    }

    /// The linting thread stopped: no lint will come, so nothing waits for one.
    fn orphan(&mut self) {
        self.orphaned = true;
        self.answer_waiting();
    }

    /// Sends a notification on to the linting thread, stamping the text it sets.
    fn notification(&mut self, n: Notification) {
        if self.state != State::Running {
            return;
        }
        if n.method == "initialized" {
            self.watch_configuration();
            return;
        }
        self.generation += 1;
        let uri = n.params.get("textDocument").and_then(|d| d.get("uri")).and_then(Value::as_str).map(str::to_string);
        match (n.method.as_str(), uri) {
            ("textDocument/didOpen" | "textDocument/didChange", Some(uri)) => {
                self.open.insert(uri, self.generation);
            }
            ("textDocument/didSave", Some(uri)) if n.params.get("text").is_some_and(Value::is_string) => {
                if let Some(generation) = self.open.get_mut(&uri) {
                    *generation = self.generation;
                }
            }
            ("textDocument/didClose", Some(uri)) => {
                self.open.remove(&uri);
                self.snapshots.remove(&uri);
            }
            _ => {}
        }
        let _ = self.jobs.send(Job::Notify { notification: n, generation: self.generation });
        // A request about a document that just closed is answered without it.
        self.answer_waiting();
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
        let folders = roots.iter().filter_map(|u| file_path(u)).collect();
        let _ = self.jobs.send(Job::Initialize { utf16: self.utf16, folders });
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

    fn range(&self, lines: &LineIndex, span: Span) -> lsp::Range {
        session::range(lines, span, self.utf16)
    }

    fn offset(&self, lines: &LineIndex, position: lsp::Position) -> usize {
        lines.lsp_offset(position.line as usize, position.character as usize, self.utf16)
    }

    fn hover(&self, params: lsp::HoverParams) -> Option<lsp::Hover> {
        let uri = params.text_document_position_params.text_document.uri;
        let snapshot = self.snapshots.get(uri.as_str())?;
        let (text, last) = (&snapshot.text, snapshot.last.as_ref()?);
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
        let Some(snapshot) = self.snapshots.get(uri.as_str()) else { return Vec::new() };
        let Some(last) = &snapshot.last else { return Vec::new() };
        let text = &snapshot.text;
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
