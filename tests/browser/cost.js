// Types amounts in the donation form and prints the cost sentence after each.
//   node cost.js CAMPAIGN_URL [minimum|english]
// With `minimum`: 45 € typed below the organisation's 50 € minimum, then the
// receipt unticked, then 60 € with a receipt.
"use strict";
const { launch } = require("./chromium");

(async () => {
  const browser = await launch();
  try {
    const english = process.argv[3] === "english";
    const page = await browser.newPage(english ? { locale: "en-GB" } : {});
    await page.goto(process.argv[2]);
    if (english) {
      // A browser in English: the same figures, its way, for French taxpayers.
      await page.fill("#f-amount", "45");
      await page.waitForFunction(() => document.getElementById("cost").textContent.includes("€15.30"));
      console.log(await page.textContent("#cost"));
      await page.check('input[name="amount"][value="100"]', { force: true });
      await page.waitForFunction(() => document.getElementById("cost").textContent.includes("€34"));
      console.log(await page.textContent("#cost"));
      console.log(await page.textContent('label:has(input[value="100"]) small'));
      return;
    }
    if (process.argv[3] === "minimum") {
      await page.fill("#f-amount", "45");
      await page.waitForFunction(() => document.getElementById("cost").textContent.includes("moins de"));
      console.log(await page.textContent("#cost"));
      await page.uncheck('input[name="wants_receipt"]');
      await page.waitForFunction(() => document.getElementById("cost").textContent.includes("coûte"));
      console.log(await page.textContent("#cost"));
      await page.check('input[name="wants_receipt"]');
      await page.fill("#f-amount", "60");
      await page.waitForFunction(() => document.getElementById("cost").textContent.includes("20,40"));
      console.log(await page.textContent("#cost"));
      return;
    }
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
