/* The result page's Send panel, only on the collecting server and only for a survey link's result: it says
   who receives the answers, shows exactly what is sent, sends it, and shows the receipt. The answers stay
   in this browser (localStorage) until the server has acknowledged them, so "Send" works again later.
   A random response id is kept with them: sending again replaces the earlier response. No cookie is sent. */
(function () {
  "use strict";
  var C = window.Centricity;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function json(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function storage() {
    try { var s = window.localStorage; s.getItem("x"); return s; } catch (e) { return null; }
  }
  function randomId() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_");
  }

  function send() {
    var panel = $("[data-collect-panel]"), cfg = json("collect-data"), data = json("result-data");
    if (!panel || !cfg || !data || !C) return;
    var s = cfg.strings, rules = data.rules, lang = data.lang;
    var status = $("[data-collect-status]", panel), button = $("[data-collect-button]", panel);

    function current() {
      var box = $("[data-result]");
      var code = window.location.hash.length > 1 ? window.location.hash.slice(1) : box && box.getAttribute("data-code");
      if (!code) return null;
      try { return C.decode(rules, code); } catch (e) { return null; }
    }
    var first = current();
    if (!first || !first.survey) return;
    var survey = first.survey, key = "centricity-send:" + survey + ":" + rules.id, store = storage();
    var saved = {};
    try { saved = JSON.parse((store && store.getItem(key)) || "{}") || {}; } catch (e) { saved = {}; }
    if (!saved.id) saved.id = randomId();
    function keep() { if (store) store.setItem(key, JSON.stringify(saved)); }

    function payload() {
      var file = C.toJson(rules, current() || first);
      if (!file.label) delete file.label;
      return file;
    }
    function preview() { $("[data-collect-payload]", panel).textContent = JSON.stringify(payload(), null, 2); }
    function say(text) { status.textContent = text; }
    function showReceipt(receipt) {
      $("[data-collect-receipt-text]", panel).textContent = s["collect.send.receipt"];
      $("[data-collect-receipt-code]", panel).textContent = receipt;
      $("[data-collect-receipt]", panel).hidden = false;
    }
    function api(path) { return cfg.api + encodeURIComponent(survey) + path + "?lang=" + encodeURIComponent(lang); }

    function open(info) {
      var summary = $("[data-result] .summary");
      if (summary) summary.parentNode.insertBefore(panel, summary.nextSibling); /* first thing after the scores */
      if (info) document.documentElement.classList.add("collecting");
      var team = first.team ? C.fill(s["collect.send.team"], { team: first.team }) : "";
      $("[data-collect-recipient]", panel).textContent = info
        ? C.fill(s["collect.send.recipient"], { recipient: info.recipient, survey: info.name, team: team })
        : "";
      panel.hidden = false;
      preview();
      if (info && !info.open) { button.disabled = true; say(s["collect.send.closed"]); return; }
      if (saved.receipt) showReceipt(saved.receipt);
      if (saved.pending) say(s["collect.send.pending"]);
      else if (!info) say(s["collect.send.unreachable"]);
    }

    function sent(reply) {
      saved.pending = false;
      saved.receipt = reply.receipt;
      keep();
      say(C.fill(s[reply.replaced ? "collect.send.replaced" : "collect.send.sent"], { survey: reply.survey }));
      showReceipt(reply.receipt);
    }

    button.addEventListener("click", function () {
      var body = JSON.stringify({ response_id: saved.id, response: payload() });
      saved.pending = true;
      keep();
      button.disabled = true;
      say(s["collect.send.sending"]);
      window.fetch(api("/responses"), {
        method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" }, body: body
      }).then(function (r) {
        return r.json().then(function (reply) {
          if (r.ok) sent(reply);
          else say(C.fill(s["collect.send.refused"], { message: reply.message || r.status }));
        }, function () { say(s["collect.send.unreachable"]); });
      }, function () {
        say(s["collect.send.unreachable"]);
      }).then(function () { button.disabled = false; });
    });
    document.addEventListener("input", function () { if (!panel.hidden) preview(); });
    document.addEventListener("change", function () { if (!panel.hidden) preview(); });

    window.fetch(api(""), { credentials: "omit" }).then(function (r) {
      if (r.ok) r.json().then(open, function () { open(null); });
      else if (r.status !== 404) open(null);
    }, function () { open(null); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", send);
  else send();
})();
