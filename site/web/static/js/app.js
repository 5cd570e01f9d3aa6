/* Centricity pages: language choice, saving and restoring answers, printing (survey links: survey.js).
   The result page adds result.js. Text from links and files is only ever set with textContent. */
(function () {
  "use strict";
  var C = window.Centricity;
  var STORE = "centricity:";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function json(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function storage() {
    try { var s = window.localStorage; s.getItem("x"); return s; } catch (e) { return null; }
  }
  function today() { return new Date().toISOString().slice(0, 10); }

  /* ---------- root: pick a language from the browser's preference ---------- */
  function root() {
    var list = $("[data-languages]");
    if (!list) return;
    var langs = list.getAttribute("data-languages").split(" ");
    var prefs = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < prefs.length; i++) {
      var code = String(prefs[i]).slice(0, 2).toLowerCase();
      if (langs.indexOf(code) >= 0) {
        var link = $("[data-lang-link='" + code + "']");
        if (link) { window.location.replace(link.getAttribute("href")); }
        return;
      }
    }
  }

  /* ---------- the assessment: autosave, restore, progress, submit ---------- */
  function assessment() {
    var form = $("#assessment");
    if (!form) return;
    var data = json("page-data") || { strings: {} };
    var s = data.strings;
    var qid = form.getAttribute("data-qid");
    var version = parseInt(form.getAttribute("data-version"), 10);
    var store = storage();
    var key = STORE + qid + ":" + version;
    var questions = $all("[data-question]", form).map(function (f) { return f.getAttribute("data-question"); });
    var params = new URLSearchParams(window.location.search);
    var survey = { survey: params.get("survey") || "", team: params.get("team") || "", wave: params.get("wave") || "" };
    var tag = /^[A-Za-z0-9_-]{1,64}$/;
    Object.keys(survey).forEach(function (k) { if (survey[k] && !tag.test(survey[k])) survey[k] = ""; });

    function radios(name) { return $all("input[type=radio][name='" + name + "']", form); }
    function value(name) {
      var checked = radios(name).filter(function (r) { return r.checked; })[0];
      return checked ? checked.value : null;
    }
    function setValue(name, v) {
      radios(name).forEach(function (r) { r.checked = r.value === String(v); });
    }
    function collect() {
      var state = { version: version, choices: {}, context: {}, felt: null, saved: new Date().toISOString() };
      questions.forEach(function (q) { var v = value(q); if (v !== null) state.choices[q] = v === "x" ? null : parseInt(v, 10); });
      $all("fieldset.context input:checked", form).forEach(function (r) { state.context[r.name.slice(4)] = r.value; });
      var felt = value("felt");
      state.felt = felt === null ? null : parseInt(felt, 10);
      ["survey", "team", "wave"].forEach(function (k) { if (survey[k]) state[k] = survey[k]; });
      return state;
    }
    function apply(state) {
      Object.keys(state.choices || {}).forEach(function (q) {
        if (questions.indexOf(q) >= 0) setValue(q, state.choices[q] === null ? "x" : state.choices[q]);
      });
      Object.keys(state.context || {}).forEach(function (c) { setValue("ctx_" + c, state.context[c]); });
      if (state.felt !== null && state.felt !== undefined) setValue("felt", state.felt);
    }
    function notice(text) {
      var n = $("[data-restore-notice]");
      n.textContent = text;
      n.hidden = !text;
    }

    function restore() {
      if (window.location.hash.length > 1) {
        try {
          var fields = C.parseCode(window.location.hash);
          if (fields.questionnaire === qid) {
            ["survey", "team", "wave"].forEach(function (k) {
              if (fields[k] && tag.test(fields[k]) && !survey[k]) survey[k] = fields[k];
            });
            apply(fields);
            save();
            return;
          }
        } catch (e) {
          if (!(e instanceof C.AnswerError)) throw e;  /* a garbled fragment: fall back to what is stored */
        }
      }
      if (!store) return;
      var raw = store.getItem(key), dropped = [];
      if (!raw) {
        var older = [];
        for (var i = 0; i < store.length; i++) {
          var k = store.key(i);
          if (k && k.indexOf(STORE + qid + ":") === 0 && k !== key) older.push(k);
        }
        older.sort();
        if (!older.length) return;
        raw = store.getItem(older[older.length - 1]);
        try {
          var old = JSON.parse(raw);
          Object.keys(old.choices || {}).forEach(function (q) { if (questions.indexOf(q) < 0) dropped.push(q); });
        } catch (e) { return; }
      }
      var saved;
      try { saved = JSON.parse(raw); } catch (e) { return; }
      if (!saved || typeof saved !== "object") return;
      ["survey", "team", "wave"].forEach(function (k) { if (!survey[k] && saved[k] && tag.test(saved[k])) survey[k] = saved[k]; });
      apply(saved);
      if (Object.keys(saved.choices || {}).length || saved.felt !== null) {
        notice(dropped.length ? C.fill(s["assessment.restored.dropped"], { questions: dropped.join(", ").toUpperCase() })
          : s["assessment.restored"]);
      }
      save();
    }
    function save() {
      if (store) {
        try { store.setItem(key, JSON.stringify(collect())); } catch (e) { /* storage full or blocked */ }
      }
      progress();
    }
    function progress() {
      var done = questions.filter(function (q) { return value(q) !== null; }).length;
      $("[data-progress]").value = done;
      $("[data-progress-text]").textContent = C.fill(s["assessment.progress"], { done: done, total: questions.length });
      $("[data-start-over]").hidden = done === 0 && value("felt") === null;
    }
    function showError(q, on) {
      var fs = $("#q-" + q);
      var err = $("[data-error]", fs);
      err.hidden = !on;
      fs.classList.toggle("has-error", on);
      var ids = (fs.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== err.id; });
      if (on) ids.push(err.id);
      if (ids.length) fs.setAttribute("aria-describedby", ids.join(" "));
      else fs.removeAttribute("aria-describedby");
    }

    form.addEventListener("change", function (e) {
      if (e.target.name && questions.indexOf(e.target.name) >= 0) showError(e.target.name, false);
      save();
    });
    $("[data-start-over]").addEventListener("click", function () {
      if (!window.confirm(s["assessment.start_over.confirm"])) return;
      if (store) store.removeItem(key);
      form.reset();
      $all("input[type=radio]", form).forEach(function (r) { r.checked = false; });
      questions.forEach(function (q) { showError(q, false); });
      $("[data-error-summary]").hidden = true;
      notice("");
      history.replaceState(null, "", window.location.pathname + window.location.search);
      progress();
      form.querySelector("input").focus();
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var missing = questions.filter(function (q) { return value(q) === null; });
      questions.forEach(function (q) { showError(q, missing.indexOf(q) >= 0); });
      var summary = $("[data-error-summary]"), list = $("[data-error-list]");
      list.textContent = "";
      if (missing.length) {
        missing.forEach(function (q) {
          var li = el("li");
          li.appendChild(el("a", $("#q-" + q + " legend").textContent.trim(), { href: "#q-" + q }));
          list.appendChild(li);
        });
        summary.hidden = false;
        summary.focus();
        return;
      }
      summary.hidden = true;
      var state = collect();
      var code = C.encode({
        questionnaire: qid, version: version, label: "", survey: survey.survey, team: survey.team, wave: survey.wave,
        created: today(), answers: { choices: state.choices, context: state.context, felt: state.felt, targets: {} }
      });
      window.location.href = form.getAttribute("data-result-url") + window.location.search + "#" + code;
    });

    restore();
    if (survey.survey) {
      var b = $("[data-survey-banner]");
      b.textContent = C.fill(s["assessment.survey"], {
        survey: survey.survey,
        team: survey.team ? C.fill(s["assessment.survey.team"], { team: (params.get("team_name") || survey.team).slice(0, 60) }) : "",
        wave: survey.wave ? C.fill(s["assessment.survey.wave"], { wave: survey.wave }) : ""
      }) + " " + C.fill(s["assessment.survey.private"], { min: minGroup(params.get("min")) });
      b.hidden = false;
      save();
    }
    progress();
  }

  /* The minimum group size a survey link promises (survey.js checks it the same way); 5 when none. */
  function minGroup(text) {
    return /^\d{1,4}$/.test(text || "") && +text >= 1 && +text <= 1000 ? +text : 5;
  }

  function printing() {
    $all("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
  }

  function start() {
    root();
    printing();
    assessment();
  }
  window.CentricityPage = { $: $, $all: $all, json: json, el: el, today: today };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
