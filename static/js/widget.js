/* soutenir widget: <script src="https://SITE/widget.js" data-campaign="SLUG" async></script>
   Draws the campaign's bar where the tag stands, inside a Shadow DOM so that the
   host page's styles and this one's never mix; live over Server-Sent Events. */
(function () {
  "use strict";
  var NNBSP = "\u202F";
  var scripts = document.querySelectorAll("script[data-campaign]");
  for (var i = 0; i < scripts.length; i++) {
    var s = scripts[i];
    if (s.getAttribute("data-soutenir-done") || !/widget\.js(\?|$)/.test(s.src)) continue;
    s.setAttribute("data-soutenir-done", "1");
    mount(s);
  }

  function group(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP); }
  function euros(cents) {
    var rest = cents % 100;
    return group(Math.floor(cents / 100)) + (rest ? "," + String(rest).padStart(2, "0") : "") + NNBSP + "€";
  }

  function mount(script) {
    var slug = script.getAttribute("data-campaign");
    var lang = script.getAttribute("data-lang") === "en" ? "en" : "fr";
    var dark = script.getAttribute("data-theme") === "dark";
    var origin = new URL(script.src, document.baseURI).origin;
    var host = document.createElement("div");
    host.className = "soutenir-widget";
    script.parentNode.insertBefore(host, script.nextSibling);
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var t = lang === "en"
      ? { of: "raised of", donate: "Donate", one: "donor", many: "donors", goal: "of the goal", bar: "Fundraising progress" }
      : { of: "collectés sur", donate: "Faire un don", one: "donateur", many: "donateurs", goal: "de l'objectif", bar: "Progression de la collecte" };
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
      var donors = group(p.donor_count) + " " + (p.donor_count > 1 ? t.many : t.one);
      var goal = p.goal_kind === "donors" ? group(p.goal_donors) + " " + t.many : euros(p.goal_cents);
      root.querySelector("strong").textContent = p.goal_kind === "donors" ? donors : euros(p.raised_cents);
      root.querySelector(".o").textContent = t.of + " " + goal;
      root.querySelector(".f").style.width = width + "%";
      var bar = root.querySelector(".t");
      bar.setAttribute("aria-valuenow", String(width));
      bar.setAttribute("aria-valuetext", root.querySelector("strong").textContent + " " + t.of + " " + goal + ", " + percent + NNBSP + "%");
      root.querySelector(".m").textContent = percent + NNBSP + "% " + t.goal + " · " + donors;
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
