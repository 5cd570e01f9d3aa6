/* A participant's phone: join with a random token kept in this browser (no account, no cookie), pick a
   team if the survey has teams, answer the open round (each answer is sent as it is chosen; one that
   cannot be sent is kept here and sent again), and see the room's answers once they are revealed. It asks
   the server for the workshop's state every two seconds with ordinary requests. */
(function () {
  "use strict";
  var POLL_MS = 2000;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function storage() {
    try { var s = window.localStorage; s.getItem("x"); return s; } catch (e) { return null; }
  }
  function randomId() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_");
  }
  function fill(text, params) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in params ? String(params[k]) : m; });
  }
  function post(url, body) {
    return window.fetch(url, {
      method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (reply) { return { ok: r.ok, status: r.status, reply: reply }; });
    });
  }
  function choiceOf(input) { return input.value === "x" ? null : Number(input.value); }

  /* p: the phone's state: data, strings (s), saved (token, team, pending answers), now (the workshop's
     state), mine (this round's answers), joined, and the page's parts. */
  function say(p, text) { p.status.textContent = text; }
  function keep(p) { if (p.store) p.store.setItem(p.key, JSON.stringify(p.saved)); }

  function showProgress(p) {
    var done = p.now.questions.filter(function (q) { return q in p.mine; }).length;
    p.progress.textContent = fill(p.s["workshop.phone.progress"], { done: done, total: p.now.questions.length });
  }

  function showQuestions(p) {
    var open = {};
    p.now.questions.forEach(function (q) { open[q] = true; });
    each(p.form.querySelectorAll("fieldset[data-question]"), function (fs) {
      var q = fs.getAttribute("data-question");
      fs.hidden = !open[q];
      each(fs.querySelectorAll("input"), function (input) { input.checked = q in p.mine && p.mine[q] === choiceOf(input); });
      $("[data-saved]", fs).textContent = q in p.mine ? p.s["workshop.phone.saved"] : "";
    });
    showProgress(p);
  }

  function loadReveal(p) {
    window.fetch(p.data.reveal, { credentials: "omit" }).then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-phone-reveal]");
      p.revealBox.textContent = "";
      if (fresh) p.revealBox.appendChild(document.importNode(fresh, true));
    });
  }

  function render(p, state) {
    var now = p.now, changed = state.round !== now.round || state.phase !== now.phase || state.version !== now.version;
    if (state.round !== now.round && now.round !== -1) p.mine = {};
    p.now = state;
    if (!changed) return;
    p.form.hidden = state.phase !== "voting";
    p.revealBox.hidden = state.phase !== "revealed";
    var s = p.s, texts = { closed: "workshop.phone.closed", ended: "workshop.phone.ended", lobby: "workshop.phone.wait" };
    if (state.phase === "voting") { say(p, s["workshop.phone.answer"]); showQuestions(p); }
    else if (state.phase === "revealed") { say(p, ""); loadReveal(p); }
    else say(p, s[texts[state.phase] || "workshop.phone.wait"]);
  }

  function join(p) {
    say(p, p.s["workshop.phone.joining"]);
    post(p.data.join, { token: p.saved.token, team: p.saved.team || "" }).then(function (res) {
      if (!res.ok) {
        if (res.status === 422 && p.teamForm) { p.saved.team = ""; keep(p); p.teamForm.hidden = false; }
        say(p, res.reply.message || String(res.status));
        return;
      }
      p.joined = true;
      if (p.teamForm) p.teamForm.hidden = true;
      p.mine = res.reply.mine || {};
      p.now.round = res.reply.state.round;
      render(p, res.reply.state);
      flush(p);
    }, function () { say(p, p.s["workshop.phone.offline"]); window.setTimeout(function () { join(p); }, POLL_MS); });
  }

  /* One request per question at a time, so answers changed quickly arrive in order: a change made while
     one is in flight is sent when it returns. */
  function send(p, q, choice, round) {
    var saved = $("fieldset[data-question='" + q + "'] [data-saved]", p.form);
    p.saved.pending[q] = { choice: choice, round: round };
    keep(p);
    if (p.sending[q]) return;
    p.sending[q] = true;
    post(p.data.answer, { token: p.saved.token, round: round, question: q, choice: choice }).then(function (res) {
      var kept = p.saved.pending[q];
      p.sending[q] = false;
      if (kept && (kept.round !== round || kept.choice !== choice)) { send(p, q, kept.choice, kept.round); return; }
      if (res.status !== 403 && res.status < 500 && kept) { delete p.saved.pending[q]; keep(p); }
      if (res.ok) saved.textContent = p.s["workshop.phone.saved"];
      else if (res.status === 403) join(p);
      else saved.textContent = res.reply.message || String(res.status);
    }, function () { p.sending[q] = false; saved.textContent = p.s["workshop.phone.unsaved"]; });
  }

  function flush(p) {
    Object.keys(p.saved.pending).forEach(function (q) {
      var kept = p.saved.pending[q];
      if (kept.round === p.now.round && p.now.phase === "voting") send(p, q, kept.choice, kept.round);
      else { delete p.saved.pending[q]; keep(p); }
    });
  }

  function poll(p) {
    window.fetch(p.data.state, { credentials: "omit" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (state) {
      if (state && p.joined) { render(p, state); flush(p); }
    }, function () { if (p.joined) say(p, p.s["workshop.phone.offline"]); }).then(function () {
      window.setTimeout(function () { poll(p); }, POLL_MS);
    });
  }

  function listen(p) {
    p.form.addEventListener("change", function (e) {
      var fs = e.target.closest("fieldset[data-question]");
      if (!fs || p.now.phase !== "voting") return;
      var q = fs.getAttribute("data-question"), choice = choiceOf(e.target);
      p.mine[q] = choice;
      $("[data-saved]", fs).textContent = "";
      showProgress(p);
      send(p, q, choice, p.now.round);
    });
    if (p.teamForm) p.teamForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var chosen = $("input[name=team]:checked", p.teamForm);
      if (!chosen) return;
      p.saved.team = chosen.value;
      keep(p);
      join(p);
    });
  }

  function phone() {
    var el = document.getElementById("workshop-data");
    if (!el) return;
    var data = JSON.parse(el.textContent), store = storage(), key = "centricity-workshop:" + data.code, saved;
    try { saved = JSON.parse((store && store.getItem(key)) || "{}") || {}; } catch (e) { saved = {}; }
    if (!saved.token) saved.token = randomId();
    if (!saved.pending) saved.pending = {};
    var p = {
      data: data, s: data.strings, store: store, key: key, saved: saved, mine: {}, joined: false, sending: {},
      now: { phase: "", round: -1, version: -1, questions: [] },
      status: $("[data-phone-status]"), form: $("[data-phone-questions]"), teamForm: $("[data-phone-team]"),
      revealBox: $("[data-phone-reveal-box]"), progress: $("[data-phone-progress]")
    };
    keep(p);
    listen(p);
    if (p.teamForm && !saved.team) p.teamForm.hidden = false;
    else join(p);
    poll(p);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", phone);
  else phone();
})();
