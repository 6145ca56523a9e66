// Progressive enhancement of the donation form: the cost after the tax
// reduction follows what the donor picks or types. The server states the same.
(function () {
  "use strict";
  var form = document.querySelector("form.donate");
  if (!form) return;
  var rate = parseInt(form.getAttribute("data-rate"), 10) || 66;
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

  function format(cents) {
    var euros = Math.floor(cents / 100);
    var rest = cents % 100;
    var grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
    return grouped + (rest ? "," + String(rest).padStart(2, "0") : "") + NNBSP + "€";
  }

  function selectedCents() {
    var checked = form.querySelector('input[name="amount"]:checked');
    if (checked && checked.value !== "other") return parseCents(checked.value);
    return parseCents(other.value);
  }

  function update() {
    var cents = selectedCents();
    var monthly = form.querySelector('input[name="frequency"][value="monthly"]').checked;
    if (cents === null || cents <= 0) return;
    var reduction = Math.floor((cents * rate + 50) / 100);
    out.textContent = "Après réduction d'impôt de " + rate + NNBSP + "%, votre don vous coûte " +
      format(cents - reduction) + (monthly ? " par mois" : "") + ".";
  }

  other.addEventListener("input", function () {
    if (other.value && otherChoice) otherChoice.checked = true;
    update();
  });
  form.addEventListener("change", update);
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
