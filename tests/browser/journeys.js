// What people do on the site, in Chromium, through the pages they use. Each
// journey prints `KEY value` lines for the Rust test to check, keeps
// screenshots in the artifacts folder, and runs axe-core on the pages it
// passes through (serious and critical violations are printed as `AXE …`).
//   node journeys.js JOURNEY ARTIFACTS_DIR BASE_URL [ARGS…]
"use strict";
const fs = require("fs");
const path = require("path");
const { launch } = require("./chromium");

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [journey, artifacts, base, ...args] = process.argv.slice(2);

function say(key, value) {
  console.log(`${key} ${value}`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

// axe-core on the page as it is: serious and critical violations are printed.
// It is added through the DevTools protocol, as the page's own policy forbids
// inline scripts.
async function audit(page, name) {
  await page.evaluate(AXE);
  const results = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] }));
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of bad) {
    const targets = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
    say("AXE", `${name}: ${v.id} (${v.impact}) ${v.help} — ${targets}`);
  }
  say("AUDITED", name);
}

// Presses Tab until `selector` has the focus: the field is reachable from the
// keyboard, in the page's order.
async function tabTo(page, selector) {
  for (let i = 0; i < 120; i++) {
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) {
      return;
    }
    await page.keyboard.press("Tab");
  }
  throw new Error(`${selector} cannot be reached with Tab`);
}

async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
}

// The focused element is drawn with a visible outline.
async function focusVisible(page) {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  });
}

// Sets a staff member's password from their one-time link: signed in after.
async function signIn(page, link) {
  await page.goto(link);
  // An invitation names the address; the first admin's link asks for it.
  const email = page.locator("#f-email");
  if ((await email.count()) > 0 && (await email.inputValue()) === "") {
    await email.fill("equipe@example.org");
  }
  await page.fill("#f-password", "mot-de-passe-tres-long");
  await page.fill("#f-password-confirm", "mot-de-passe-tres-long");
  await page.click("button[type=submit]");
  await page.waitForURL((url) => !url.pathname.startsWith("/admin/setup"));
}

// The page's visible words, one line (without the organisation's and the
// campaign's proper names, given by the test).
async function words(page) {
  return page.evaluate(() => document.body.innerText.replace(/\s+/g, " ").trim());
}

const journeys = {
  // A browser in English gives from the form to the thank-you: every page it
  // passes speaks English (the test checks no French word is on the way).
  async english(page) {
    await page.goto(`${base}/campaigns/dorlotons`);
    say("LANG", await page.getAttribute("html", "lang"));
    await audit(page, "en-campaign");
    await shot(page, "en-campaign");
    say("PAGE_CAMPAIGN", await words(page));
    await page.fill("#f-amount", "beaucoup");
    await Promise.all([page.waitForNavigation(), page.click("button.button--big[type=submit]")]);
    say("PAGE_ERRORS", await words(page));
    await audit(page, "en-form-with-errors");
    await page.fill("#f-amount", "40");
    await page.fill("#f-email", "reader@example.org");
    await page.fill("#f-first_name", "Robin");
    await page.fill("#f-last_name", "Reader");
    await page.fill("#f-address", "3 rue des Touches");
    await page.fill("#f-postal_code", "69003");
    await page.fill("#f-city", "Lyon");
    say("COST", await page.evaluate(() => document.getElementById("cost").textContent.trim()));
    await Promise.all([page.waitForNavigation(), page.click("button.button--big[type=submit]")]);
    say("PAGE_PAY", await words(page));
    await audit(page, "en-pay");
    await Promise.all([page.waitForNavigation(), page.click("button[value=succeeded]")]);
    say("THANKS", new URL(page.url()).pathname);
    say("PAGE_THANKS", await words(page));
    await audit(page, "en-thanks");
    await shot(page, "en-thanks");
  },

  // A one-off gift with a guestbook message, keyboard only; a first try with
  // a wrong amount shows the errors.
  async keyboard(page) {
    await page.goto(`${base}/campaigns/dorlotons`);
    await audit(page, "campaign");
    await shot(page, "campaign");
    await typeInto(page, "#f-amount", "beaucoup");
    await typeInto(page, "#f-email", "clavier@example.org");
    await tabTo(page, "button.button--big[type=submit]");
    say("FOCUS_VISIBLE", await focusVisible(page));
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const focused = await page.evaluate(() => ({
      id: document.activeElement.id,
      role: document.activeElement.getAttribute("role"),
      text: document.activeElement.textContent.trim().replace(/\s+/g, " "),
    }));
    say("ERROR_FOCUS", `${focused.id} ${focused.role}`);
    say("ERROR_TEXT", focused.text);
    const described = await page.evaluate(() => {
      const input = document.getElementById("f-amount");
      const ids = (input.getAttribute("aria-describedby") || "").split(" ");
      return ids.map((id) => document.getElementById(id)).filter(Boolean).map((e) => e.textContent.trim()).join(" / ");
    });
    say("AMOUNT_DESCRIBED_BY", described);
    await audit(page, "form-with-errors");
    await shot(page, "form-with-errors");

    await typeInto(page, "#f-amount", "25");
    await typeInto(page, "#f-first_name", "Camille");
    await typeInto(page, "#f-last_name", "Clavier");
    await typeInto(page, "#f-address", "3 rue des Touches");
    await typeInto(page, "#f-postal_code", "69003");
    await typeInto(page, "#f-city", "Lyon");
    await typeInto(page, "#f-message", "Merci, au clavier seulement !");
    await typeInto(page, "#f-display_name", "Camille C.");
    // The form filled in, as the script has updated it: what the gift costs
    // after the tax reduction.
    say("COST", await page.evaluate(() => document.getElementById("cost").textContent.trim()));
    await audit(page, "form-filled");
    await tabTo(page, "button.button--big[type=submit]");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    say("PAY_PAGE", new URL(page.url()).pathname);
    await audit(page, "pay");
    await tabTo(page, "button[value=succeeded]");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    say("THANKS", new URL(page.url()).pathname);
    await audit(page, "thanks");
    await shot(page, "thanks-keyboard");
  },

  // A gift in a company's name: the company's fields appear when chosen, the
  // cost line turns to 60 %, a SIREN that does not check is refused beside
  // its field, then corrected.
  async company(page) {
    await page.goto(`${base}/campaigns/dorlotons`);
    say("COMPANY_HIDDEN", await page.isHidden("#company-fields"));
    await page.fill("#f-amount", "1000");
    say("COST_PERSON", (await page.textContent("#cost")).trim());
    await page.check('input[name="donor_kind"][value="company"]', { force: true });
    await page.waitForFunction(() => document.getElementById("cost").textContent.includes("60"));
    say("COMPANY_SHOWN", await page.isVisible("#f-company_siren"));
    say("COST_COMPANY", (await page.textContent("#cost")).trim());
    say("SUGGESTED_100", (await page.textContent('label:has(input[name="amount"][value="100"]) small')).trim());
    say("CEILING", (await page.textContent("#ceiling")).trim());
    await page.fill("#f-company_name", "Exemple Logiciels SAS");
    await page.fill("#f-company_legal_form", "SAS");
    await page.fill("#f-company_siren", "732 829 321");
    await page.fill("#f-email", "compta@exemple-logiciels.fr");
    await page.fill("#f-first_name", "Alix");
    await page.fill("#f-last_name", "Bernard");
    await page.fill("#f-address", "4 quai de Saône");
    await page.fill("#f-postal_code", "69009");
    await page.fill("#f-city", "Lyon");
    await audit(page, "company-form");
    await Promise.all([page.waitForNavigation(), page.click("button.button--big[type=submit]")]);
    say("SIREN_ERROR", (await page.textContent("#err-company_siren")).trim());
    say("STILL_COMPANY", await page.isVisible("#f-company_siren"));
    await audit(page, "company-form-with-errors");
    await shot(page, "company-form-with-errors");
    await page.fill("#f-company_siren", "732 829 320");
    await Promise.all([page.waitForNavigation(), page.click("button.button--big[type=submit]")]);
    say("PAY_PAGE", new URL(page.url()).pathname);
    await Promise.all([page.waitForNavigation(), page.click("button[value=succeeded]")]);
    say("THANKS", new URL(page.url()).pathname);
    say("THANKS_TEXT", (await page.textContent("main")).replace(/\s+/g, " ").trim());
    await audit(page, "company-thanks");
    await shot(page, "company-thanks");
  },

  // The same gift with JavaScript turned off.
  async nojs(page) {
    await page.goto(`${base}/campaigns/dorlotons`);
    await page.fill("#f-amount", "12");
    await page.fill("#f-email", "sans-js@example.org");
    await page.fill("#f-first_name", "Léa");
    await page.fill("#f-last_name", "Sansscript");
    await page.fill("#f-address", "1 rue Sobre");
    await page.fill("#f-postal_code", "75011");
    await page.fill("#f-city", "Paris");
    await Promise.all([page.waitForNavigation(), page.click("button.button--big[type=submit]")]);
    say("PAY_PAGE", new URL(page.url()).pathname);
    await Promise.all([page.waitForNavigation(), page.click("button[value=succeeded]")]);
    say("THANKS", new URL(page.url()).pathname);
    await shot(page, "thanks-without-javascript");
  },

  // A monthly gift, then its cancellation from the donor space (link given).
  async monthly(page) {
    await page.goto(`${base}/campaigns/dorlotons`);
    await page.check('input[name="frequency"][value="monthly"]', { force: true });
    await page.fill("#f-amount", "10");
    await page.fill("#f-email", "mensuel@example.org");
    await page.fill("#f-first_name", "Jo");
    await page.fill("#f-last_name", "Mensuel");
    await page.fill("#f-address", "5 avenue du Mois");
    await page.fill("#f-postal_code", "13001");
    await page.fill("#f-city", "Marseille");
    await Promise.all([page.waitForNavigation(), page.click("button.button--big[type=submit]")]);
    await Promise.all([page.waitForNavigation(), page.click("button[value=succeeded]")]);
    say("THANKS", new URL(page.url()).pathname);
    // The Rust side sends the donor-space link once the gift is recorded.
    const link = await new Promise((resolve) => {
      process.stdin.once("data", (data) => {
        process.stdin.destroy();
        resolve(data.toString().trim());
      });
      say("WAITING", "link");
    });
    await page.goto(link);
    await audit(page, "donor-space");
    await shot(page, "donor-space");
    say("BEFORE", (await page.textContent(".monthly .status")).trim());
    await Promise.all([page.waitForNavigation(), page.click("text=Arrêter ce don mensuel")]);
    say("NOTICE", (await page.textContent(".notice")).trim());
    say("AFTER", (await page.textContent(".monthly .status")).trim());
    await shot(page, "donor-space-stopped");
  },

  // A moderator publishes a waiting message (invitation link given).
  async moderate(page) {
    await signIn(page, args[0]);
    await page.goto(`${base}/admin/guestbook`);
    await audit(page, "moderation-queue");
    await shot(page, "moderation-queue");
    const entry = page.locator("li.message--staff", { hasText: args[1] }).first();
    await Promise.all([page.waitForNavigation(), entry.locator("button[value=approve]").click()]);
    say("NOTICE", (await page.textContent(".notice")).trim());
    await page.goto(`${base}/campaigns/dorlotons/guestbook`);
    await audit(page, "guestbook");
    say("PUBLISHED", (await page.textContent("main")).includes(args[1]));
    await shot(page, "guestbook-after-moderation");
  },

  // Finance downloads the year's gifts from the exports page.
  async finance(page) {
    await signIn(page, args[0]);
    await page.goto(`${base}/admin/exports`);
    await audit(page, "exports");
    for (const admin of ["/admin", "/admin/donations", "/admin/receipts", "/admin/subscriptions"]) {
      await page.goto(`${base}${admin}`);
      await audit(page, admin);
    }
    await page.goto(`${base}/admin/exports`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click('a[href^="/admin/exports/donations.csv"]:not([href*="excel"])'),
    ]);
    const file = path.join(artifacts, download.suggestedFilename());
    await download.saveAs(file);
    say("DOWNLOADED", file);
    await shot(page, "exports");
  },

  // Every page at 390 and 1280 px: a full-page screenshot at each width
  // (artifacts/screens/), axe-core at each. Arguments: an admin's one-time
  // link, the public pages, `--`, the staff pages (seen signed in).
  async screens(page) {
    const [link, ...rest] = args;
    const split = rest.indexOf("--");
    const dir = path.join(artifacts, "screens");
    fs.mkdirSync(dir, { recursive: true });
    const fileName = (url) => (url.replace(/^\//, "").replace(/[^A-Za-z0-9]+/g, "-").slice(0, 80) || "home");
    let shots = 0;
    const visit = async (url, prefix) => {
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
        await page.goto(`${base}${url}`);
        await audit(page, `${url} @${width}`);
        await page.screenshot({ path: path.join(dir, `${prefix}${fileName(url)}-${width}.png`), fullPage: true });
        shots += 1;
      }
    };
    for (const url of rest.slice(0, split)) await visit(url, "");
    await signIn(page, link);
    for (const url of rest.slice(split + 1)) await visit(url, "staff-");
    say("SHOTS", shots);
    say("DIR", dir);
  },

  // A new installation's first admin, from the link the first start prints,
  // through the setup: the organisation (logo, colour, signature), the
  // campaign's text, then the public page in the organisation's colours.
  // Arguments: the link, a logo and a signature (PNG files).
  async firstrun(page) {
    const [link, logo, signature] = args;
    await page.goto(link);
    await page.fill("#f-email", "camille@amis-du-libre.example");
    await page.fill("#f-password", "mot-de-passe-tres-long");
    await page.fill("#f-password-confirm", "mot-de-passe-tres-long");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    say("LANDED", new URL(page.url()).pathname);
    say("TODO", await page.locator(".checklist li.todo").count());
    await audit(page, "start");
    await shot(page, "first-run-start");
    await Promise.all([page.waitForNavigation(), page.click("a.button:has-text(\"Présenter l'organisme\")")]);
    say("STEP1", (await page.textContent(".notice")).trim().replace(/\s+/g, " "));
    await page.fill("#f-legal_name", "Les Amis du Libre");
    await page.fill("#f-website", "https://amis-du-libre.example");
    await page.fill("#f-contact_email", "contact@amis-du-libre.example");
    await page.fill("#f-brand_colour", "#1f3d6b");
    await page.setInputFiles("#f-logo", logo);
    await page.fill("#f-registration_number", "W691234567");
    await page.fill("#f-address", "3 rue de la République");
    await page.fill("#f-postal_code", "69001");
    await page.fill("#f-city", "Lyon");
    await page.fill("#f-object", "Défendre et promouvoir les logiciels libres");
    await page.fill("#f-signatory_name", "Dominique Roux");
    await page.fill("#f-signatory_role", "Président");
    await page.setInputFiles("#f-signature", signature);
    await shot(page, "first-run-organisation");
    await Promise.all([page.waitForNavigation(), page.click("button:has-text(\"Enregistrer et continuer\")")]);
    say("BACK", new URL(page.url()).pathname);
    say("TODO_AFTER", await page.locator(".checklist li.todo").count());
    await Promise.all([page.waitForNavigation(), page.click("a.button:has-text(\"Rédiger la campagne\")")]);
    await Promise.all([page.waitForNavigation(), page.click("a:has-text(\"Modifier\")")]);
    await page.fill("#f-title", "Les Amis du Libre ont besoin de vous");
    await page.fill("#f-body_markdown", "Notre campagne **2027** : des ateliers dans chaque quartier.");
    await Promise.all([page.waitForNavigation(), page.click("button[name=preview]")]);
    say("PREVIEW", (await page.innerHTML("#apercu")).includes("<strong>2027</strong>"));
    await Promise.all([page.waitForNavigation(), page.click("button:has-text(\"Enregistrer\") >> nth=0")]);
    await page.goto(`${base}/admin/start`);
    say("COMPLETE", (await page.textContent(".notice")).trim().replace(/\s+/g, " "));
    await shot(page, "first-run-done");
    await page.goto(`${base}/campaigns/dorlotons`);
    say("HEADER", (await page.textContent(".site-header")).trim().replace(/\s+/g, " "));
    say("HEADER_BG", await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor));
    say("LOGO", await page.evaluate(() => {
      const img = document.querySelector(".site-header img");
      return img ? img.naturalWidth > 0 : false;
    }));
    await audit(page, "campaign");
    await shot(page, "first-run-public");
  },

  // An admin invites a moderator from /admin/users; the moderator opens the
  // link in their own browser and lands with the moderator's bar.
  // Arguments: the admin's link.
  async invite(page) {
    await signIn(page, args[0]);
    await page.goto(`${base}/admin/users`);
    await page.fill("#f-email", "modo@example.org");
    await page.selectOption("#f-role", "moderator");
    await Promise.all([page.waitForNavigation(), page.click("button:has-text(\"Inviter\")")]);
    say("INVITED", (await page.textContent("#invitation")).trim().replace(/\s+/g, " "));
    const link = (await page.textContent("#invitation-link")).trim();
    say("LINK", link);
    await audit(page, "users");
    await shot(page, "invite-sent");
    const other = await page.context().browser().newContext({ locale: "fr-FR" });
    const moderator = await other.newPage();
    await moderator.goto(link);
    say("ACCOUNT", (await moderator.textContent("main strong")).trim());
    await moderator.fill("#f-password", "un-autre-mot-de-passe");
    await moderator.fill("#f-password-confirm", "un-autre-mot-de-passe");
    await Promise.all([moderator.waitForNavigation(), moderator.click("button[type=submit]")]);
    say("MODERATOR_AT", new URL(moderator.url()).pathname);
    const links = await moderator.$$eval(".staff-bar__links a", (as) => as.map((a) => a.textContent.trim()));
    say("NAV", links.join("|"));
    await shot(moderator, "invite-accepted");
    await other.close();
  },

  // Each embed variant in an iframe of its suggested height, from narrow to
  // wide: prints `FIT url width content-height bottom-of-button frame-height`.
  // Arguments: `url|height` pairs.
  async embedfit(page) {
    for (const arg of args) {
      const [url, height] = arg.split("|");
      for (const width of [280, 320, 390, 768, 1200]) {
        await page.setViewportSize({ width, height: Number(height) });
        await page.goto(`${base}${url}`);
        const m = await page.evaluate(() => ({
          content: document.documentElement.scrollHeight,
          button: Math.ceil(document.querySelector(".embed__cta a").getBoundingClientRect().bottom),
        }));
        say("FIT", `${url} ${width} ${m.content} ${m.button} ${height}`);
      }
      await shot(page, `embed-${url.replace(/[^a-z0-9]+/gi, "-")}`);
    }
  },

  // axe-core on the pages given as arguments; a first argument that is a
  // staff member's one-time link signs in first.
  async audit(page) {
    const pages = args.slice();
    if (pages.length && pages[0].includes("/admin/setup/")) {
      await signIn(page, pages.shift());
    }
    for (const url of pages) {
      await page.goto(`${base}${url}`);
      await audit(page, url);
    }
  },
};

(async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({
      javaScriptEnabled: journey !== "nojs",
      acceptDownloads: true,
      locale: journey === "english" ? "en-GB" : "fr-FR",
    });
    const page = await context.newPage();
    await journeys[journey](page);
    say("DONE", journey);
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
