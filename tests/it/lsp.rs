//! The language server, in process: the protocol, diagnostics and their positions in UTF-16
//! and UTF-8, hovers, quick fixes, configuration, and what it must survive.

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};
use std::thread::JoinHandle;
use std::time::Duration;

struct Client {
    conn: Connection,
    server: Option<JoinHandle<u8>>,
    next_id: i32,
}

impl Client {
    fn start() -> Client {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || ecslint::lsp::serve(&server));
        Client { conn: client, server: Some(handle), next_id: 1 }
    }

    fn initialized(encodings: &[&str]) -> Client {
        let mut c = Client::start();
        let result = c.request("initialize", json!({"capabilities": {"general": {"positionEncodings": encodings}}}));
        assert!(result.get("capabilities").is_some(), "{result}");
        c.notify("initialized", json!({}));
        c
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        let id = RequestId::from(self.next_id);
        self.next_id += 1;
        self.conn.sender.send(Request::new(id.clone(), method.into(), params).into()).unwrap();
        id
    }

    fn response(&self, id: &RequestId) -> Response {
        loop {
            match self.conn.receiver.recv_timeout(Duration::from_secs(10)).expect("a response") {
                Message::Response(r) if &r.id == id => return r,
                _ => {}
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        let response = self.response(&id);
        assert!(response.error.is_none(), "{method}: {:?}", response.error);
        response.result.unwrap_or(Value::Null)
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn.sender.send(Notification::new(method.into(), params).into()).unwrap();
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        loop {
            match self.conn.receiver.recv_timeout(Duration::from_secs(10)).expect("diagnostics") {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri => {
                    return n.params["diagnostics"].as_array().unwrap().clone();
                }
                _ => {}
            }
        }
    }

    fn open(&self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn exit_status(mut self, shutdown: bool) -> u8 {
        if shutdown {
            assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        }
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics.iter().find(|d| d["code"] == code).unwrap_or_else(|| panic!("no {code} in {diagnostics:?}"))
}

const URI: &str = "file:///nonexistent/deploy/task.json";

/// One container whose only problem on its line is `"essential": false`, after accents and
/// an emoji in the same line (UTF-16: the emoji is two code units; UTF-8: four bytes).
const TASK: &str = "{\n  \"family\": \"café\",\n  \"memory\": \"512\",\n  \"containerDefinitions\": [\n    {\"name\": \"é😀\", \"image\": \"x:1\", \"essential\": false}\n  ]\n}\n";

#[test]
fn diagnostics_carry_rule_link_source_and_utf16_positions() {
    let client = Client::initialized(&[]);
    let diagnostics = client.open(URI, TASK);
    let d = find(&diagnostics, "missing-essential-container");
    assert_eq!(d["source"], "ecslint");
    assert_eq!(d["severity"], 1);
    assert!(d["codeDescription"]["href"].as_str().unwrap().ends_with("/rules/missing-essential-container.md"));
    assert!(d["message"].as_str().unwrap().contains("\nhelp: set `\"essential\": true`"));
    // Line 4 (0-based): `    {"name": "é😀", "image": "x:1", "essential": false}`; `false`
    // starts after 4 + 9 + 7 (é is 1 unit, 😀 is 2) + ... code units.
    let line = TASK.lines().nth(4).unwrap();
    let byte = line.find("false").unwrap();
    let utf16 = line[..byte].encode_utf16().count();
    assert_eq!(d["range"]["start"], json!({"line": 4, "character": utf16}));
    assert_eq!(d["range"]["end"], json!({"line": 4, "character": utf16 + 5}));
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let mut client = Client::start();
    let result =
        client.request("initialize", json!({"capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    let diagnostics = client.open(URI, TASK);
    let d = find(&diagnostics, "missing-essential-container");
    let byte = TASK.lines().nth(4).unwrap().find("false").unwrap();
    assert_eq!(d["range"]["start"], json!({"line": 4, "character": byte}));
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn other_json_gets_no_diagnostics_and_closing_clears_them() {
    let client = Client::initialized(&[]);
    assert!(client.open("file:///nonexistent/package.json", "{\"name\": \"x\", \"version\": \"1\"}").is_empty());
    assert!(client.open("file:///nonexistent/tsconfig.json", "{ // comment\n}").is_empty());
    assert!(!client.open(URI, TASK).is_empty());
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    assert!(client.diagnostics(URI).is_empty());
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn changes_and_saves_lint_again() {
    let client = Client::initialized(&[]);
    assert!(codes(&client.open(URI, TASK)).contains(&"missing-essential-container"));
    let fixed = TASK.replace("false", "true");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let after = client.diagnostics(URI);
    assert!(!codes(&after).contains(&"missing-essential-container"), "{after:?}");
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": URI}}));
    assert_eq!(codes(&client.diagnostics(URI)), codes(&after));
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn a_flood_of_changes_ends_with_the_last_text() {
    let client = Client::initialized(&[]);
    client.open(URI, TASK);
    for version in 2..2000 {
        let text = if version % 2 == 0 { TASK.to_string() } else { "{\"containerDefinitions\": [".to_string() };
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2000}, "contentChanges": [{"text": TASK.replace("false", "true")}]}),
    );
    // Diagnostics come for some versions, in order, and the last ones are for the last text.
    let mut last_version = 0;
    loop {
        let message = client.conn.receiver.recv_timeout(Duration::from_secs(20)).expect("diagnostics");
        if let Message::Notification(n) = message
            && n.method == "textDocument/publishDiagnostics"
        {
            let version = n.params["version"].as_i64().unwrap();
            assert!(version > last_version);
            last_version = version;
            if version == 2000 {
                let diagnostics = n.params["diagnostics"].as_array().unwrap();
                assert!(!codes(diagnostics).contains(&"missing-essential-container"));
                break;
            }
        }
    }
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn hover_shows_field_docs_and_the_rule_behind_a_problem() {
    let mut client = Client::initialized(&[]);
    client.open(URI, TASK);
    let at = |needle: &str, nth: usize| {
        let line = TASK.lines().position(|l| l.contains(needle)).unwrap();
        let col = TASK.lines().nth(line).unwrap().find(needle).unwrap() + nth;
        json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": col}})
    };
    let hover = client.request("textDocument/hover", at("\"family\"", 2));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**family**"), "{text}");
    assert!(text.contains("Up to 255 letters"), "{text}");
    let hover = client.request("textDocument/hover", at("false", 1));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**missing-essential-container**"), "{text}");
    assert!(text.contains("**Fix:**"), "{text}");
    assert!(text.contains("**essential**"), "and the field's docs: {text}");
    assert_eq!(client.exit_status(true), 0);
}

/// Applies a code action's edits (one document, non-overlapping) to `text`.
fn apply(text: &str, action: &Value, utf16: bool) -> String {
    let edits = action["edit"]["changes"][URI].as_array().unwrap();
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let line_text = text[start..].lines().next().unwrap_or("");
        if utf16 {
            let mut units = 0;
            for (i, c) in line_text.char_indices() {
                if units == character {
                    return start + i;
                }
                units += c.len_utf16();
            }
            start + line_text.len()
        } else {
            start + character
        }
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn quick_fixes_for_four_rules() {
    let text = "{\n  \"family\": \"fix\",\n  \"cpu\": 256,\n  \"memory\": \"512\",\n  \"networkMode\": \"awsvpc\",\n  \"containerDefinitions\": [\n    {\"name\": \"é😀\", \"image\": \"x:1\", \"essential\": false, \"enviroment\": [],\n     \"portMappings\": [{\"containerPort\": 8080, \"hostPort\": 80}]}\n  ]\n}\n";
    let mut client = Client::initialized(&[]);
    let diagnostics = client.open(URI, text);
    let mut fixed = text.to_string();
    for (code, title) in [
        ("missing-essential-container", "Make container `é😀` essential"),
        ("host-port-mismatch", "Set hostPort to 8080"),
        ("invalid-type", "Write 256 as a string"),
        ("unknown-field", "Rename `enviroment` to `environment`"),
    ] {
        let d = find(&diagnostics, code);
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": d["range"], "context": {"diagnostics": [d]}}),
        );
        let action = actions.as_array().unwrap().iter().find(|a| a["diagnostics"][0]["code"] == code).unwrap();
        assert_eq!(action["title"], title);
        assert_eq!(action["kind"], "quickfix");
        fixed = apply(&fixed, action, true);
        // Each fix is applied to the fixed text so far: positions are on other lines or
        // keep their length where they share one.
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}),
        );
        let now = client.diagnostics(URI);
        assert!(!codes(&now).contains(&code), "{code} remains after its fix: {fixed}");
    }
    assert!(
        fixed.contains("\"cpu\": \"256\"")
            && fixed.contains("\"essential\": true")
            && fixed.contains("\"hostPort\": 8080")
            && fixed.contains("\"environment\": []"),
        "{fixed}"
    );
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn configuration_is_found_from_the_document_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("deploy")).unwrap();
    std::fs::write(dir.path().join("ecslint.toml"), "[rules]\nmissing-essential-container = \"off\"\n").unwrap();
    let uri = format!("file://{}/deploy/task.json", dir.path().display());
    let client = Client::initialized(&[]);
    let diagnostics = client.open(&uri, TASK);
    assert!(!codes(&diagnostics).contains(&"missing-essential-container"), "{diagnostics:?}");
    assert!(codes(&client.open(URI, TASK)).contains(&"missing-essential-container"));
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn protocol_errors_are_answered_not_fatal() {
    let mut client = Client::start();
    let id = client.send_request("textDocument/hover", json!({}));
    assert_eq!(client.response(&id).error.unwrap().code, -32002, "before initialize: ServerNotInitialized");
    client.request("initialize", json!({"capabilities": {}}));
    let id = client.send_request("workspace/symbol", json!({"query": ""}));
    assert_eq!(client.response(&id).error.unwrap().code, -32601, "MethodNotFound");
    let id = client.send_request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(client.response(&id).error.unwrap().code, -32602, "InvalidParams");
    client.notify("textDocument/didOpen", json!({"garbage": 1}));
    client.notify("$/unknown", json!(null));
    // Any document text at all.
    for text in
        ["", "\u{0}\u{1b}[2J", "[[[[[[[[", &"[".repeat(100_000), "{\"containerDefinitions\": [{\"name\": 1e999}]}"]
    {
        client.open(URI, text);
    }
    let id = client.send_request("initialize", json!({"capabilities": {}}));
    assert_eq!(client.response(&id).error.unwrap().code, -32600, "initialize twice");
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn exit_without_shutdown_is_status_one() {
    let client = Client::initialized(&[]);
    assert_eq!(client.exit_status(false), 1);
}

#[test]
fn cloudformation_yaml_gets_diagnostics_at_its_lines() {
    let c = Client::initialized(&[]);
    let text = "Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      TaskRoleArn: !Ref Role\n      ContainerDefinitions:\n        - Name: web\n          Image: nginx:1.27\n          Memory: 512\n          Essential: false\n";
    let diagnostics = c.open("file:///tmp/ecslint-lsp-test/stack.yaml", text);
    let essential: Vec<_> = diagnostics.iter().filter(|d| d["code"] == "missing-essential-container").collect();
    assert_eq!(essential.len(), 1, "{diagnostics:?}");
    assert_eq!(essential[0]["range"]["start"], json!({"line": 9, "character": 21}));
    assert_eq!(essential[0]["data"]["pointer"], "/Resources/Task/Properties/ContainerDefinitions/0/Essential");
    // YAML that is not a template is none of ecslint's business.
    assert!(c.open("file:///tmp/ecslint-lsp-test/workflow.yaml", "on: push\njobs: {}\n").is_empty());
}
