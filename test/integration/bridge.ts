// Client of the workbench bridge: lets a test in the extension host ask the browser-driving runner
// (scripts/vscode-host/bridge.mjs) to act like a user in the workbench UI. A request is the file
// req-<id>.json ({ id, op, ...args }) in $BATPAK_BRIDGE_DIR; the answer is res-<id>.json ({ ok, value?, error? }).
// Under @vscode/test-electron no bridge exists: guard UI-only tests with skipWithoutBridge(this).
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 50;
const DEFAULT_TIMEOUT_MS = 30_000;

interface BridgeResponse {
  ok: boolean;
  value?: unknown;
  error?: string;
}

export function bridgeAvailable(): boolean {
  return Boolean(process.env.BATPAK_BRIDGE_DIR);
}

/** Skips the calling mocha test, saying why, when no browser drives the workbench. */
export function skipWithoutBridge(context: Mocha.Context): void {
  if (bridgeAvailable()) return;
  console.log(`skipping "${context.currentTest?.fullTitle() ?? context.test?.fullTitle()}": needs the workbench bridge (code-server runner only)`);
  context.skip();
}

async function request(op: string, args: Record<string, unknown>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown> {
  const dir = process.env.BATPAK_BRIDGE_DIR;
  if (!dir) throw new Error(`bridge ${op}: BATPAK_BRIDGE_DIR is not set (check bridgeAvailable() first)`);
  const id = randomUUID();
  // Write then rename so the runner never reads a half-written request.
  const staging = path.join(dir, `tmp-${id}.json`);
  await fs.writeFile(staging, JSON.stringify({ id, op, ...args }));
  await fs.rename(staging, path.join(dir, `req-${id}.json`));
  const responseFile = path.join(dir, `res-${id}.json`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await fs.readFile(responseFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text !== undefined) {
      await fs.rm(responseFile);
      const response = JSON.parse(text) as BridgeResponse;
      if (!response.ok) throw new Error(`bridge ${op} failed: ${response.error}`);
      return response.value;
    }
    if (Date.now() > deadline) throw new Error(`bridge ${op}: no answer within ${timeoutMs} ms`);
    await sleep(POLL_MS);
  }
}

/**
 * Screenshots the workbench to test-results/<name> in the repo; returns the file's path. `clipTo` (CSS selectors)
 * cuts the picture to the box around those parts, e.g. ['.part.activitybar', '.part.sidebar'], and `maxHeight`
 * to the top of that box.
 */
export async function screenshot(name: string, clipTo: string[] = [], maxHeight?: number): Promise<string> {
  return (await request('screenshot', { name, clipTo, maxHeight })) as string;
}

/** Drags the side bar's edge until it is `width` pixels wide; returns the width it got. */
export async function resizeSideBar(width: number): Promise<number> {
  return (await request('resizeSideBar', { width })) as number;
}

/**
 * Clicks the first visible tree or list row labelled exactly `label` (a collapsed tree node expands, an open one
 * collapses), waiting up to `timeoutMs` for it to appear.
 */
export async function clickRow(label: string, timeoutMs = 10_000): Promise<void> {
  await request('clickRow', { label, timeoutMs }, timeoutMs + DEFAULT_TIMEOUT_MS);
}

/** Clicks the visible button or link whose whole text is `text`, e.g. in a modal dialog drawn in the DOM. */
export async function clickButton(text: string): Promise<void> {
  await request('clickButton', { text });
}

/** Waits until some frame (webview iframes included) shows `contains`; returns that frame's body text. */
export async function frameText(contains: string, timeoutMs = 10_000): Promise<string> {
  return (await request('frameText', { contains, timeoutMs }, timeoutMs + DEFAULT_TIMEOUT_MS)) as string;
}

/** Evaluates a JS expression in the first frame whose body text contains `contains`; returns its JSON value. */
export async function evalInFrame<T = unknown>(contains: string, expression: string): Promise<T> {
  return (await request('evalInFrame', { contains, expression })) as T;
}

/** How many browser dialogs (alert, confirm, prompt) the page raised so far. */
export async function dialogsSeen(): Promise<number> {
  return (await request('dialogsSeen', {})) as number;
}

/** Presses each key in turn, in Playwright's notation ('F1', 'Control+Shift+P', 'Enter'). */
export async function pressKeys(keys: string[]): Promise<void> {
  await request('keyboard', { keys });
}

/** Expands the view pane whose header title is `title`; returns whether it was collapsed. */
export async function expandView(title: string): Promise<boolean> {
  return (await request('expandView', { title })) as boolean;
}
