// Debian's Chromium, headless, as every browser test starts it.
"use strict";
const { chromium } = require("playwright-core");

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

exports.launch = () => chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
