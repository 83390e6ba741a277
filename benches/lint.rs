//! The per-document path: `cargo bench --bench lint`. Medians (criterion) of linting a small
//! task definition, a 64 KiB one, and the language server's re-lint of a 64 KiB document on a
//! change, from `didChange` to `publishDiagnostics`.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use ecslint::lint::{Settings, lint_text};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::json;
use std::hint::black_box;

fn lint(c: &mut Criterion) {
    let small = include_str!("../examples/fargate-web.json");
    let large = common::large(64 * 1024);
    let settings = Settings::default();
    c.bench_function(&format!("lint a {} byte task definition", small.len()), |b| {
        b.iter(|| lint_text(black_box(small), true, &settings))
    });
    c.bench_function(&format!("lint a {} byte task definition", large.len()), |b| {
        b.iter(|| lint_text(black_box(&large), true, &settings))
    });
}

fn lsp_relint(c: &mut Criterion) {
    let large = common::large(64 * 1024);
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || ecslint::lsp::serve(&server));
    let send = |m: Message| client.sender.send(m).unwrap();
    send(Request::new(RequestId::from(1), "initialize".into(), json!({"capabilities": {}})).into());
    let uri = "file:///nonexistent/bench/task.json";
    let published = || loop {
        if let Message::Notification(n) = client.receiver.recv().unwrap()
            && n.method == "textDocument/publishDiagnostics"
        {
            return n;
        }
    };
    send(
        Notification::new(
            "textDocument/didOpen".into(),
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": large}}),
        )
        .into(),
    );
    published();
    let mut version = 1;
    c.bench_function(&format!("lsp re-lint of a {} byte document on change", large.len()), |b| {
        b.iter(|| {
            version += 1;
            send(
                Notification::new(
                    "textDocument/didChange".into(),
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": large}]}),
                )
                .into(),
            );
            published()
        })
    });
    send(Request::new(RequestId::from(2), "shutdown".into(), json!(null)).into());
    send(Notification::new("exit".into(), json!(null)).into());
    thread.join().unwrap();
}

criterion_group!(benches, lint, lsp_relint);
criterion_main!(benches);
