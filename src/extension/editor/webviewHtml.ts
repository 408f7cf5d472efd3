/**
 * A webview's page (the entry editor's, the overview's): a shell with no data in it (everything arrives as messages
 * and is rendered as text), scripts allowed by nonce only, styles and fonts only from the extension's own bundle
 * folder. Its language is the display language, which the webview writes numbers in.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { locale } from '../locale';

export function entryEditorHtml(webview: vscode.Webview, bundleRoot: vscode.Uri): string {
  return webviewHtml(webview, bundleRoot, 'editor', 'Cache entry');
}

/** The page of the bundle `name` (`name.js` and `name.css` in `bundleRoot`). */
export function webviewHtml(webview: vscode.Webview, bundleRoot: vscode.Uri, name: string, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, `${name}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, `${name}.css`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${title}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
