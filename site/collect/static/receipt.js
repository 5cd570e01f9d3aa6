/* The receipt page: the receipt code is sent in a request body (never in a URL) to see the response it stands
   for, or to withdraw it. Withdrawing asks for a second press. Text is only ever set with textContent. */
(function () {
  "use strict";
  var C = window.Centricity;

  function $(sel, root) { return (root || document).querySelector(sel); }

  /* Each question with the option chosen, as the server read the stored response in this page's language. */
  function show(list, answers) {
    list.textContent = "";
    answers.forEach(function (a) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = a.question;
      dd.textContent = a.answer;
      list.appendChild(dt);
      list.appendChild(dd);
    });
  }

  function receipt() {
    var form = $("[data-receipt-form]"), el = document.getElementById("receipt-data");
    if (!form || !el || !C) return;
    var data = JSON.parse(el.textContent), s = data.strings;
    var status = $("[data-receipt-status]"), out = $("[data-receipt-output]"), withdraw = $("[data-receipt-withdraw]");
    var confirming = false;

    function post(url) {
      return window.fetch(url + "?lang=" + encodeURIComponent(data.lang), {
        method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ receipt: $("[data-receipt-code]").value })
      }).then(function (r) {
        return r.json().then(function (reply) {
          if (!r.ok) throw new Error(reply.message || String(r.status));
          return reply;
        });
      });
    }
    function failed(e) {
      out.hidden = true;
      status.textContent = e instanceof TypeError ? s["collect.receipt.unreachable"] : e.message;
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      confirming = false;
      status.textContent = s["collect.receipt.loading"];
      post(data.api).then(function (reply) {
        status.textContent = "";
        $("[data-receipt-where]").textContent = C.fill(s["collect.receipt.where"], {
          survey: reply.survey.name, team: reply.team_name || "–", received: reply.received, updated: reply.updated
        });
        show($("[data-receipt-answers]"), reply.answers);
        out.hidden = false;
      }, failed);
    });
    withdraw.addEventListener("click", function () {
      if (!confirming) {
        confirming = true;
        status.textContent = s["collect.receipt.confirm"];
        return;
      }
      confirming = false;
      post(data.withdraw).then(function () {
        out.hidden = true;
        status.textContent = s["collect.receipt.withdrawn"];
      }, failed);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", receipt);
  else receipt();
})();
