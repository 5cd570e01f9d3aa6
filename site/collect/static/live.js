/* The admin's live team view: the site's team view (team.js), fed with the survey's stored responses from
   the server instead of files. It asks every few seconds whether anything changed (a version string) and
   reloads the codes only then, through the team view's own paste-and-add controls. */
(function () {
  "use strict";
  var BASE_MS = 5000, PER_THOUSAND_MS = 500; /* poll less often as the survey grows */

  function $(sel, root) { return (root || document).querySelector(sel); }

  function live() {
    var box = $("[data-live]");
    if (!box || !window.Centricity) return;
    var feed = box.getAttribute("data-live"), status = $("[data-live-status]", box);
    var version = "", count = 0;

    function load(codes) {
      $("[data-team-clear]").click();
      $("[data-team-codes]").value = codes.join("\n");
      $("[data-team-add]").click();
      count = codes.length;
    }
    function poll() {
      var url = feed + (version ? "?version=" + encodeURIComponent(version) : "");
      window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      }).then(function (reply) {
        if (reply.changed) load(reply.codes);
        version = reply.version;
        var time = new Date().toLocaleTimeString(document.documentElement.lang);
        status.textContent = window.Centricity.fill(box.getAttribute("data-live-ok"), { n: count, time: time });
        box.setAttribute("data-live-version", version);
      }, function () {
        status.textContent = box.getAttribute("data-live-failed");
      }).then(function () {
        window.setTimeout(poll, BASE_MS + PER_THOUSAND_MS * Math.floor(count / 1000));
      });
    }
    poll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", live);
  else live();
})();
