//! Whole language server sessions: after `initialize`, each chunk of the input (split at
//! 0xFF bytes) becomes a message: a document opened or changed to any text, a hover or a
//! code action at any position, a close, a save, or any raw message body; an op with its high
//! bit set makes the text one line of 64 KiB or more. The server must answer to the end
//! without a panic, whatever the documents and positions.
#![no_main]

use ecslint::lsp::{serve, transport};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

const URI: &str = "file:///fuzz/task.json";

fn frame(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

fn message(out: &mut Vec<u8>, id: &mut i64, method: &str, params: Value, request: bool) {
    let mut m = json!({"jsonrpc": "2.0", "method": method, "params": params});
    if request {
        *id += 1;
        m["id"] = json!(id);
    }
    frame(out, m.to_string().as_bytes());
}

fn position(bytes: &[u8], at: usize) -> Value {
    let b = |i: usize| bytes.get(at + i).copied().unwrap_or(0) as u32;
    json!({"line": b(0) % 64, "character": b(1)})
}

fuzz_target!(|data: &[u8]| {
    let mut stream = Vec::new();
    let mut id = 0;
    let encodings = if data.first().is_some_and(|b| b & 1 == 1) { json!(["utf-8"]) } else { json!(["utf-16"]) };
    message(&mut stream, &mut id, "initialize", json!({"capabilities": {"general": {"positionEncodings": encodings}}}), true);
    message(&mut stream, &mut id, "initialized", json!({}), false);
    let mut version = 1;
    for chunk in data.split(|&b| b == 0xFF).take(64) {
        let Some((&op, rest)) = chunk.split_first() else { continue };
        let mut text = String::from_utf8_lossy(rest).into_owned();
        // An op with its high bit set makes the text one line of at least 64 KiB: positions
        // are mapped on long lines as on short ones.
        if op & 0x80 != 0 && !text.is_empty() {
            let line = text.replace(['\n', '\r'], " ");
            text = line.repeat(65_536 / line.len() + 1);
        }
        let doc = json!({"uri": URI});
        version += 1;
        match op % 8 {
            0 => message(&mut stream, &mut id, "textDocument/didOpen",
                json!({"textDocument": {"uri": URI, "languageId": "json", "version": version, "text": text}}), false),
            1 => message(&mut stream, &mut id, "textDocument/didChange",
                json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]}), false),
            2 => message(&mut stream, &mut id, "textDocument/hover",
                json!({"textDocument": doc, "position": position(rest, 0)}), true),
            3 => message(&mut stream, &mut id, "textDocument/codeAction",
                json!({"textDocument": doc, "range": {"start": position(rest, 0), "end": position(rest, 2)},
                       "context": {"diagnostics": []}}), true),
            4 => frame(&mut stream, rest),
            5 => message(&mut stream, &mut id, "textDocument/didClose", json!({"textDocument": doc}), false),
            6 => message(&mut stream, &mut id, "textDocument/didSave", json!({"textDocument": doc, "text": text}), false),
            _ => message(&mut stream, &mut id, "textDocument/didOpen",
                json!({"textDocument": {"uri": "file:///fuzz/stack.yaml", "languageId": "yaml", "version": version, "text": text}}), false),
        }
    }
    message(&mut stream, &mut id, "shutdown", Value::Null, true);
    message(&mut stream, &mut id, "exit", Value::Null, false);
    let (connection, threads) = transport::connect(std::io::Cursor::new(stream), std::io::sink());
    let code = serve(&connection);
    drop(connection);
    threads.join_writer();
    assert!(code <= 1);
});
