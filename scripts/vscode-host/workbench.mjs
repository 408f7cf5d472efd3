// Opens VS Code's web workbench in Debian's headless chromium (never `playwright install`: it downloads).
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// The workbench reads the dev extension and suite from the payload, as VS Code's own browser integration
// tests do; paths are vscode-remote URIs on the code-server host.
export function workbenchUrl({ port, workspace, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (file) => `vscode-remote://127.0.0.1:${port}${encodeURI(file)}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
    ...(extensionTestsPath ? [['extensionTestsPath', remote(extensionTestsPath)]] : []),
    ['skipWelcome', 'true'],
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

// While extension tests run, VS Code's DialogService refuses prompts, so a modal showWarningMessage rejects
// with "DialogService: refused to show dialog in tests". A user would see the dialog and the bridge's
// clickButton answers it, so the workbench this browser loads keeps prompts on (confirm() and input() keep
// their test behaviour). The pattern is code-server 4.100.3's minified source; a miss fails the run loudly.
const REFUSE_PROMPT = 'async prompt(e){if(this.c())throw new Error(`DialogService: refused to show dialog in tests';
const ALLOW_PROMPT = 'async prompt(e){if(false)throw new Error(`DialogService: refused to show dialog in tests';

async function keepModalPrompts(page, fail) {
  await page.route('**/workbench/workbench.js', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (!body.includes(REFUSE_PROMPT)) fail(new Error('workbench.js changed: cannot keep modal dialogs on in tests'));
    await route.fulfill({ response, body: body.replace(REFUSE_PROMPT, ALLOW_PROMPT) });
  });
}

/**
 * Returns { page, result, close }; `result` resolves to { code, logs } when the extension host reports the
 * suite's end through window.codeAutomationExit, and rejects if the browser page crashes or closes.
 */
export async function openWorkbench({ url, profileDir, onLog }) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    // The runner owns signals: it closes the browser and code-server, then removes its scratch folders.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let settle;
    const result = new Promise((resolve, reject) => (settle = { resolve, reject }));
    result.catch(() => {}); // observed by the caller; avoids an unhandled rejection once close() runs
    // Must exist before navigation: the workbench looks these up to report the suite's log and end.
    await page.exposeFunction('codeAutomationLog', (type, message) => onLog(type, message));
    await page.exposeFunction('codeAutomationExit', (code, logs) => settle.resolve({ code, logs: logs ?? [] }));
    await keepModalPrompts(page, settle.reject);
    page.on('crash', () => settle.reject(new Error('the workbench page crashed')));
    page.on('close', () => settle.reject(new Error('the workbench page closed')));
    await page.goto(url);
    return { page, result, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}
