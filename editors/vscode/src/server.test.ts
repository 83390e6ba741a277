import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { serverPath } from "./server";

function extensionDir(withBinary: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecslint-vscode-"));
  if (withBinary !== undefined) {
    fs.mkdirSync(path.join(dir, "bin"));
    fs.writeFileSync(path.join(dir, "bin", withBinary), "");
  }
  return dir;
}

test("the configured path wins over a bundled binary", () => {
  const dir = extensionDir("ecslint");
  assert.equal(serverPath("  /opt/ecslint/bin/ecslint ", dir, "linux"), "/opt/ecslint/bin/ecslint");
});

test("a bundled binary is used when nothing is configured", () => {
  const dir = extensionDir("ecslint");
  assert.equal(serverPath("", dir, "linux"), path.join(dir, "bin", "ecslint"));
});

test("on Windows the bundled binary is ecslint.exe", () => {
  const dir = extensionDir("ecslint.exe");
  assert.equal(serverPath("", dir, "win32"), path.join(dir, "bin", "ecslint.exe"));
  assert.equal(serverPath("", dir, "linux"), "ecslint");
});

test("without either, ecslint is looked up on PATH", () => {
  assert.equal(serverPath("", extensionDir(undefined), "darwin"), "ecslint");
});
