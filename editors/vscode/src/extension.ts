// The Thermogen extension: the language server (`thermogen lsp`) for .gen files, and commands
// that run the current model with the thermogen command line in a terminal.
import * as path from "path";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The configured thermogen command (the checkout's ./thermogen script, or a name on the PATH). */
function thermogenCommand(): string {
  return vscode.workspace.getConfiguration("thermogen").get<string>("command", "thermogen");
}

/** Quotes a word for a POSIX shell or PowerShell alike when it holds anything but safe characters. */
function quoted(word: string): string {
  return /^[A-Za-z0-9_\/.:=-]+$/.test(word) ? word : "'" + word.replace(/'/g, "'\\''") + "'";
}

/** Runs `thermogen ACTION FILE` for the active .gen file in a terminal of its own, after saving it. */
async function runInTerminal(action: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "thermogen") {
    vscode.window.showErrorMessage("Thermogen: open a .gen file first.");
    return;
  }
  if (editor.document.isDirty && !(await editor.document.save())) {
    return;
  }
  const file = editor.document.uri.fsPath;
  const terminal = vscode.window.createTerminal({ name: "thermogen " + action, cwd: path.dirname(file) });
  terminal.show();
  terminal.sendText([thermogenCommand(), action, file].map(quoted).join(" "));
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  for (const action of ["run", "train", "sample", "eval", "check"]) {
    context.subscriptions.push(vscode.commands.registerCommand("thermogen." + action, () => runInTerminal(action)));
  }
  const serverOptions: ServerOptions = { command: thermogenCommand(), args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "thermogen" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{gen,csv}") },
  };
  client = new LanguageClient("thermogen", "Thermogen", serverOptions, clientOptions);
  return client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
