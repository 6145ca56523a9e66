// Opens a foreign page (another origin) holding the iframe embed and the widget
// script, waits for both bars, prints READY, waits for a line on stdin (the test
// makes a gift meanwhile), then waits for both bars to show the new total without
// reloading, takes a screenshot, and prints UPDATED; then runs axe-core on the
// updated embed and widget and prints AXE with the serious or critical
// violations found (AXE 0: none).
//   node embed.js FOREIGN_URL SCREENSHOT EXPECTED_TEXT
"use strict";
const fs = require("fs");
const { launch } = require("./chromium");

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// Serious and critical violations in `frame`, within `selector`.
async function violations(frame, selector) {
  await frame.evaluate(AXE);
  const results = await frame.evaluate(async (context) =>
    // eslint-disable-next-line no-undef
    axe.run(context, { resultTypes: ["violations"] }), selector);
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")})`);
}

const [foreignUrl, screenshot, expected] = process.argv.slice(2);

function widgetText() {
  const host = document.querySelector(".soutenir-widget");
  const strong = host && host.shadowRoot && host.shadowRoot.querySelector("strong");
  return strong ? strong.textContent : "";
}

(async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    await page.goto(foreignUrl);
    const frame = page.frameLocator("iframe");
    await frame.locator('[data-field="raised"]').waitFor({ timeout: 15000 });
    await page.waitForFunction(widgetText, null, { timeout: 15000 });
    // Wait until both live streams are open before the gift.
    await page.waitForTimeout(500);
    process.stdout.write("READY\n");
    await new Promise((resolve) => process.stdin.once("data", resolve));
    await frame.locator('[data-field="raised"]', { hasText: expected }).waitFor({ timeout: 10000 });
    await page.waitForFunction((text) => {
      const host = document.querySelector(".soutenir-widget");
      const strong = host && host.shadowRoot && host.shadowRoot.querySelector("strong");
      return strong && strong.textContent.includes(text);
    }, expected, { timeout: 10000 });
    const navigations = await page.evaluate(() => performance.getEntriesByType("navigation").length);
    await page.screenshot({ path: screenshot, fullPage: true });
    process.stdout.write(`UPDATED navigations=${navigations}\n`);
    const embed = page.frames().find((f) => f !== page.mainFrame());
    const found = [
      ...(await violations(embed, "html")),
      ...(await violations(page.mainFrame(), ".soutenir-widget")),
    ];
    process.stdout.write(`AXE ${found.length}${found.length ? " " + found.join("; ") : ""}\n`);
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
