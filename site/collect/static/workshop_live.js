/* The projector and the facilitator's page: the live state arrives as server-sent events (or, where they
   do not get through, by asking every second); counts change in place, and when the facilitator takes a
   step the page fetches itself again and swaps in the new stage. On both pages the keys take the steps:
   1-9 open a dimension, 0 every question, C close, R reveal, N next, A vote again (Shift+A the round), E end. */
(function () {
  "use strict";
  var POLL_MS = 1000, FAILURES_BEFORE_POLLING = 3;
  var KEYS = { c: "close", r: "reveal", n: "next", a: "again", e: "end" };

  function $(sel, root) { return (root || document).querySelector(sel); }
  function setText(sel, value) {
    var els = document.querySelectorAll(sel);
    for (var i = 0; i < els.length; i++) els[i].textContent = String(value);
  }

  /* The projector never scrolls: a stage that does not fit (a long question, many options, a long plan)
     is drawn smaller until it does. */
  function fit() {
    var box = $(".ws-projector [data-fit]"), size = 1;
    if (!box) return;
    box.style.fontSize = "";
    while (box.scrollHeight > box.clientHeight + 1 && size > 0.55) {
      size -= 0.05;
      box.style.fontSize = size + "em";
    }
  }

  /* w: { box, data, shown (the version drawn), wanted (the newest version heard of), fetching } */
  function redraw(w) {
    if (w.fetching) return;
    w.fetching = true;
    window.fetch(window.location.href, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-stage]");
      var old = $("[data-stage]");
      if (fresh && old) old.parentNode.replaceChild(document.importNode(fresh, true), old);
      if (fresh) w.shown = Number(fresh.getAttribute("data-version"));
      fit();
    }).catch(function () { /* the next event tries again */ }).then(function () {
      w.fetching = false;
      if (w.shown < w.wanted) redraw(w);
    });
  }

  function show(w, live) {
    setText("[data-live-done]", live.done);
    setText("[data-live-joined]", live.joined);
    setText("[data-live-answers]", live.answers);
    w.box.setAttribute("data-live-key", live.key);
    w.wanted = live.version;
    if (live.version !== w.shown) redraw(w);
  }

  function poll(w) {
    w.box.setAttribute("data-transport", "polling");
    window.fetch(w.data.live, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (live) { if (live) show(w, live); }).catch(function () {}).then(function () {
      window.setTimeout(function () { poll(w); }, POLL_MS);
    });
  }

  function listen(w) {
    if (!window.EventSource) { poll(w); return; }
    var source = new EventSource(w.data.events), failures = 0;
    w.box.setAttribute("data-transport", "events");
    source.onmessage = function (e) { failures = 0; show(w, JSON.parse(e.data)); };
    source.onerror = function () {  /* a refused stream is not retried by the browser: ask instead */
      failures += 1;
      if (failures >= FAILURES_BEFORE_POLLING || source.readyState === EventSource.CLOSED) { source.close(); poll(w); }
    };
  }

  function step(w, action, target) {
    var status = $("[data-step-status]");
    var body = new URLSearchParams({ csrf_token: w.data.csrf, "do": action, target: target || "" });
    window.fetch(w.data.step, {
      method: "POST", credentials: "same-origin", body: body, headers: { Accept: "application/json" }
    }).then(function (r) {
      return r.json().then(function (reply) {
        if (!r.ok) throw new Error(reply.message || String(r.status));
        if (status) status.textContent = w.data.strings["workshop.step.done"];
        show(w, reply);
      });
    }).catch(function (e) { if (status) status.textContent = e.message; });
  }

  function onKey(w, e) {
    var t = e.target;
    if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    var key = e.key.toLowerCase();
    if (/^[0-9]$/.test(key)) {
      var scopes = w.data.scopes.filter(function (s) { return s !== "*"; });
      var scope = key === "0" ? "*" : scopes[Number(key) - 1];
      if (scope) { e.preventDefault(); step(w, "open", scope); }
    } else if (KEYS[key]) {
      e.preventDefault();
      step(w, KEYS[key], key === "a" && e.shiftKey ? "round" : "");
    }
  }

  function start() {
    var box = $("[data-workshop]"), el = document.getElementById("workshop-data");
    if (!box || !el) return;
    var data = JSON.parse(el.textContent);
    var w = { box: box, data: data, shown: data.drawn.version, wanted: data.drawn.version, fetching: false };
    document.addEventListener("keydown", function (e) { onKey(w, e); });
    window.addEventListener("resize", fit);
    fit();
    listen(w);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
