// Live updates of a progress bar over Server-Sent Events — the embed's, and the
// campaign page's — from the element that names the stream (`data-events-url`);
// the page is complete without it. Reconnects with growing delays when the
// stream drops.
(function () {
  "use strict";
  var root = document.querySelector("[data-events-url]");
  if (!root || !window.EventSource) return;
  var url = root.getAttribute("data-events-url");
  // The page's words, from the server's translation files.
  var t = {};
  try { t = JSON.parse(root.getAttribute("data-words") || "{}"); } catch (err) { return; }
  if (!t.money) return;
  var delay = 1000;

  function field(name) { return root.querySelector('[data-field="' + name + '"]'); }
  function group(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, t.group); }
  function euros(cents) {
    var rest = cents % 100;
    return t.money.replace("@AMOUNT@", group(Math.floor(cents / 100)) + (rest ? t.decimal + String(rest).padStart(2, "0") : ""));
  }
  function count(n) {
    var one = typeof Intl !== "undefined" && Intl.PluralRules
      ? new Intl.PluralRules(t.lang).select(n) === "one" : n === 1;
    return (one ? t.donorOne : t.donorOther).replace("@N@", group(n));
  }

  function render(p) {
    var percent = Math.round(Number(p.percent));
    var width = Math.max(0, Math.min(100, percent));
    var donors = count(p.donor_count);
    field("raised").textContent = p.goal_kind === "donors" ? donors : euros(p.raised_cents);
    var number = field("percent");
    if (number) number.textContent = String(percent);
    // The campaign page writes the number and its sign together.
    var text = field("percent_text");
    if (text) text.textContent = t.percent.replace("@P@", String(percent));
    var shown = field("donors");
    if (shown) shown.textContent = donors;
    // Pledged by transfer, not received yet: said apart, not in the total.
    var pledged = field("pledged");
    if (pledged && typeof p.pledged_cents === "number") {
      pledged.hidden = p.pledged_cents <= 0;
      field("pledged_amount").textContent = euros(p.pledged_cents);
    }
    field("fill").setAttribute("width", String(width));
    var bar = field("bar");
    bar.setAttribute("aria-valuenow", String(width));
    bar.setAttribute("aria-valuetext", field("raised").textContent + " — " + t.percent.replace("@P@", String(percent)));
  }

  function connect() {
    var source = new EventSource(url);
    source.addEventListener("progress", function (e) {
      delay = 1000;
      try { render(JSON.parse(e.data)); } catch (err) { /* keep what is shown */ }
    });
    source.onerror = function () {
      // Refused (too many streams) or cut: the JSON keeps the bar true
      // until the stream is back.
      source.close();
      if (window.fetch) {
        fetch(url.replace(/\/events$/, "/progress"))
          .then(function (r) { return r.json(); })
          .then(render)
          .catch(function () {});
      }
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    };
  }
  connect();
})();
