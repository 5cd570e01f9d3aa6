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

  function start() {
    var box = $("[data-workshop]"), el = document.getElementById("workshop-data");
    if (!box || !el) return;
    var data = JSON.parse(el.textContent), shown = data.drawn.version, fetching = false, wanted = shown;
    var status = $("[data-step-status]");

    function redraw() {
      if (fetching) return;
      fetching = true;
      window.fetch(window.location.href, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.text();
      }).then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-stage]");
        var old = $("[data-stage]");
        if (fresh && old) old.parentNode.replaceChild(document.importNode(fresh, true), old);
        shown = fresh ? Number(fresh.getAttribute("data-version")) : shown;
      }).catch(function () { /* the next event tries again */ }).then(function () {
        fetching = false;
        if (shown < wanted) redraw();
      });
    }

    function show(live) {
      setText("[data-live-done]", live.done);
      setText("[data-live-joined]", live.joined);
      setText("[data-live-answers]", live.answers);
      box.setAttribute("data-live-key", live.key);
      wanted = live.version;
      if (live.version !== shown) redraw();
    }

    function poll() {
      box.setAttribute("data-transport", "polling");
      window.fetch(data.live, { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (live) { if (live) show(live); }).catch(function () {}).then(function () {
        window.setTimeout(poll, POLL_MS);
      });
    }

    function listen() {
      if (!window.EventSource) { poll(); return; }
      var source = new EventSource(data.events), failures = 0;
      box.setAttribute("data-transport", "events");
      source.onmessage = function (e) { failures = 0; show(JSON.parse(e.data)); };
      source.onerror = function () {
        failures += 1;
        if (failures >= FAILURES_BEFORE_POLLING) { source.close(); poll(); }
      };
    }

    function step(action, target) {
      var body = new URLSearchParams({ csrf_token: data.csrf, "do": action, target: target || "" });
      window.fetch(data.step, {
        method: "POST", credentials: "same-origin", body: body, headers: { Accept: "application/json" }
      }).then(function (r) {
        return r.json().then(function (reply) {
          if (!r.ok) throw new Error(reply.message || String(r.status));
          if (status) status.textContent = data.strings["workshop.step.done"];
          show(reply);
        });
      }).catch(function (e) { if (status) status.textContent = e.message; });
    }

    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
      var key = e.key.toLowerCase();
      if (/^[0-9]$/.test(key)) {
        var scopes = data.scopes.filter(function (s) { return s !== "*"; });
        var scope = key === "0" ? "*" : scopes[Number(key) - 1];
        if (scope) { e.preventDefault(); step("open", scope); }
      } else if (KEYS[key]) {
        e.preventDefault();
        step(KEYS[key], key === "a" && e.shiftKey ? "round" : "");
      }
    });
    listen();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
