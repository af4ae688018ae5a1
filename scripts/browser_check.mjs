// Browser check of the rendered reports (issue 7).
//
// Opens every reports/**/*.html over file:// in Debian's headless Chromium (driven by
// playwright-core; no browser is ever downloaded) and, per page, records:
//   - console errors and uncaught page errors;
//   - every request the page makes (only file: and data: URLs are allowed; anything else is
//     aborted and reported, so nothing leaves the machine even when the check fails);
//   - axe-core violations for the WCAG 2.0/2.1 A and AA rules (axe injected from node_modules);
//   - a full-page screenshot, written to the screenshot folder for review.
// Prints one JSON document on stdout: {"browser": ..., "pages": [...]}. The exit status is 0
// when the check ran (whatever it found); the pytest test in tests/browser asserts on the JSON.
//
// Usage: node scripts/browser_check.mjs <reports-dir> [<screenshot-dir>]
// Environment: CHROMIUM (default /usr/bin/chromium), AXE_TAGS (comma-separated axe tags).

import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
// Evaluated through the DevTools protocol, so the page's Content-Security-Policy
// (script-src 'none') stays in force for the page itself and is still tested.
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// The WCAG 2.0/2.1 A and AA rules; AXE_TAGS="wcag2a,...,best-practice" widens a manual run.
const AXE_TAGS = (process.env.AXE_TAGS ?? "wcag2a,wcag2aa,wcag21a,wcag21aa").split(",");
const ALLOWED_SCHEMES = new Set(["file:", "data:"]);

function htmlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...htmlFiles(path));
    else if (entry.endsWith(".html")) out.push(path);
  }
  return out;
}

async function checkPage(context, file, reportsDir, shotDir) {
  const page = await context.newPage();
  const result = {
    page: relative(reportsDir, file).split("\\").join("/"),
    console_errors: [],
    requests: [],
    external_requests: [],
    axe_violations: [],
    screenshot: null,
    title: null,
  };
  page.on("console", (msg) => {
    if (msg.type() === "error") result.console_errors.push(msg.text());
  });
  page.on("pageerror", (err) => result.console_errors.push(`pageerror: ${err.message}`));
  page.on("request", (request) => {
    const url = request.url();
    result.requests.push(url.startsWith("data:") ? `${url.slice(0, 30)}...` : url);
    if (!ALLOWED_SCHEMES.has(new URL(url).protocol)) result.external_requests.push(url);
  });
  // Block (never just record) anything that is not file: or data:, so a failing page still
  // leaks nothing.
  await page.route(/^(?!file:|data:)/, (route) => route.abort("blockedbyclient"));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  result.title = await page.title();
  await page.evaluate(AXE_SOURCE);
  const axe = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
      count: v.nodes.length,
    }));
  }, AXE_TAGS);
  result.axe_violations = axe;
  const shot = join(shotDir, result.page.replace(/\//g, "_").replace(/\.html$/, ".png"));
  await page.screenshot({ path: shot, fullPage: true });
  result.screenshot = shot;
  await page.close();
  return result;
}

async function main() {
  const reportsDir = resolve(process.argv[2] ?? "reports");
  const shotDir = resolve(process.argv[3] ?? "tests/output/screenshots");
  mkdirSync(shotDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "report-check-profile-"));
  // A persistent context on a fresh, throw-away profile is how playwright takes
  // --user-data-dir; the flags keep Chromium from calling home.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    viewport: { width: 1100, height: 900 },
    locale: "nl-NL",
    offline: true,
  });
  const pages = [];
  try {
    for (const file of htmlFiles(reportsDir)) {
      pages.push(await checkPage(context, file, reportsDir, shotDir));
    }
    const version = context.browser()?.version() ?? null;
    process.stdout.write(JSON.stringify({ browser: version, pages }, null, 1) + "\n");
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`browser_check: ${err.stack ?? err}\n`);
  process.exit(2);
});
