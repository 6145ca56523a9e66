// Types amounts in the donation form and prints the cost sentence after each.
//   node cost.js CAMPAIGN_URL
"use strict";
const { launch } = require("./chromium");

(async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(process.argv[2]);
    await page.fill("#f-amount", "45");
    await page.waitForFunction(() => document.getElementById("cost").textContent.includes("15,30"));
    console.log(await page.textContent("#cost"));
    await page.check('input[name="amount"][value="30"]', { force: true });
    await page.waitForFunction(() => document.getElementById("cost").textContent.includes("10,20"));
    console.log(await page.textContent("#cost"));
    await page.check('input[name="frequency"][value="monthly"]', { force: true });
    await page.waitForFunction(() => document.getElementById("cost").textContent.includes("par mois"));
    console.log(await page.textContent("#cost"));
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
