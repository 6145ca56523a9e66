// Loads each page given and prints every Content Security Policy violation the
// browser reports (blocked scripts, styles, fonts, connections), then DONE.
//   node csp.js URL...
"use strict";
const { launch } = require("./chromium");

(async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        process.stdout.write(`VIOLATION ${page.url()} ${message.text()}\n`);
      }
    });
    await page.exposeFunction("reportViolation", (text) => {
      process.stdout.write(`VIOLATION ${text}\n`);
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        window.reportViolation(`${document.location.href} ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    for (const url of process.argv.slice(2)) {
      const response = await page.goto(url, { waitUntil: "networkidle" });
      process.stdout.write(`LOADED ${response.status()} ${url}\n`);
    }
    process.stdout.write("DONE\n");
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
