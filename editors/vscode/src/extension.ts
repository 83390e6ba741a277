// The ecslint extension: starts `ecslint lsp` (the language server built into the binary) for
// JSON, YAML and Terraform files, and lets the server decide which of them are task definitions,
// services or templates; the others get no diagnostics, as on the command line.
import { commands, ExtensionContext, window, workspace } from "vscode";
import { Executable, LanguageClient, LanguageClientOptions } from "vscode-languageclient/node";
import { serverPath } from "./server";

let client: LanguageClient | undefined;

function makeClient(command: string): LanguageClient {
  const server: Executable = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ["json", "jsonc", "yaml", "terraform"].flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    outputChannelName: "ecslint",
  };
  return new LanguageClient("ecslint", "ecslint", { run: server, debug: server }, clientOptions);
}

async function start(context: ExtensionContext): Promise<void> {
  const configured = workspace.getConfiguration("ecslint").get<string>("path", "");
  const command = serverPath(configured, context.extensionPath, process.platform);
  client = makeClient(command);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void window.showErrorMessage(
      `ecslint: cannot start \`${command} lsp\` (${message}). ` +
        "Install ecslint (pip install ecslint, or a release binary) or set `ecslint.path`.",
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop();
  }
}

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    commands.registerCommand("ecslint.restart", async () => {
      await stop();
      await start(context);
    }),
    workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("ecslint.path")) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export function deactivate(): Promise<void> {
  return stop();
}
