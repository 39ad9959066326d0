// A real browser on a sample's docs pages: headless Chromium (Debian's) driven by
// playwright-core. Swagger UI at /docs lists every operation of the document, and "Try it out"
// on GET /items/{item_id} with `bar` shows the 404 `{"detail":"Item not found"}`; ReDoc at
// /redoc renders every operation.
//
//   node tests/browser/docs_test.mjs SERVICE [SCREENSHOT_DIR]
//
// SERVICE: the items sample's executable (started here on a free port). SCREENSHOT_DIR: where
// swagger-ui.png and redoc.png go (docs/images for the README); none: no screenshots.
// Environment: FASTCPP_NPM_DIR (node_modules with playwright-core), FASTCPP_CHROMIUM (default
// /usr/bin/chromium).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

const [service, screenshots] = process.argv.slice(2);
if (!service) {
  console.error("usage: docs_test.mjs SERVICE [SCREENSHOT_DIR]");
  process.exit(2);
}
const require = createRequire(path.join(process.env.FASTCPP_NPM_DIR ?? ".", "noop.js"));
const { chromium } = require("playwright-core");

function fail(message) {
  throw new Error(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForService(base) {
  for (let i = 0; i < 100; ++i) {
    try {
      const response = await fetch(base + "/openapi.json");
      if (response.ok) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fail(`${service} did not answer on ${base}`);
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(service, ["--port", String(port), "--no-access-log"], { stdio: "inherit" });
let browser;
try {
  const document = await waitForService(base);
  const operations = Object.entries(document.paths).flatMap(([route, item]) =>
    Object.entries(item).map(([method, operation]) => ({ route, method, operation })));
  browser = await chromium.launch({
    executablePath: process.env.FASTCPP_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  // Every script, style and font comes from the service. The one exception is the image of
  // ReDoc's own "API docs by Redocly" footer, which its bundle links to its CDN: without a
  // network it is a missing image and nothing else (docs/fastapi-compat.md).
  const offsite = [];
  const allowed = [base, "data:", `blob:${base}`, "https://cdn.redoc.ly/redoc/logo-mini.svg"];
  page.on("request", (request) => {
    if (!allowed.some((prefix) => request.url().startsWith(prefix))) offsite.push(request.url());
  });

  // Swagger UI: every operation listed.
  await page.goto(base + "/docs");
  await page.waitForSelector(".opblock", { timeout: 20000 });
  for (const { route, method, operation } of operations) {
    const block = page.locator(`#operations-default-${operation.operationId}`);
    if ((await block.count()) !== 1) fail(`/docs does not list ${method} ${route}`);
    const shown = (await block.locator(".opblock-summary-path").innerText()).replace(/\u200b/g, "");
    if (shown !== route) fail(`/docs shows ${shown} for ${method} ${route}`);
  }
  const listed = await page.locator(".opblock").count();
  if (listed !== operations.length) fail(`/docs lists ${listed} operations, not ${operations.length}`);

  // "Try it out" on GET /items/{item_id} with `bar`: the 404, and its documented response.
  const block = page.locator("#operations-default-read_item_items__item_id__get");
  await block.locator(".opblock-summary").click();
  const documented = block.locator(".responses-table tr.response[data-code='404']");
  await documented.waitFor();
  if (!(await documented.innerText()).includes("Not Found")) fail("the 404 is not documented");
  await block.locator("button.try-out__btn").click();
  await block.locator("input[placeholder='item_id']").fill("bar");
  await block.locator("button.execute").click();
  const live = block.locator(".live-responses-table .response");
  await live.waitFor({ timeout: 20000 });
  const status = (await live.locator(".response-col_status").innerText()).trim();
  if (status !== "404") fail(`Try it out answered ${status}, not 404`);
  const body = await live.locator(".response-col_description .microlight").first().innerText();
  if (JSON.stringify(JSON.parse(body)) !== JSON.stringify({ detail: "Item not found" })) {
    fail(`Try it out showed the body ${body}`);
  }
  if (screenshots) {
    await block.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, "swagger-ui.png"), fullPage: true });
  }

  // ReDoc: every operation rendered.
  await page.goto(base + "/redoc");
  await page.waitForSelector("[data-section-id^='operation/']", { timeout: 20000 });
  for (const { operation } of operations) {
    const section = page.locator(`[data-section-id='operation/${operation.operationId}']`);
    if ((await section.count()) < 1) fail(`/redoc does not render ${operation.operationId}`);
    if (!(await section.first().innerText()).includes(operation.summary)) {
      fail(`/redoc does not show "${operation.summary}"`);
    }
  }
  if (screenshots) {
    await page.screenshot({ path: path.join(screenshots, "redoc.png") });
  }
  if (offsite.length > 0) fail(`the pages asked for other hosts: ${offsite.join(", ")}`);
  console.log(`docs_test: ${operations.length} operations in /docs and /redoc; Try it out: 404`);
} finally {
  if (browser) await browser.close();
  child.kill("SIGTERM");
}
