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
fn outside_every_folder_the_configuration_is_found_from_the_document() {
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

impl Client {
    /// A client that opens `folder` as its one workspace folder, and can watch files.
    fn in_folder(folder: &std::path::Path) -> Client {
        let mut c = Client::start();
        let uri = format!("file://{}", folder.display());
        let params = json!({
            "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
            "workspaceFolders": [{"uri": uri, "name": "repo"}],
        });
        assert!(c.request("initialize", params).get("capabilities").is_some());
        c.notify("initialized", json!({}));
        c
    }

    /// The next message of the server that is a request or a notification named `method`.
    fn next_named(&self, method: &str) -> Value {
        loop {
            match self.conn.receiver.recv_timeout(Duration::from_secs(10)).expect("a message") {
                Message::Notification(n) if n.method == method => return n.params,
                Message::Request(r) if r.method == method => return r.params,
                _ => {}
            }
        }
    }
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// (file relative to `root`, line, column, rule, severity) of every problem the CLI reports
/// with `--format json`, run from `root`.
/// A problem as both doors can say it: file, line, column, rule, severity.
type Problem = (String, u64, u64, String, String);

fn cli_problems(root: &std::path::Path) -> (i32, Vec<Problem>) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ecslint"))
        .args(["--format", "json", "."])
        .current_dir(root)
        .output()
        .unwrap();
    let problems: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut found: Vec<_> = problems
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    (out.status.code().unwrap(), found)
}

/// The same, from the language server with `root` as its workspace folder, opening each file.
fn lsp_problems(root: &std::path::Path, files: &[&str]) -> Vec<Problem> {
    let mut client = Client::start();
    let params = json!({
        "capabilities": {"general": {"positionEncodings": ["utf-8"]}},
        "workspaceFolders": [{"uri": file_uri(root), "name": "repo"}],
    });
    client.request("initialize", params);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for d in client.open(&file_uri(&root.join(file)), &text) {
            let severity = match d["severity"].as_u64() {
                Some(1) => "error",
                Some(2) => "warning",
                _ => "info",
            };
            found.push((
                file.to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
                d["range"]["start"]["character"].as_u64().unwrap() + 1,
                d["code"].as_str().unwrap().to_string(),
                severity.to_string(),
            ));
        }
    }
    assert_eq!(client.exit_status(true), 0);
    found.sort();
    found
}

const PARITY_FILES: &[&str] =
    &["deploy/legacy.json", "deploy/web-service.json", "deploy/web-task.json", "stack.json", "stack.yaml"];

#[test]
fn the_cli_and_the_editor_report_the_same_problems() {
    // Task definitions, CloudFormation JSON and YAML, a service whose task definition is in
    // another file, a configuration with levels and an ignore: one answer from both doors.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parity");
    let (code, cli) = cli_problems(&root);
    assert_eq!(code, 1);
    let rules: Vec<&str> = cli.iter().map(|p| p.3.as_str()).collect();
    for expected in ["unknown-load-balancer-container", "unknown-field", "latest-image-tag", "host-port-overlap"] {
        assert!(rules.contains(&expected), "the fixtures exercise {expected}: {cli:?}");
    }
    assert!(!rules.contains(&"missing-health-check"), "the configuration turns it off");
    assert!(!cli.iter().any(|p| p.0 == "deploy/legacy.json" && p.3 == "root-user"), "the ignore hides it");
    assert_eq!(lsp_problems(&root, PARITY_FILES), cli);
}

#[test]
fn a_broken_configuration_is_an_error_on_the_file_and_a_message() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parity-broken");
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_ecslint")).arg(".").current_dir(&root).output().unwrap();
    assert_eq!(cli.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(stderr.contains("ecslint.toml:2:13: unknown variant `loud`"), "{stderr}");

    let client = Client::in_folder(&root);
    let task = std::fs::read_to_string(root.join("task.json")).unwrap();
    let config_uri = file_uri(&root.join("ecslint.toml"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file_uri(&root.join("task.json")), "languageId": "json", "version": 1, "text": task}}),
    );
    let message = client.next_named("window/showMessage");
    assert!(message["message"].as_str().unwrap().contains("ecslint.toml:2:13: unknown variant `loud`"), "{message}");
    let on_config = client.diagnostics(&config_uri);
    assert_eq!(on_config.len(), 1);
    assert_eq!(on_config[0]["range"]["start"], json!({"line": 1, "character": 12}), "the CLI's 2:13");
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn the_configuration_is_read_once_and_again_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("ecslint.toml");
    std::fs::write(&config, "[rules]\nmissing-essential-container = \"off\"\n").unwrap();
    let uri = file_uri(&dir.path().join("task.json"));
    let client = Client::in_folder(dir.path());
    let registration = client.next_named("client/registerCapability");
    assert_eq!(registration["registrations"][0]["method"], "workspace/didChangeWatchedFiles");
    assert!(!codes(&client.open(&uri, TASK)).contains(&"missing-essential-container"));
    // Changed on disk but not announced: the cached configuration still holds.
    std::fs::write(&config, "[rules]\n").unwrap();
    let changed = json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": TASK}]});
    client.notify("textDocument/didChange", changed);
    assert!(!codes(&client.diagnostics(&uri)).contains(&"missing-essential-container"));
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&config), "type": 2}]}));
    assert!(codes(&client.diagnostics(&uri)).contains(&"missing-essential-container"));
    // Broken, then saved in the editor: reported; fixed and saved: cleared.
    std::fs::write(&config, "[rulez]\n").unwrap();
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": file_uri(&config)}}));
    assert!(client.next_named("window/showMessage")["message"].as_str().unwrap().contains("unknown field `rulez`"));
    assert_eq!(client.diagnostics(&file_uri(&config)).len(), 1);
    std::fs::write(&config, "[rules]\n").unwrap();
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": file_uri(&config)}}));
    assert!(client.diagnostics(&file_uri(&config)).is_empty());
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn the_workspace_folder_decides_the_configuration_as_the_working_directory_does() {
    // `ecslint deploy/task.json` run from the folder reads the folder's configuration, not
    // one in `deploy/`: so does the editor with the folder open.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("deploy")).unwrap();
    std::fs::write(dir.path().join("deploy/ecslint.toml"), "[rules]\nmissing-essential-container = \"off\"\n").unwrap();
    std::fs::write(dir.path().join("deploy/task.json"), TASK).unwrap();
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_ecslint"))
        .args(["--format", "json", "deploy/task.json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&cli.stdout).contains("missing-essential-container"));
    let client = Client::in_folder(dir.path());
    let diagnostics = client.open(&file_uri(&dir.path().join("deploy/task.json")), TASK);
    assert!(codes(&diagnostics).contains(&"missing-essential-container"), "{diagnostics:?}");
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn hovers_come_from_the_lint_in_every_spelling() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parity");
    let mut client = Client::in_folder(&root);
    for (file, needle, field) in
        [("stack.yaml", "RequiresCompatibilities", "requiresCompatibilities"), ("stack.json", "\"Memory\"", "memory")]
    {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let uri = file_uri(&root.join(file));
        client.open(&uri, &text);
        let offset = text.find(needle).unwrap() + 2;
        let line = text[..offset].matches('\n').count();
        let character = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let hover = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        let value = hover["contents"]["value"].as_str().unwrap_or_default();
        assert!(value.contains(&format!("**{field}**")), "{file}: {hover}");
    }
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn the_editor_judges_each_file_for_its_reader_as_the_cli_does() {
    // Fixture repositories whose workflow, ecspresso configuration or Terraform files name
    // their readers: the editor finds them from its workspace folder, as the CLI does.
    for (repo, files) in [
        ("deploy-action", &[".aws/task-definition.json"][..]),
        ("ecspresso", &["ecspresso/ecs-task-def.json", "ecspresso/ecs-service-def.json"][..]),
        ("terraform", &["containers/worker.json", "modules/web/web.json.tpl"][..]),
    ] {
        let dir = crate::readers::repository(repo);
        let (_, cli) = cli_problems(dir.path());
        assert!(cli.iter().all(|p| p.4 != "error"), "{repo}: {cli:?}");
        assert_eq!(lsp_problems(dir.path(), files), cli, "{repo}");
    }
}

#[test]
fn one_cause_in_many_places_is_one_diagnostic_with_related_places_and_one_fix() {
    let text = "{\n  \"family\": \"n\",\n  \"pidMode\": null,\n  \"containerDefinitions\": [\n    {\"name\": \"a\", \"image\": \"x:1\", \"memory\": 256, \"user\": null, \"links\": null}\n  ]\n}\n";
    let mut client = Client::initialized(&[]);
    let diagnostics = client.open(URI, text);
    let nulls: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "invalid-type").collect();
    assert_eq!(nulls.len(), 1, "{diagnostics:?}");
    let related = nulls[0]["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    assert!(related.iter().all(|r| r["location"]["uri"] == URI && r["location"]["range"]["start"]["line"] == 4));
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": nulls[0]["range"], "context": {"diagnostics": [nulls[0]]}}),
    );
    let action = actions.as_array().unwrap().iter().find(|a| a["title"] == "Remove the fields that are null").unwrap();
    let fixed = apply(text, action, true);
    let value: Value = serde_json::from_str(&fixed).unwrap_or_else(|e| panic!("{e}: {fixed}"));
    assert_eq!(value, json!({"family": "n", "containerDefinitions": [{"name": "a", "image": "x:1", "memory": 256}]}));
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn no_quick_fix_renames_onto_a_key_that_is_there() {
    // `enviroment` beside `environment`: renaming it would make a duplicate key, and AWS keeps
    // the last of two, so the secrets in the first would be lost.
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/ec2-bridge-problems.json")).unwrap();
    let mut client = Client::initialized(&[]);
    let diagnostics = client.open(URI, &text);
    let d = find(&diagnostics, "unknown-field");
    assert!(d["message"].as_str().unwrap().contains("`enviroment`"), "{d}");
    assert!(d["message"].as_str().unwrap().contains("already set here"), "{d}");
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let titles: Vec<&str> = actions.as_array().unwrap().iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(!titles.iter().any(|t| t.starts_with("Rename")), "{titles:?}");
    assert_eq!(client.exit_status(true), 0);
}

/// A task definition with `n` unknown fields: slow enough to lint that messages pile up.
fn many_problems(n: usize) -> String {
    let mut task = json!({"family": "big", "memory": "512", "containerDefinitions": [{"name": "a", "image": "x:1"}]});
    for i in 0..n {
        task[format!("unknownField{i}")] = json!(i);
    }
    task.to_string()
}

#[test]
fn a_cancelled_request_is_answered_as_cancelled() {
    let mut client = Client::initialized(&[]);
    // The hover and its cancellation arrive while the big document is linted.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "json", "version": 1, "text": many_problems(20_000)}}),
    );
    let id = client.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 2}}),
    );
    client.notify("$/cancelRequest", json!({"id": id}));
    let response = client.response(&id);
    assert_eq!(response.error.map(|e| e.code), Some(-32800), "RequestCancelled");
    // A request not cancelled is answered.
    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 2}}));
    assert!(hover.is_object() || hover.is_null());
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn diagnostics_wait_in_bounded_memory_while_the_client_does_not_read() {
    let client = Client::initialized(&[]);
    let uris: Vec<String> = (0..800).map(|i| format!("file:///nonexistent/deploy/t{i}.json")).collect();
    for uri in &uris {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": TASK}}),
        );
    }
    // The client reads nothing for a while: what waits for it stays bounded.
    std::thread::sleep(Duration::from_secs(3));
    assert!(client.conn.receiver.len() <= 300, "{} messages queued", client.conn.receiver.len());
    // Once it reads, every document's diagnostics come.
    let mut seen = std::collections::HashSet::new();
    while seen.len() < uris.len() {
        match client.conn.receiver.recv_timeout(Duration::from_secs(10)).expect("the held diagnostics") {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                seen.insert(n.params["uri"].as_str().unwrap().to_string());
            }
            _ => {}
        }
    }
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn requests_with_unusable_ids_are_answered_over_stdio() {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_ecslint"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = server.stdin.take().unwrap();
    let mut output = BufReader::new(server.stdout.take().unwrap());
    let body = r#"{"jsonrpc":"2.0","id":2147483648,"method":"shutdown"}"#;
    write!(input, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    input.flush().unwrap();
    let mut length = 0;
    loop {
        let mut line = String::new();
        output.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.trim().parse().unwrap();
        }
    }
    let mut reply = vec![0; length];
    output.read_exact(&mut reply).unwrap();
    let reply: Value = serde_json::from_slice(&reply).unwrap();
    assert_eq!(reply["id"], json!(2147483648u64));
    assert_eq!(reply["error"]["code"], -32600);
    drop(input);
    assert_eq!(server.wait().unwrap().code(), Some(1), "the input ended without exit");
}

#[test]
fn a_hover_is_answered_while_another_document_lints() {
    let mut client = Client::initialized(&[]);
    let small = "file:///nonexistent/deploy/small.json";
    client.open(small, TASK);
    // The big document's lint takes about a second; the hover on the small one, already
    // linted, does not wait for it.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "json", "version": 1, "text": many_problems(20_000)}}),
    );
    let id = client.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": small}, "position": {"line": 1, "character": 4}}),
    );
    loop {
        match client.conn.receiver.recv_timeout(Duration::from_secs(20)).expect("the hover") {
            Message::Response(r) if r.id == id => {
                assert!(r.result.is_some_and(|h| h.to_string().contains("family")));
                break;
            }
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                assert_ne!(n.params["uri"], URI, "the hover waited for the other document's lint");
            }
            _ => {}
        }
    }
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn a_lint_superseded_while_it_runs_is_not_published() {
    let client = Client::initialized(&[]);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "json", "version": 1, "text": many_problems(20_000)}}),
    );
    // The change comes while version 1 is being linted.
    std::thread::sleep(Duration::from_millis(100));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": TASK}]}),
    );
    loop {
        match client.conn.receiver.recv_timeout(Duration::from_secs(20)).expect("diagnostics") {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                assert_eq!(n.params["version"], 2, "the lint of a text already replaced was published");
                break;
            }
            _ => {}
        }
    }
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn a_hover_after_a_change_answers_for_the_new_text() {
    let mut client = Client::initialized(&[]);
    client.open(URI, TASK);
    // The hover comes right after the change, before its lint: it is answered from the new
    // text's lint, never from the old one at a position that moved.
    let moved = format!("\n\n\n{TASK}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": moved}]}),
    );
    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 4, "character": 4}}));
    assert!(hover.to_string().contains("family"), "{hover}");
    assert_eq!(client.exit_status(true), 0);
}

#[test]
fn terraform_files_get_diagnostics_and_hovers() {
    let mut client = Client::initialized(&[]);
    let uri = "file:///nonexistent/deploy/main.tf";
    let text = "resource \"aws_ecs_task_definition\" \"web\" {\n  family = \"web\"\n  container_definitions = jsonencode([{ name = \"web\", image = \"nginx:1\", essential = false }])\n}\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "terraform", "version": 1, "text": text}}),
    );
    let diagnostics = client.diagnostics(uri);
    let essential = find(&diagnostics, "missing-essential-container");
    let col = text.lines().nth(2).unwrap().find("false").unwrap();
    assert_eq!(essential["range"]["start"], json!({"line": 2, "character": col}));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": col + 1}}),
    );
    assert!(hover.to_string().contains("missing-essential-container"), "{hover}");
    assert_eq!(client.exit_status(true), 0);
}
