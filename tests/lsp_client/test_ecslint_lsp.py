"""End-to-end: a real LSP client (pytest-lsp, on pygls) drives the `ecslint lsp` binary.

Run by tests/lsp_client.rs (cargo test) when pytest-lsp is installed; ECSLINT_BIN names the
binary under test.
"""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

BIN = os.environ.get("ECSLINT_BIN", "ecslint")
ROOT = pathlib.Path(__file__).resolve().parents[2]

TASK = (ROOT / "examples" / "ec2-bridge-problems.json").read_text()
URI = "file:///nonexistent/deploy/shop.json"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16])
            )
        )
    )
    yield
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="json", version=version, text=text)
        )
    )


@pytest.mark.asyncio
async def test_diagnostics_on_open(client: LanguageClient):
    open_document(client, URI, TASK)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diagnostics = client.diagnostics[URI]
    overlap = [d for d in diagnostics if d.code == "host-port-overlap"]
    assert len(overlap) == 1
    d = overlap[0]
    assert d.source == "ecslint"
    assert d.severity == types.DiagnosticSeverity.Error
    assert d.code_description.href.endswith("/rules/host-port-overlap.md")
    # Line 24, column 60 in the CLI (1-based) is line 23, character 59 here.
    assert d.range.start == types.Position(line=23, character=59)
    assert d.range.end == types.Position(line=23, character=63)


@pytest.mark.asyncio
async def test_hover_and_quick_fix(client: LanguageClient):
    text = TASK.replace('"networkMode": "bridge"', '"networkMode": "awsvpc"')
    open_document(client, URI, text)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    mismatch = next(d for d in client.diagnostics[URI] if d.code == "host-port-mismatch")
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI), position=mismatch.range.start)
    )
    assert "host-port-mismatch" in hover.contents.value
    assert "**hostPort**" in hover.contents.value
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=mismatch.range,
            context=types.CodeActionContext(diagnostics=[mismatch]),
        )
    )
    titles = [a.title for a in actions]
    assert "Set hostPort to 80" in titles


@pytest.mark.asyncio
async def test_other_json_is_left_alone(client: LanguageClient):
    uri = "file:///nonexistent/package.json"
    open_document(client, uri, '{"name": "web", "version": "1.0.0"}')
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert len(client.diagnostics[uri]) == 0
