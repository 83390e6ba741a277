//! LSP framing over stdio that survives anything: garbage, truncated headers, absurd
//! `Content-Length`s and bodies that are not JSON-RPC are answered with JSON-RPC errors (or
//! skipped) instead of ending the server; only the end of the input ends it.

use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{Connection, Message};
use serde_json::{Value, json};
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

/// A header line longer than this is not a header.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// A message larger than this is refused (and skipped). No real document comes near it.
pub const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// JSON-RPC error codes.
pub const PARSE_ERROR: i32 = -32700;
pub const INVALID_REQUEST: i32 = -32600;

/// What one frame of input held.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// Not a usable message: answered with this error (JSON-RPC says: with the request's id
    /// if one can be read, else null).
    Invalid {
        id: Option<Value>,
        code: i32,
        message: String,
    },
    /// The input ended (possibly in the middle of a message).
    End,
}

pub fn read_frame(r: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = r.by_ref().take(MAX_HEADER_LINE as u64 + 1).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(Frame::End);
        }
        if !line.ends_with(b"\n") {
            if line.len() <= MAX_HEADER_LINE {
                return Ok(Frame::End);
            }
            // Skip the rest of an overlong line, without keeping it.
            if !skip_line(r)? {
                return Ok(Frame::End);
            }
            return Ok(invalid(None, PARSE_ERROR, "a header line is too long"));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
            if length.is_none() {
                return Ok(invalid(None, PARSE_ERROR, &format!("`{}` is not a Content-Length", value.trim())));
            }
        }
    }
    let Some(length) = length else {
        return Ok(invalid(None, PARSE_ERROR, "a message has no Content-Length header"));
    };
    if length > MAX_MESSAGE {
        let skipped = io::copy(&mut r.by_ref().take(length as u64), &mut io::sink())?;
        if skipped < length as u64 {
            return Ok(Frame::End);
        }
        return Ok(invalid(
            None,
            PARSE_ERROR,
            &format!("a message of {length} bytes is larger than the {MAX_MESSAGE} accepted"),
        ));
    }
    let mut body = vec![0; length];
    if let Err(e) = r.read_exact(&mut body) {
        return if e.kind() == io::ErrorKind::UnexpectedEof { Ok(Frame::End) } else { Err(e) };
    }
    if let Some(frame) = unusable_id(&body) {
        return Ok(frame);
    }
    Ok(match serde_json::from_slice::<Message>(&body) {
        // A request with a bad `method` would otherwise read as a response.
        Ok(Message::Response(_)) if serde_json::from_slice::<Value>(&body).is_ok_and(|v| v.get("method").is_some()) => {
            let id = serde_json::from_slice::<Value>(&body).ok().and_then(|v| v.get("id").cloned());
            invalid(id, INVALID_REQUEST, "not a JSON-RPC message: `method` must be a string")
        }
        Ok(message) => Frame::Message(message),
        Err(e) => match serde_json::from_slice::<Value>(&body) {
            Ok(v) => invalid(v.get("id").cloned(), INVALID_REQUEST, &format!("not a JSON-RPC message: {e}")),
            Err(e) => invalid(None, PARSE_ERROR, &format!("the body is not JSON: {e}")),
        },
    })
}

/// lsp-server reads an id that is neither an i32 nor a string (`2147483648`, `null`, `1.5`) as
/// no id at all, which would make a request a notification left unanswered: it is refused.
fn unusable_id(body: &[u8]) -> Option<Frame> {
    let v = serde_json::from_slice::<Value>(body).ok()?;
    let id = v.get("id").filter(|_| v.get("method").is_some())?;
    let usable = id.is_string() || id.as_i64().is_some_and(|n| i32::try_from(n).is_ok());
    (!usable)
        .then(|| invalid(Some(id.clone()), INVALID_REQUEST, "a request's id must be a string or an integer of 32 bits"))
}

/// Reads up to the end of the line, keeping nothing: `false` when the input ends first.
fn skip_line(r: &mut impl BufRead) -> io::Result<bool> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                r.consume(i + 1);
                return Ok(true);
            }
            None => {
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

fn invalid(id: Option<Value>, code: i32, message: &str) -> Frame {
    Frame::Invalid { id, code, message: message.to_string() }
}

/// An error response, for a frame that is not a message.
pub fn error_response(id: Option<Value>, code: i32, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id.unwrap_or(Value::Null), "error": {"code": code, "message": message}})
}

fn write_framed(w: &mut impl Write, body: &[u8]) -> io::Result<()> {
    write!(w, "Content-Length: {}\r\n\r\n", body.len())?;
    w.write_all(body)?;
    w.flush()
}

/// The reading and writing threads behind a [`Connection`] on any byte streams.
pub struct Threads {
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Threads {
    /// Waits for the writer to flush what the server sent. The reader may still be blocked on
    /// input that never comes; it is not waited for.
    pub fn join_writer(self) {
        let _ = self.writer.join();
        drop(self.reader);
    }
}

pub fn connect(input: impl BufRead + Send + 'static, output: impl Write + Send + 'static) -> (Connection, Threads) {
    let (to_server, from_client) = unbounded::<Message>();
    let (to_client, from_server) = unbounded::<Message>();
    let (errors_out, errors_in) = unbounded::<Value>();
    let reader = std::thread::spawn(move || read_loop(input, to_server, errors_out));
    let writer = std::thread::spawn(move || write_loop(output, from_server, errors_in));
    (Connection { sender: to_client, receiver: from_client }, Threads { reader, writer })
}

fn read_loop(mut input: impl BufRead, to_server: Sender<Message>, errors: Sender<Value>) {
    loop {
        match read_frame(&mut input) {
            Ok(Frame::Message(m)) => {
                if to_server.send(m).is_err() {
                    return;
                }
            }
            Ok(Frame::Invalid { id, code, message }) => {
                let _ = errors.send(error_response(id, code, &message));
            }
            Ok(Frame::End) | Err(_) => return,
        }
    }
}

fn write_loop(mut output: impl Write, messages: Receiver<Message>, errors: Receiver<Value>) {
    let (mut messages_open, mut errors_open) = (true, true);
    while messages_open {
        select! {
            recv(messages) -> m => match m {
                Ok(m) => if m.write(&mut output).is_err() { return },
                Err(_) => messages_open = false,
            },
            recv(if errors_open { errors.clone() } else { crossbeam_channel::never() }) -> e => match e {
                Ok(e) => if write_framed(&mut output, e.to_string().as_bytes()).is_err() { return },
                Err(_) => errors_open = false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn frames(input: &[u8]) -> Vec<String> {
        let mut r = Cursor::new(input.to_vec());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut r).unwrap() {
                Frame::Message(m) => out.push(format!("message {}", serde_json::to_string(&m).unwrap())),
                Frame::Invalid { id, code, message } => out.push(format!("invalid {id:?} {code} {message}")),
                Frame::End => return out,
            }
        }
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn reads_messages_and_survives_garbage() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "{}{}{}{}{}",
            framed(good),
            framed("{not json"),
            framed(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            "Content-Type: x\r\n\r\n",
            framed(good)
        );
        let out = frames(input.as_bytes());
        assert_eq!(out.len(), 5, "{out:?}");
        assert!(out[0].starts_with("message"));
        assert!(out[1].starts_with("invalid None -32700 the body is not JSON"), "{}", out[1]);
        assert!(out[2].starts_with("invalid Some(Number(7)) -32600"), "{}", out[2]);
        assert_eq!(out[3], "invalid None -32700 a message has no Content-Length header");
        assert!(out[4].starts_with("message"));
    }

    #[test]
    fn absurd_lengths_and_truncation() {
        assert_eq!(
            frames(b"Content-Length: 99999999999999999999999\r\n\r\n{}")[0],
            "invalid None -32700 `99999999999999999999999` is not a Content-Length"
        );
        // Larger than accepted, and the input ends before it: the end.
        assert!(frames(b"Content-Length: 999999999999\r\n\r\n{}").is_empty());
        // A truncated body or header: the end, without a panic.
        assert!(frames(b"Content-Length: 10\r\n\r\n{}").is_empty());
        assert!(frames(b"Content-Len").is_empty());
        let long = format!("X-{}\r\n\r\n", "a".repeat(MAX_HEADER_LINE * 2));
        assert_eq!(frames(long.as_bytes()), ["invalid None -32700 a header line is too long"]);
    }

    #[test]
    fn an_endless_header_line_is_skipped_in_constant_memory() {
        // 1 GiB without a newline, read through a small buffer: nothing of it is kept (the
        // process's peak memory grows by far less than the line).
        struct Endless(usize);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(self.0);
                buf[..n].fill(b'a');
                self.0 -= n;
                Ok(n)
            }
        }
        let next = framed("{}");
        let peak = || {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("VmHWM: 0 kB").to_string();
            line.split_whitespace().nth(1).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0)
        };
        let before = peak();
        let mut r = io::BufReader::with_capacity(4096, Endless(1 << 30).chain(&b"\r\n"[..]).chain(next.as_bytes()));
        match read_frame(&mut r).unwrap() {
            Frame::Invalid { message, .. } => assert_eq!(message, "a header line is too long"),
            other => panic!("{other:?}"),
        }
        assert!(peak() - before < 256 * 1024, "peak memory grew by {} kB", peak() - before);
    }

    #[test]
    fn requests_with_ids_lsp_server_cannot_hold_are_answered() {
        for id in ["2147483648", "null", "1.5", "-2147483649", "[1]"] {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#);
            let out = frames(framed(&body).as_bytes());
            assert_eq!(out.len(), 1, "{id}");
            assert!(out[0].starts_with("invalid Some(") && out[0].contains("-32600"), "{id}: {}", out[0]);
        }
        assert!(
            frames(framed(r#"{"jsonrpc":"2.0","id":2147483647,"method":"shutdown"}"#).as_bytes())[0]
                .starts_with("message")
        );
    }
}
