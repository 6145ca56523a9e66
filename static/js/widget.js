/* soutenir widget: <script src="https://SITE/widget.js" data-campaign="SLUG" async></script>
   Draws the campaign's bar where the tag stands, inside a Shadow DOM so that the
   host page's styles and this one's never mix; live over Server-Sent Events.
   It speaks `data-lang`, else the page's own `lang`, else the first language;
   the server writes every language's words in (from its translation files). */
(function () {
  "use strict";
  var WORDS = /*WORDS*/{};
  var scripts = document.querySelectorAll("script[data-campaign]");
  for (var i = 0; i < scripts.length; i++) {
    var s = scripts[i];
    if (s.getAttribute("data-soutenir-done") || !/widget\.js(\?|$)/.test(s.src)) continue;
    s.setAttribute("data-soutenir-done", "1");
    mount(s);
  }

  function wordsFor(script) {
    var asked = script.getAttribute("data-lang") || (document.documentElement.getAttribute("lang") || "");
    var code = asked.toLowerCase().split("-")[0];
    var first = Object.keys(WORDS)[0];
    return WORDS[code] || WORDS[first] || {};
  }

  function mount(script) {
    var slug = script.getAttribute("data-campaign");
    var t = wordsFor(script);
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
    var dark = script.getAttribute("data-theme") === "dark";
    var origin = new URL(script.src, document.baseURI).origin;
    var host = document.createElement("div");
    host.className = "soutenir-widget";
    host.setAttribute("lang", t.lang);
    script.parentNode.insertBefore(host, script.nextSibling);
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    root.innerHTML =
      "<style>:host{all:initial;display:block}" +
      ".b{font:15px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;border:1px solid " + (dark ? "#3a3150" : "#e2dcea") +
      ";border-radius:12px;padding:12px 16px;background:" + (dark ? "#1f1a2e;color:#f3eefa" : "#fff;color:#1f1a2e") + "}" +
      ".r{margin:0 0 6px}.r strong{font-size:1.35em}.t{height:12px;border-radius:999px;overflow:hidden;background:" + (dark ? "#3a3150" : "#ece6f3") + "}" +
      ".f{height:100%;width:0;background:" + (dark ? "#b48be6" : "#6a3d9a") + ";transition:width .6s}" +
      ".m{margin:6px 0 0;font-size:.9em}a{display:inline-block;margin-top:8px;background:#6a3d9a;color:#fff;text-decoration:none;font-weight:700;padding:6px 14px;border-radius:999px}" +
      "a:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}</style>" +
      "<div class='b'><p class='r'><strong></strong> <span class='o'></span></p>" +
      "<div class='t' role='progressbar' aria-valuemin='0' aria-valuemax='100'><div class='f'></div></div>" +
      "<p class='m'></p><a target='_blank' rel='noopener'></a></div>";
    root.querySelector(".t").setAttribute("aria-label", t.bar);
    var link = root.querySelector("a");
    link.href = origin + "/campaigns/" + encodeURIComponent(slug);
    link.textContent = t.donate;

    function render(p) {
      var percent = Math.round(Number(p.percent));
      var width = Math.max(0, Math.min(100, percent));
      var donors = count(p.donor_count);
      var goal = p.goal_kind === "donors" ? count(p.goal_donors) : euros(p.goal_cents);
      root.querySelector("strong").textContent = p.goal_kind === "donors" ? donors : euros(p.raised_cents);
      root.querySelector(".o").textContent = t.raisedOf + " " + goal;
      root.querySelector(".f").style.width = width + "%";
      var bar = root.querySelector(".t");
      bar.setAttribute("aria-valuenow", String(width));
      var share = t.percent.replace("@P@", String(percent));
      bar.setAttribute("aria-valuetext", root.querySelector("strong").textContent + " " + t.raisedOf + " " + goal + ", " + share);
      root.querySelector(".m").textContent = share + " " + t.ofGoal + " · " + donors;
    }

    var api = origin + "/api/v1/campaigns/" + encodeURIComponent(slug);
    fetch(api + "/progress").then(function (r) { return r.json(); }).then(render).catch(function () {});
    if (!window.EventSource) return;
    var delay = 1000;
    (function connect() {
      var source = new EventSource(api + "/events");
      source.addEventListener("progress", function (e) {
        delay = 1000;
        try { render(JSON.parse(e.data)); } catch (err) { /* keep what is shown */ }
      });
      source.onerror = function () {
        // Refused (too many streams) or cut: the JSON keeps the bar true
        // until the stream is back.
        source.close();
        fetch(api + "/progress").then(function (r) { return r.json(); }).then(render).catch(function () {});
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 60000);
      };
    })();
  }
})();
