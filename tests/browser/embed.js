// Opens a foreign page (another origin) holding the iframe embed and the widget
// script, waits for both bars, prints READY, waits for a line on stdin (the test
// makes a gift meanwhile), then waits for both bars to show the new total without
// reloading, takes a screenshot, and prints UPDATED.
//   node embed.js FOREIGN_URL SCREENSHOT EXPECTED_TEXT
"use strict";
const { launch } = require("./chromium");

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
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
