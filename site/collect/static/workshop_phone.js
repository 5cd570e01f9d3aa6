/* A participant's phone: join with a random token kept in this browser (no account, no cookie), pick a
   team if the survey has teams, answer the open round (each answer is sent as it is chosen; one that
   cannot be sent is kept here and sent again), and see the room's answers once they are revealed. It asks
   the server for the workshop's state every two seconds with ordinary requests. */
(function () {
  "use strict";
  var POLL_MS = 2000;

  function $(sel, root) { return (root || document).querySelector(sel); }
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

  function phone() {
    var el = document.getElementById("workshop-data");
    if (!el) return;
    var data = JSON.parse(el.textContent), s = data.strings, store = storage();
    var key = "centricity-workshop:" + data.code, saved = {};
    try { saved = JSON.parse((store && store.getItem(key)) || "{}") || {}; } catch (e) { saved = {}; }
    if (!saved.token) saved.token = randomId();
    if (!saved.pending) saved.pending = {};
    function keep() { if (store) store.setItem(key, JSON.stringify(saved)); }
    keep();

    var status = $("[data-phone-status]"), form = $("[data-phone-questions]"), teamForm = $("[data-phone-team]");
    var revealBox = $("[data-phone-reveal-box]"), progress = $("[data-phone-progress]");
    var now = { phase: "", round: -1, version: -1, questions: [] }, mine = {}, joined = false;

    function say(text) { status.textContent = text; }
    function post(url, body) {
      return window.fetch(url, {
        method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().then(function (reply) { return { ok: r.ok, status: r.status, reply: reply }; });
      });
    }

    function fieldsets() { return form.querySelectorAll("fieldset[data-question]"); }
    function showProgress() {
      var done = now.questions.filter(function (q) { return q in mine; }).length;
      progress.textContent = fill(s["workshop.phone.progress"], { done: done, total: now.questions.length });
    }
    function showQuestions() {
      var open = {};
      now.questions.forEach(function (q) { open[q] = true; });
      Array.prototype.forEach.call(fieldsets(), function (fs) {
        var q = fs.getAttribute("data-question");
        fs.hidden = !open[q];
        Array.prototype.forEach.call(fs.querySelectorAll("input"), function (input) {
          var value = input.value === "x" ? null : Number(input.value);
          input.checked = q in mine && mine[q] === value;
        });
        $("[data-saved]", fs).textContent = q in mine ? s["workshop.phone.saved"] : "";
      });
      form.hidden = false;
      showProgress();
    }

    function render(state) {
      var changed = state.round !== now.round || state.phase !== now.phase || state.version !== now.version;
      if (state.round !== now.round && now.round !== -1) mine = {};
      now = state;
      if (!changed) return;
      form.hidden = state.phase !== "voting";
      revealBox.hidden = state.phase !== "revealed";
      if (state.phase === "voting") { say(s["workshop.phone.answer"]); showQuestions(); }
      else if (state.phase === "closed") say(s["workshop.phone.closed"]);
      else if (state.phase === "ended") say(s["workshop.phone.ended"]);
      else if (state.phase === "revealed") { say(""); loadReveal(); }
      else say(s["workshop.phone.wait"]);
    }

    function loadReveal() {
      window.fetch(data.reveal, { credentials: "omit" }).then(function (r) {
        return r.ok ? r.text() : "";
      }).then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-phone-reveal]");
        revealBox.textContent = "";
        if (fresh) revealBox.appendChild(document.importNode(fresh, true));
      });
    }

    function join() {
      say(s["workshop.phone.joining"]);
      post(data.join, { token: saved.token, team: saved.team || "" }).then(function (res) {
        if (!res.ok) {
          if (res.status === 422 && teamForm) { saved.team = ""; keep(); teamForm.hidden = false; }
          say(res.reply.message || String(res.status));
          return;
        }
        joined = true;
        if (teamForm) teamForm.hidden = true;
        mine = res.reply.mine || {};
        now.round = res.reply.state.round;
        render(res.reply.state);
        flush();
      }, function () { say(s["workshop.phone.offline"]); window.setTimeout(join, POLL_MS); });
    }

    function send(q, choice, round) {
      var fs = $("fieldset[data-question='" + q + "']", form);
      saved.pending[q] = { choice: choice, round: round };
      keep();
      post(data.answer, { token: saved.token, round: round, question: q, choice: choice }).then(function (res) {
        if (res.ok || res.status === 409 || res.status === 422) {
          if (saved.pending[q] && saved.pending[q].round === round && saved.pending[q].choice === choice) delete saved.pending[q];
          keep();
        }
        if (res.ok) $("[data-saved]", fs).textContent = s["workshop.phone.saved"];
        else if (res.status === 403) join();
        else $("[data-saved]", fs).textContent = res.reply.message || String(res.status);
      }, function () {
        $("[data-saved]", fs).textContent = s["workshop.phone.unsaved"];
      });
    }
    function flush() {
      Object.keys(saved.pending).forEach(function (q) {
        var p = saved.pending[q];
        if (p.round === now.round && now.phase === "voting") send(q, p.choice, p.round);
        else { delete saved.pending[q]; keep(); }
      });
    }

    form.addEventListener("change", function (e) {
      var input = e.target, fs = input.closest("fieldset[data-question]");
      if (!fs || now.phase !== "voting") return;
      var q = fs.getAttribute("data-question"), choice = input.value === "x" ? null : Number(input.value);
      mine[q] = choice;
      showProgress();
      send(q, choice, now.round);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    if (teamForm) teamForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var chosen = $("input[name=team]:checked", teamForm);
      if (!chosen) return;
      saved.team = chosen.value;
      keep();
      join();
    });

    function poll() {
      window.fetch(data.state, { credentials: "omit" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (state) {
        if (state && joined) { render(state); flush(); }
      }, function () { if (joined) say(s["workshop.phone.offline"]); }).then(function () {
        window.setTimeout(poll, POLL_MS);
      });
    }

    if (teamForm && !saved.team) { teamForm.hidden = false; say(""); }
    else join();
    poll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", phone);
  else phone();
})();
