// Progressive enhancement of the donation form: the cost after the tax
// reduction follows what the donor picks or types. The server states the same.
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
  var NNBSP = "\u202F";

  function parseCents(text) {
    var t = (text || "").replace(/[\s\u00A0\u202F€]/g, "");
    var m = /^(\d{1,9})(?:[.,](\d{0,2}))?$/.exec(t);
    if (!m) return null;
    var frac = (m[2] || "").padEnd(2, "0");
    return parseInt(m[1], 10) * 100 + parseInt(frac || "0", 10);
  }

  // « 10,20 € », « 34 € » (Cents::display_short); `full` keeps the cents
  // (« 15,00 € », as Cents' Display writes the minimum).
  function format(cents, full) {
    var euros = Math.floor(cents / 100);
    var rest = cents % 100;
    var grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
    return grouped + (rest || full ? "," + String(rest).padStart(2, "0") : "") + NNBSP + "€";
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
        small.textContent = "soit " + format(amount - Math.floor((amount * rate + 50) / 100)) + " après réduction";
      }
    });
    var cents = selectedCents();
    var monthly = form.querySelector('input[name="frequency"][value="monthly"]').checked;
    var receipt = form.querySelector('input[name="wants_receipt"]');
    if (cents === null || cents <= 0) return;
    if (!monthly && receipt && receipt.checked && cents < min) {
      out.textContent = "Les dons de moins de " + format(min, true) +
        " ne donnent pas lieu à un reçu fiscal, ni donc à une réduction d'impôt.";
      return;
    }
    var cost = format(cents - Math.floor((cents * rate + 50) / 100));
    var per = monthly ? " par mois" : "";
    out.textContent = asCompany
      ? "Après réduction d'impôt de 60" + NNBSP + "%, ce don coûte " + cost + per +
        " à votre entreprise (réduction retenue dans la limite de 20" + NNBSP + "000" + NNBSP +
        "€ ou de 5" + NNBSP + "‰ du chiffre d'affaires hors taxe, si ce montant est plus élevé)."
      : "Après réduction d'impôt de " + rate + NNBSP + "%, votre don vous coûte " + cost + per + ".";
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
