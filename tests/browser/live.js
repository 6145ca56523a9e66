// Opens a campaign page on a 390 px phone screen: prints FIRST_SCREEN with
// whether the title, the bar and the « Faire un don » button are all in the
// first screen, ORDER with whether the form comes before the guestbook and
// « Relayer la campagne », and JUMP with whether the button brings the form
// into view; then READY, waits for a line on stdin (the test makes a gift
// elsewhere meanwhile) and prints UPDATED once the bar shows EXPECTED_TEXT,
// without a reload.
//   node live.js CAMPAIGN_URL SCREENSHOT EXPECTED_TEXT
"use strict";
const { launch } = require("./chromium");

const [url, screenshot, expected] = process.argv.slice(2);

(async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    let navigations = 0;
    // Page loads only (the jump to #don is no load).
    page.on("load", () => { navigations += 1; });
    await page.goto(url);
    const inFirstScreen = await page.evaluate(() =>
      ["h1", ".progress__bar", ".campaign__cta a"].every((selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return box.height > 0 && box.bottom <= window.innerHeight;
      }));
    console.log(`FIRST_SCREEN ${inFirstScreen}`);
    const order = await page.evaluate(() => {
      const top = (selector) => document.querySelector(selector).getBoundingClientRect().top;
      return top("#don") < top("#livre-dor") && top("#don") < top("#relayer");
    });
    console.log(`ORDER ${order}`);
    await page.screenshot({ path: screenshot, fullPage: false });
    await page.click(".campaign__cta a");
    await page.waitForTimeout(300);
    const jumped = await page.evaluate(() => {
      const box = document.getElementById("don-titre").getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    });
    console.log(`JUMP ${jumped}`);
    // Wait until the live stream is open before the gift.
    await page.waitForTimeout(800);
    console.log("READY");
    await new Promise((resolve) => process.stdin.once("data", resolve));
    await page.locator('.campaign__progress [data-field="raised"]', { hasText: expected }).waitFor({ timeout: 10000 });
    const percent = await page.textContent('.campaign__progress [data-field="percent_text"]');
    console.log(`UPDATED navigations=${navigations} percent=${percent.trim()}`);
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
