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

  /* The answers of the page as it is now (the fragment, or the code the server rendered), or null. */
  function current(P) {
    var box = $("[data-result]");
    var code = window.location.hash.length > 1 ? window.location.hash.slice(1) : box && box.getAttribute("data-code");
    if (!code) return null;
    try { return C.decode(P.rules, code); } catch (e) { return null; }
  }
  function keep(P) { if (P.store) P.store.setItem(P.key, JSON.stringify(P.saved)); }
  function payload(P) {
    var file = C.toJson(P.rules, current(P) || P.first);
    if (!file.label) delete file.label;
    return file;
  }
  function preview(P) { $("[data-collect-payload]", P.panel).textContent = JSON.stringify(payload(P), null, 2); }
  function say(P, text) { P.status.textContent = text; }
  function showReceipt(P, receipt) {
    $("[data-collect-receipt-text]", P.panel).textContent = P.s["collect.send.receipt"];
    $("[data-collect-receipt-code]", P.panel).textContent = receipt;
    $("[data-collect-receipt]", P.panel).hidden = false;
  }
  function api(P, path) {
    return P.cfg.api + encodeURIComponent(P.survey) + path + "?lang=" + encodeURIComponent(P.lang);
  }

  /* The top of the result says whether the answers reached the server: received, with the receipt. */
  function banner(P, text, receipt) {
    var b = $("[data-send-banner]");
    if (!b) return;
    $("[data-send-banner-text]", b).textContent = text;
    $("[data-send-banner-code]", b).textContent = receipt || "";
    $("[data-send-banner-receipt]", b).hidden = !receipt;
    $("[data-send-banner-go]", b).hidden = Boolean(receipt);
  }

  /* The team as the consultant named it (the server's list, else the link's own name), never its id alone. */
  function teamName(P, info) {
    var team = P.first.team, link = new URLSearchParams(window.location.search);
    if (info && info.teams && info.teams[team]) return info.teams[team];
    return link.get("team") === team && link.get("team_name") ? link.get("team_name").slice(0, 60) : team;
  }

  /* The panel, once the server has said who receives the answers (`info`), or that it cannot be reached. */
  function open(P, info) {
    var s = P.s, glance = $("[data-result] .glance");
    if (glance) glance.parentNode.insertBefore(P.panel, glance.nextSibling); /* first thing after the score */
    if (info) document.documentElement.classList.add("collecting");
    var team = P.first.team ? C.fill(s["collect.send.team"], { team: teamName(P, info) }) : "";
    $("[data-collect-recipient]", P.panel).textContent = info
      ? C.fill(s[info.recipient ? "collect.send.recipient" : "collect.send.recipient.owner"],
               { recipient: info.recipient, survey: info.name, team: team })
      : "";
    P.name = info ? info.name : P.survey;
    P.panel.hidden = false;
    preview(P);
    if (info && !info.open) { P.button.disabled = true; say(P, s["collect.send.closed"]); banner(P, s["collect.send.closed"], ""); return; }
    if (P.saved.receipt && !P.saved.pending) received(P, P.saved.receipt);
    if (P.saved.pending) say(P, s["collect.send.pending"]);
    else if (!info) say(P, s["collect.send.unreachable"]);
  }

  function received(P, receipt) {
    showReceipt(P, receipt);
    banner(P, C.fill(P.s["collect.send.received"], { survey: P.name }), receipt);
  }

  function sent(P, reply) {
    P.saved.pending = false;
    P.saved.receipt = reply.receipt;
    keep(P);
    say(P, C.fill(P.s[reply.replaced ? "collect.send.replaced" : "collect.send.sent"], { survey: P.name }));
    received(P, reply.receipt);
  }

  function submit(P) {
    var s = P.s, body = JSON.stringify({ response_id: P.saved.id, response: payload(P) });
    P.saved.pending = true;
    keep(P);
    P.button.disabled = true;
    say(P, s["collect.send.sending"]);
    window.fetch(api(P, "/responses"), {
      method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" }, body: body
    }).then(function (r) {
      return r.json().then(function (reply) {
        if (r.ok) sent(P, reply);
        else say(P, C.fill(s["collect.send.refused"], { message: reply.message || r.status }));
      }, function () { say(P, s["collect.send.unreachable"]); });
    }, function () {
      say(P, s["collect.send.unreachable"]);
    }).then(function () { P.button.disabled = false; });
  }

  /* The panel's state: the page's data, the answers first shown and what this browser kept for the survey. */
  function start() {
    var panel = $("[data-collect-panel]"), cfg = json("collect-data"), data = json("result-data");
    if (!panel || !cfg || !data || !C) return null;
    var P = { panel: panel, cfg: cfg, s: cfg.strings, rules: data.rules, lang: data.lang,
              status: $("[data-collect-status]", panel), button: $("[data-collect-button]", panel) };
    P.first = current(P);
    if (!P.first || !P.first.survey) return null;
    P.survey = P.first.survey;
    P.key = "centricity-send:" + P.survey + ":" + P.rules.id;
    P.store = storage();
    P.saved = {};
    try { P.saved = JSON.parse((P.store && P.store.getItem(P.key)) || "{}") || {}; } catch (e) { P.saved = {}; }
    if (!P.saved.id) P.saved.id = randomId();
    return P;
  }

  function send() {
    var P = start();
    if (!P) return;
    P.button.addEventListener("click", function () { submit(P); });
    document.addEventListener("input", function () { if (!P.panel.hidden) preview(P); });
    document.addEventListener("change", function () { if (!P.panel.hidden) preview(P); });
    window.fetch(api(P, ""), { credentials: "omit" }).then(function (r) {
      if (r.ok) r.json().then(function (info) { open(P, info); }, function () { open(P, null); });
      else if (r.status !== 404) open(P, null);
    }, function () { open(P, null); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", send);
  else send();
})();
