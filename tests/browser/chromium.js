// Debian's Chromium, headless, as every browser test starts it. Its pages
// ask for French, as the browsers of most of the sample association's donors
// do (`Accept-Language`); a journey in another language says so:
// `browser.newPage({ locale: "en-GB" })`.
"use strict";
const { chromium } = require("playwright-core");

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

exports.launch = async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
  const newPage = browser.newPage.bind(browser);
  const newContext = browser.newContext.bind(browser);
  browser.newPage = (options = {}) => newPage({ locale: "fr-FR", ...options });
  browser.newContext = (options = {}) => newContext({ locale: "fr-FR", ...options });
  return browser;
};
