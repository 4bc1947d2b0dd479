#!/usr/bin/env node
/*
 * Runs axe-core over HTML files in Debian's headless Chromium: one browser for them all.
 *
 *   node .ci/axe/run-axe.js PAGE.html [PAGE.html ...]
 *
 * Each file is opened as file://, axe-core (node_modules/axe-core/axe.min.js) is injected
 * and run with the WCAG 2.0/2.1 A and AA rules and axe's best practices. Prints one JSON
 * array on stdout: per page {page, url, title, violations: [{id, impact, help, helpUrl,
 * nodes: [{target, html, failureSummary}]}], passes, incomplete}. Exit status 0 when every
 * page was checked (violations or not: the caller judges them), 2 when a page could not be
 * checked. CHROMIUM names another browser than /usr/bin/chromium.
 * Installed by .ci/install-axe (npm ci --prefix .ci/axe); used by tests/e2e/test_axe.py.
 */
"use strict";

const path = require("path");
const { pathToFileURL } = require("url");
const puppeteer = require("puppeteer-core");

const AXE_URL = pathToFileURL(require.resolve("axe-core/axe.min.js")).href;
const TABS = Number(process.env.AXE_TABS) || 2; // pages checked at once, in tabs of one browser
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-quic",
];

async function check(page, file) {
  const url = pathToFileURL(path.resolve(file)).href;
  const response = await page.goto(url, { waitUntil: "load", timeout: 60000 });
  if (response && !response.ok() && response.status() !== 0) {
    throw new Error(`${file}: HTTP status ${response.status()}`);
  }
  // from its file:// URL, not inlined: Chromium then compiles axe once per tab, not per page
  await page.addScriptTag({ url: AXE_URL });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    TAGS,
  );
  return {
    page: file,
    url,
    title: await page.title(),
    violations: result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    })),
    passes: result.passes.length,
    incomplete: result.incomplete.map((v) => v.id),
    engine: result.testEngine,
  };
}

async function main(files) {
  if (files.length === 0 || files.includes("--help")) {
    process.stderr.write("usage: node run-axe.js PAGE.html [PAGE.html ...]\n");
    return files.length === 0 ? 2 : 0;
  }
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
    protocolTimeout: 120000,
  });
  try {
    const results = new Array(files.length);
    let next = 0;
    const tab = async () => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1100, height: 900 });
      while (next < files.length) {
        const index = next++;
        results[index] = await check(page, files[index]);
      }
      await page.close();
    };
    await Promise.all(Array.from({ length: Math.min(TABS, files.length) }, tab));
    process.stdout.write(JSON.stringify(results, null, 1) + "\n");
    return 0;
  } finally {
    await browser.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => { process.stderr.write(`run-axe: ${error && error.stack ? error.stack : error}\n`); process.exitCode = 2; },
);
