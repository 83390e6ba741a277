//! The linting thread of the language server. The loop in `mod.rs` reads the client's
//! messages and answers requests; everything that changes what a lint sees (documents,
//! configurations, workspace folders) comes here as a [`Job`], in the order the client sent it.
//! This thread owns the [`Session`], lints the documents those jobs touched, publishes their
//! diagnostics, and hands each finished lint back as a [`Snapshot`] for hovers and quick fixes.
//!
//! A lint is never wasted on text that is already gone: the jobs that arrived while it ran are
//! applied before it is published, and a lint whose document they touched again is dropped
//! (the document is linted again from its newest state). Diagnostics wait in bounded memory
//! while the client does not read (see [`MAX_QUEUED`]).

use super::session::{Last, Session};
use lsp_server::{Message, Notification};
use lsp_types as lsp;
use std::path::PathBuf;
use std::str::FromStr;

/// What the loop tells the linting thread, in the order the client said it.
pub enum Job {
    /// The client's position encoding and workspace folders, from `initialize`.
    Initialize { utf16: bool, folders: Vec<PathBuf> },
    /// A notification that may change what the documents' lints see; `generation` stamps the
    /// text it sets, so that the loop knows which lint answers for which text.
    Notify { notification: Notification, generation: u64 },
    /// `shutdown`: no lint matters any more.
    Shutdown,
}

/// A finished lint of an open document at one state of its text.
pub struct Snapshot {
    pub uri: String,
    /// The generation of the text that was linted (see [`Job::Notify`]).
    pub generation: u64,
    pub text: String,
    pub last: Option<Last>,
}

/// How many messages may wait for the client to read them before diagnostics are held back
/// (only the newest of each document is kept while it does not read).
pub const MAX_QUEUED: usize = 256;

struct Worker {
    session: Session,
    utf16: bool,
    stopped: bool,
    sender: crossbeam_channel::Sender<Message>,
    results: crossbeam_channel::Sender<Snapshot>,
    /// Diagnostics held back while the client does not read: the newest per document.
    held: Vec<(String, Notification)>,
    /// Documents to lint, oldest change first.
    dirty: Vec<String>,
}

/// Runs the linting thread until the loop hangs up.
pub fn run(
    jobs: crossbeam_channel::Receiver<Job>,
    sender: crossbeam_channel::Sender<Message>,
    results: crossbeam_channel::Sender<Snapshot>,
) {
    let mut worker = Worker {
        session: Session::default(),
        utf16: true,
        stopped: false,
        sender,
        results,
        held: Vec::new(),
        dirty: Vec::new(),
    };
    loop {
        worker.release_held();
        if worker.dirty.is_empty() {
            match jobs.recv_timeout(std::time::Duration::from_millis(200)) {
                Ok(job) => worker.apply(job),
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => continue,
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return,
            }
        }
        // Everything already queued first, so that a flood of changes is linted once.
        for job in jobs.try_iter() {
            worker.apply(job);
        }
        if worker.dirty.is_empty() {
            worker.publish_config_reports();
            continue;
        }
        let uri = worker.dirty.remove(0);
        let refreshed = worker.session.refresh(&uri, worker.utf16);
        for job in jobs.try_iter() {
            worker.apply(job);
        }
        // Touched again while it was linted: superseded, linted again from the newest state.
        // Shut down meanwhile: no longer wanted.
        if worker.dirty.contains(&uri) || worker.stopped {
            continue;
        }
        if let Ok(lsp_uri) = lsp::Uri::from_str(&uri) {
            let params = lsp::PublishDiagnosticsParams {
                uri: lsp_uri,
                diagnostics: refreshed.diagnostics,
                version: refreshed.version,
            };
            worker.send_diagnostics(&uri, params);
        }
        worker.publish_config_reports();
        if let Some(text) = refreshed.text {
            let snapshot = Snapshot { uri, generation: refreshed.generation, text, last: refreshed.last };
            let _ = worker.results.send(snapshot);
        }
    }
}

impl Worker {
    fn apply(&mut self, job: Job) {
        match job {
            Job::Initialize { utf16, folders } => {
                self.utf16 = utf16;
                self.session.set_folders(folders);
            }
            Job::Shutdown => {
                self.stopped = true;
                self.dirty.clear();
            }
            Job::Notify { .. } if self.stopped => {}
            Job::Notify { notification, generation } => {
                for uri in self.notification(notification, generation) {
                    if !self.dirty.contains(&uri) {
                        self.dirty.push(uri);
                    }
                }
            }
        }
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

    /// Says once of each broken configuration file that it is broken, and publishes the
    /// diagnostics of those whose state changed.
    fn publish_config_reports(&mut self) {
        for (uri, diagnostics, message) in self.session.take_config_reports() {
            if let Some(message) = message {
                let params = lsp::ShowMessageParams { typ: lsp::MessageType::ERROR, message };
                let _ = self.sender.send(Notification::new("window/showMessage".into(), params).into());
            }
            let Ok(lsp_uri) = lsp::Uri::from_str(&uri) else { continue };
            let params = lsp::PublishDiagnosticsParams { uri: lsp_uri, diagnostics, version: None };
            self.send_diagnostics(&uri, params);
        }
    }

    /// Applies a notification to the session; returns the documents to lint again.
    fn notification(&mut self, n: Notification, generation: u64) -> Vec<String> {
        let uri_of = |doc: &lsp::TextDocumentIdentifier| doc.uri.as_str().to_string();
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri.as_str().to_string();
                self.session.open(&uri, p.text_document.text, p.text_document.version, generation);
                vec![uri]
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri.as_str().to_string();
                // Full synchronisation: the last change holds the whole text.
                let Some(change) = p.content_changes.into_iter().next_back() else { return Vec::new() };
                self.session.open(&uri, change.text, p.text_document.version, generation);
                vec![uri]
            }
            "textDocument/didSave" => {
                let Ok(p) = serde_json::from_value::<lsp::DidSaveTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = uri_of(&p.text_document);
                if let Some(text) = p.text {
                    self.session.set_text(&uri, text, generation);
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
                let configuration = p.changes.iter().any(|c| super::session::is_config_uri(c.uri.as_str()));
                if configuration { self.session.reload_configuration() } else { self.session.forget_readers() }
            }
            _ => Vec::new(),
        }
    }
}
