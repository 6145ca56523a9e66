// Progressive enhancement of the donation form: the cost after the tax
// reduction follows what the donor picks or types. The server states the same,
// and gives the sentences in the page's language (data-t-*, @COST@ standing
// for the cost) and how it writes amounts (data-money, data-group, data-decimal).
(function () {
  "use strict";
  var form = document.querySelector("form.donate");
  if (!form) return;
  var personRate = parseInt(form.getAttribute("data-rate"), 10) || 66;
  var min = parseInt(form.getAttribute("data-min"), 10) || 0;
  var ceiling = document.getElementById("ceiling");
  var company = document.getElementById("company-fields");
  var out = document.getElementById("cost");
  var other = document.getElementById("f-amount");
  var otherChoice = document.getElementById("amount-other-choice");
  function said(name) { return form.getAttribute("data-" + name) || ""; }
  var money = said("money") || "@AMOUNT@";
  var group = said("group");
  var decimal = said("decimal") || ",";

  function parseCents(text) {
    var t = (text || "").replace(/[\s\u00A0\u202F€]/g, "");
    var m = /^(\d{1,9})(?:[.,](\d{0,2}))?$/.exec(t);
    if (!m) return null;
    var frac = (m[2] || "").padEnd(2, "0");
    return parseInt(m[1], 10) * 100 + parseInt(frac || "0", 10);
  }

  // « 10,20 € », « 34 € » / « €10.20 » (Lang::money_short).
  function format(cents) {
    var euros = Math.floor(cents / 100);
    var rest = cents % 100;
    var grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, group);
    return money.replace("@AMOUNT@", grouped + (rest ? decimal + String(rest).padStart(2, "0") : ""));
  }

  function selectedCents() {
    var checked = form.querySelector('input[name="amount"]:checked');
    if (checked && checked.value !== "other") return parseCents(checked.value);
    return parseCents(other.value);
  }

  function isCompany() {
    var kind = form.querySelector('input[name="donor_kind"]:checked');
    return !!kind && kind.value === "company";
  }

  // The same sentences as domain::tax (gift_tax_sentence).
  function update() {
    var asCompany = isCompany();
    if (company) company.hidden = !asCompany;
    if (ceiling) ceiling.textContent = ceiling.getAttribute(asCompany ? "data-company" : "data-person");
    var rate = asCompany ? 60 : personRate;
    // Each suggested amount's own cost, at the donor's rate.
    Array.prototype.forEach.call(form.querySelectorAll("input[data-amount]"), function (input) {
      var small = input.parentNode.querySelector("small");
      var amount = parseCents(input.getAttribute("data-amount"));
      if (small && amount !== null) {
        small.textContent = said("t-after").replace("@COST@", format(amount - Math.floor((amount * rate + 50) / 100)));
      }
    });
    var cents = selectedCents();
    var monthly = form.querySelector('input[name="frequency"][value="monthly"]').checked;
    var receipt = form.querySelector('input[name="wants_receipt"]');
    if (cents === null || cents <= 0) return;
    if (!monthly && receipt && receipt.checked && cents < min) {
      out.textContent = said("t-below");
      return;
    }
    var cost = format(cents - Math.floor((cents * rate + 50) / 100));
    var sentence = (asCompany ? "t-company" : "t-person") + (monthly ? "-monthly" : "");
    out.textContent = said(sentence).replace("@COST@", cost);
  }

  other.addEventListener("input", function () {
    if (other.value && otherChoice) otherChoice.checked = true;
    update();
  });
  form.addEventListener("change", update);
  update();
})();

// Copy buttons of the « Relayer la campagne » snippets (hidden without JS).
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button.copy[data-copy]");
  if (!navigator.clipboard) return;
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = "Copié";
        setTimeout(function () { button.textContent = "Copier"; }, 2000);
      });
    });
  });
})();
