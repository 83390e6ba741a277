// Which binary the extension starts, apart from VS Code's API so that it is tested on its own
// (src/server.test.ts, `npm test`).
import * as fs from "node:fs";
import * as path from "node:path";

/** The binary to start: the `ecslint.path` setting, else the one bundled in `bin/`, else PATH. */
export function serverPath(configured: string, extensionDir: string, platform: string): string {
  if (configured.trim() !== "") {
    return configured.trim();
  }
  const bundled = path.join(extensionDir, "bin", platform === "win32" ? "ecslint.exe" : "ecslint");
  return fs.existsSync(bundled) ? bundled : "ecslint";
}

