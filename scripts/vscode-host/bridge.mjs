// Runner side of the workbench bridge (client: test/integration/bridge.ts). Tests in the extension host
// cannot reach the browser, so they drop req-<id>.json files into a shared folder; this polls it, acts on the
// page with Playwright and answers with res-<id>.json ({ ok, value } or { ok: false, error }).
import { readdir, readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 50;

/** Matches an element whose whole text, trimmed, is `text`. */
function wholeText(text) {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

async function bodyText(frame) {
  return frame.evaluate('document.body?.innerText ?? ""').catch(() => ''); // frames detach any time
}

// Every frame of the page, nested webview iframes included.
async function findFrame(page, contains, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const text = await bodyText(frame);
      if (text.includes(contains)) return { frame, text };
    }
    if (Date.now() > deadline) throw new Error(`no frame shows ${JSON.stringify(contains)} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

// The row whose label (not its description) is exactly `label`.
function row(page, label) {
  return page.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: wholeText(label) }), visible: true }).first();
}

async function unionBox(page, selectors) {
  const boxes = [];
  for (const selector of selectors) {
    const box = await page.locator(selector).first().boundingBox({ timeout: 10_000 });
    if (!box) throw new Error(`nothing visible matches ${selector}`);
    boxes.push(box);
  }
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

function operations(page, screenshotDir) {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs += 1;
    dialog.dismiss().catch(() => {});
  });
  return {
    // `clipTo`: CSS selectors; the picture is cut to the box around the first match of each (README pictures).
    // `maxHeight` keeps only the top of that box.
    async screenshot({ name, clipTo = [], maxHeight }) {
      if (path.basename(name) !== name) throw new Error(`screenshot name must be a plain file name: ${name}`);
      const file = path.join(screenshotDir, name);
      await mkdir(screenshotDir, { recursive: true });
      const clip = clipTo.length > 0 ? await unionBox(page, clipTo) : undefined;
      if (clip && maxHeight) clip.height = Math.min(clip.height, maxHeight);
      await page.screenshot({ path: file, clip });
      return file;
    },
    // Drags the sash on the side bar's right edge until the side bar is `width` pixels wide.
    async resizeSideBar({ width }) {
      const box = await page.locator('.part.sidebar').first().boundingBox({ timeout: 10_000 });
      if (!box) throw new Error('the side bar is not visible');
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width, y);
      await page.mouse.down();
      await page.mouse.move(box.x + width, y, { steps: 10 });
      await page.mouse.up();
      return Math.round((await page.locator('.part.sidebar').first().boundingBox()).width);
    },
    // Tree and list rows, found by their label as a user reads it.
    async clickRow({ label, timeoutMs = 10_000 }) {
      await row(page, label).click({ timeout: timeoutMs });
    },
    async clickButton({ text }) {
      await page.locator('button, a, [role="button"]').filter({ hasText: wholeText(text), visible: true }).first().click({ timeout: 10_000 });
    },
    async frameText({ contains, timeoutMs = 10_000 }) {
      return (await findFrame(page, contains, timeoutMs)).text;
    },
    async evalInFrame({ contains, expression }) {
      const { frame } = await findFrame(page, contains, 10_000);
      return frame.evaluate(expression);
    },
    async dialogsSeen() {
      return dialogs;
    },
    async keyboard({ keys }) {
      for (const key of keys) await page.keyboard.press(key);
    },
    async expandView({ title }) {
      const header = page.locator('.pane-header').filter({ has: page.locator('.title', { hasText: title }) }).first();
      if ((await header.getAttribute('aria-expanded', { timeout: 10_000 })) !== 'false') return false;
      await header.click();
      return true;
    },
  };
}

/** Serves requests in `dir` until stop() is called. */
export function startBridge({ page, dir, screenshotDir }) {
  const ops = operations(page, screenshotDir);
  let running = true;
  const answer = async (file) => {
    const request = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
    await rm(path.join(dir, file));
    const op = ops[request.op];
    const response = op
      ? await op(request).then((value) => ({ ok: true, value }), (error) => ({ ok: false, error: String(error?.message ?? error) }))
      : { ok: false, error: `unknown bridge op ${request.op}` };
    const staging = path.join(dir, `answer-${request.id}.json`);
    await writeFile(staging, JSON.stringify(response));
    await rename(staging, path.join(dir, `res-${request.id}.json`));
  };
  const loop = (async () => {
    while (running) {
      // One request at a time: tests drive the UI sequentially.
      for (const file of (await readdir(dir)).filter((name) => /^req-.*\.json$/.test(name))) {
        await answer(file).catch((error) => console.error(`[bridge] ${file}: ${error.message}`));
      }
      await sleep(POLL_MS);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
