/* Centricity pages: language choice, saving and restoring answers, printing (survey links: survey.js).
   The result page adds result.js. Text from links and files is only ever set with textContent. */
(function () {
  "use strict";
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

  /* ---------- the assessment: answers kept in this browser, one step at a time ---------- */
  /* This page loads shortlink.js but not engine.js (it never scores), so it fills templates itself. */
  function fill(template, params) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return has(params, k) ? String(params[k]) : m; });
  }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function Unreadable(key) { this.key = key; }

  /* What every part of the assessment shares: the form, its strings, the storage key, survey tags, steps. */
  function assessmentPage(form) {
    var data = json("page-data") || { strings: {} };
    var params = new URLSearchParams(window.location.search);
    var A = {
      form: form, s: data.strings, book: data.codebook, params: params, store: storage(),
      qid: form.getAttribute("data-qid"), version: parseInt(form.getAttribute("data-version"), 10),
      questions: $all("[data-question]", form).map(function (f) { return f.getAttribute("data-question"); }),
      survey: { survey: params.get("survey") || "", team: params.get("team") || "", wave: params.get("wave") || "" },
      steps: $all("[data-step]", form), current: 0, tag: new RegExp(data.limits.tag_pattern)
    };
    A.key = STORE + A.qid + ":" + A.version;
    Object.keys(A.survey).forEach(function (k) { if (A.survey[k] && !A.tag.test(A.survey[k])) A.survey[k] = ""; });
    return A;
  }

  function radios(A, name) { return $all("input[type=radio][name='" + name + "']", A.form); }
  function value(A, name) {
    var checked = radios(A, name).filter(function (r) { return r.checked; })[0];
    return checked ? checked.value : null;
  }
  function setValue(A, name, v) { radios(A, name).forEach(function (r) { r.checked = r.value === String(v); }); }
  function unanswered(A) { return A.questions.filter(function (q) { return value(A, q) === null; }); }

  function collect(A) {
    var state = { version: A.version, choices: {}, context: {}, felt: null, saved: new Date().toISOString() };
    A.questions.forEach(function (q) {
      var v = value(A, q);
      if (v !== null) state.choices[q] = v === "x" ? null : parseInt(v, 10);
    });
    $all("fieldset.context input:checked", A.form).forEach(function (r) { state.context[r.name.slice(4)] = r.value; });
    var felt = value(A, "felt");
    state.felt = felt === null ? null : parseInt(felt, 10);
    ["survey", "team", "wave"].forEach(function (k) { if (A.survey[k]) state[k] = A.survey[k]; });
    return state;
  }
  function apply(A, state) {
    Object.keys(state.choices || {}).forEach(function (q) {
      if (A.questions.indexOf(q) >= 0) setValue(A, q, state.choices[q] === null ? "x" : state.choices[q]);
    });
    Object.keys(state.context || {}).forEach(function (c) { setValue(A, "ctx_" + c, state.context[c]); });
    if (state.felt !== null && state.felt !== undefined) setValue(A, "felt", state.felt);
  }
  function adoptTags(A, found) {
    ["survey", "team", "wave"].forEach(function (k) { if (!A.survey[k] && found[k] && A.tag.test(found[k])) A.survey[k] = found[k]; });
  }
  function notice(text) {
    var n = $("[data-restore-notice]");
    n.textContent = text;
    n.hidden = !text;
  }
  function save(A) {
    if (A.store) {
      try { A.store.setItem(A.key, JSON.stringify(collect(A))); } catch (e) { /* storage full or blocked */ }
    }
    progress(A);
  }

  /* "Change my answers" and the quick check's "go deeper" carry answers after the #: they replace what this
     browser kept. The fragment is then dropped, so the step fragments can take its place. */
  function restoreFromLink(A) {
    var code = window.location.hash.slice(1);
    if (!A.book || !window.CentricityShort.isShort(code)) return false;
    var fields;
    try { fields = window.CentricityShort.parse(A.book, code, Unreadable, A.book.version_max); } catch (e) {
      if (e instanceof Unreadable) return false;
      throw e;
    }
    if (fields.questionnaire !== A.qid) return false;
    adoptTags(A, fields);
    apply(A, fields);
    history.replaceState(null, "", window.location.pathname + window.location.search);
    save(A);
    notice(fill(A.s["assessment.carried"], { done: A.questions.length - unanswered(A).length, total: A.questions.length }));
    return true;
  }

  /* Saved answers of this version, or else of the latest older version (naming questions that are gone). */
  function savedState(A) {
    var raw = A.store.getItem(A.key), dropped = [];
    if (!raw) {
      var older = [];
      for (var i = 0; i < A.store.length; i++) {
        var k = A.store.key(i);
        if (k && k.indexOf(STORE + A.qid + ":") === 0 && k !== A.key) older.push(k);
      }
      if (!older.length) return null;
      raw = A.store.getItem(older.sort()[older.length - 1]);
    }
    var saved;
    try { saved = JSON.parse(raw); } catch (e) { return null; }
    if (!saved || typeof saved !== "object") return null;
    Object.keys(saved.choices || {}).forEach(function (q) { if (A.questions.indexOf(q) < 0) dropped.push(q); });
    return { state: saved, dropped: dropped };
  }
  function restoreFromStorage(A) {
    var found = A.store ? savedState(A) : null;
    if (!found) return;
    adoptTags(A, found.state);
    apply(A, found.state);
    if (Object.keys(found.state.choices || {}).length || found.state.felt !== null) {
      notice(found.dropped.length ? fill(A.s["assessment.restored.dropped"], { count: found.dropped.length })
        : A.s["assessment.restored"]);
    }
    save(A);
  }

  function progress(A) {
    var done = A.questions.length - unanswered(A).length;
    $("[data-progress]", A.form).value = done;
    $("[data-progress-text]", A.form).textContent = fill(A.s["assessment.progress.step"], {
      n: A.current + 1, total: A.steps.length, done: done, questions: A.questions.length
    });
    $("[data-start-over]", A.form).hidden = A.current !== A.steps.length - 1 || (done === 0 && value(A, "felt") === null);
  }

  /* The last step: what is still unanswered, each linked to its question; a result can be seen regardless. */
  function review(A) {
    var missing = unanswered(A), list = $("[data-review-list]", A.form), done = A.questions.length - missing.length;
    $("[data-review-count]", A.form).textContent = fill(A.s[missing.length ? "assessment.review.count" : "assessment.review.all"],
      { done: done, total: A.questions.length });
    list.textContent = "";
    missing.forEach(function (q) {
      var li = el("li");
      li.appendChild(el("a", $("#q-" + q + " legend").textContent.trim(), { href: "#q-" + q }));
      list.appendChild(li);
    });
    $("[data-review-missing]", A.form).hidden = !missing.length;
  }

  /* The step a fragment names: a step's own id, or anything inside one (an unanswered question's link); the
     first step for no fragment; null for a fragment outside the steps (the skip link's #main). */
  function stepOf(A, hash) {
    if (hash.length <= 1) return { index: 0, target: null };
    var target;
    try { target = document.getElementById(decodeURIComponent(hash.slice(1))); } catch (e) { target = null; }
    for (var i = 0; i < A.steps.length; i++) if (target && A.steps[i].contains(target)) return { index: i, target: target };
    return null;
  }

  function showStep(A, at, moveFocus) {
    var last = at.index === A.steps.length - 1;
    A.current = at.index;
    A.steps.forEach(function (step, i) { step.hidden = i !== at.index; });
    if (last) review(A);
    $("[data-step-back]", A.form).hidden = at.index === 0;
    $("[data-step-next]", A.form).hidden = last;
    $("[data-submit]", A.form).hidden = !last;
    $("[data-survey-send-note]", A.form).hidden = !(last && A.survey.survey);
    progress(A);
    if (!moveFocus) return;
    var question = at.target && at.target.matches("fieldset") ? at.target : null;
    var focus = question ? (question.querySelector("input:checked") || question.querySelector("input")) : $("h2", A.steps[at.index]);
    focus.focus({ preventScroll: true });
    (question || A.steps[at.index]).scrollIntoView({ block: question ? "center" : "start" });
  }
  function goTo(A, index) { window.location.hash = A.steps[index].id; }

  /* Steps live in the fragment, so the browser's Back button and a reload keep their place. */
  function stepper(A) {
    A.steps.forEach(function (step, i) {
      $("[data-step-count]", step).textContent = fill(A.s["assessment.step"], { n: i + 1, total: A.steps.length });
    });
    $("[data-step-next]", A.form).addEventListener("click", function () { goTo(A, A.current + 1); });
    $("[data-step-back]", A.form).addEventListener("click", function () { goTo(A, A.current - 1); });
    window.addEventListener("hashchange", function () {
      var at = stepOf(A, window.location.hash);
      if (at) showStep(A, at, true);
    });
    showStep(A, stepOf(A, window.location.hash) || { index: 0, target: null }, false);
  }

  function startOver(A) {
    if (!window.confirm(A.s["assessment.start_over.confirm"])) return;
    if (A.store) A.store.removeItem(A.key);
    A.form.reset();
    $all("input[type=radio]", A.form).forEach(function (r) { r.checked = false; });
    notice("");
    if (window.location.hash) goTo(A, 0);
    else showStep(A, { index: 0, target: null }, true);
  }

  /* Any submit (Enter in a field included) moves on a step; on the last it opens the result link. */
  function submit(A, e) {
    e.preventDefault();
    if (A.current < A.steps.length - 1) { goTo(A, A.current + 1); return; }
    var state = collect(A);
    var code = window.CentricityShort.encode(A.book, {
      questionnaire: A.qid, label: "", survey: A.survey.survey, team: A.survey.team, wave: A.survey.wave,
      created: today(), answers: { choices: state.choices, context: state.context, felt: state.felt, targets: {} }
    });
    window.location.href = A.form.getAttribute("data-result-url") + window.location.search + "#" + code;
  }

  function surveyBanner(A) {
    var b = $("[data-survey-banner]"), s = A.s;
    b.textContent = fill(s["assessment.survey"], {
      survey: A.survey.survey,
      team: A.survey.team ? fill(s["assessment.survey.team"], { team: (A.params.get("team_name") || A.survey.team).slice(0, 60) }) : "",
      wave: A.survey.wave ? fill(s["assessment.survey.wave"], { wave: A.survey.wave }) : ""
    }) + " " + fill(s["assessment.survey.private"], { min: minGroup(A.params.get("min")) });
    b.hidden = false;
  }

  function assessment() {
    var form = $("#assessment");
    if (!form) return;
    var A = assessmentPage(form);
    form.addEventListener("change", function () { save(A); });
    form.addEventListener("submit", function (e) { submit(A, e); });
    $("[data-start-over]", form).addEventListener("click", function () { startOver(A); });
    if (!restoreFromLink(A)) restoreFromStorage(A);
    if (A.survey.survey) {
      surveyBanner(A);
      save(A);
    }
    stepper(A);
  }

  /* The minimum group size a survey link promises (survey.js checks it the same way); 5 when none. */
  function minGroup(text) {
    return /^\d{1,4}$/.test(text || "") && +text >= 1 && +text <= 1000 ? +text : 5;
  }

  function printing() {
    $all("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
  }

  /* An unzipped offline copy has no download/ folder: the link to the zip is for the published site only. */
  function offlineCopy() {
    if (window.location.protocol === "file:") $all("[data-offline-zip]").forEach(function (e) { e.hidden = true; });
  }

  function start() {
    root();
    offlineCopy();
    printing();
    assessment();
  }
  window.CentricityPage = { $: $, $all: $all, json: json, el: el, today: today };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
