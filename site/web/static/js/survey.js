/* Centricity survey links: the browser twin of team/survey.py, and the survey page that makes them.
   Pure functions (parseTeams, readLink, linkQuery) are shared by the survey page, the team view (team names)
   and the result page (whom to send a response to); the survey page's form is wired at the end.
   Text from links is only ever set with textContent. */
(function (root) {
  "use strict";

  /* Limits come from core/limits.py through the page data (configure), never copies. */
  var TAG, CONTACT, MAX_CONTACT, MAX_TEAM_NAME, MIN_GROUP, MAX_MIN_GROUP;
  function configure(limits) {
    TAG = new RegExp(limits.tag_pattern);
    CONTACT = new RegExp(limits.contact_pattern);
    MAX_CONTACT = limits.contact_max;
    MAX_TEAM_NAME = limits.team_name_max;
    MIN_GROUP = limits.min_group;
    MAX_MIN_GROUP = limits.min_group_max;
  }

  function tidy(text) { return text.trim().split(/\s+/).filter(Boolean).join(" "); }

  /* "sales = Sales floor, service" (commas or new lines) -> {teams: [[id, name]]} or {error: the item}. */
  function parseTeams(text) {
    var seen = new Map(), items = String(text).split(/[,\n]/);
    for (var i = 0; i < items.length; i++) {
      var eq = items[i].indexOf("=");
      var id = (eq < 0 ? items[i] : items[i].slice(0, eq)).trim();
      var name = eq < 0 ? "" : tidy(items[i].slice(eq + 1));
      if (!id && !name) continue;
      if (!TAG.test(id) || name.length > MAX_TEAM_NAME) return { teams: [], error: items[i].trim() };
      if (!seen.has(id)) seen.set(id, name);
    }
    return { teams: Array.from(seen.entries()), error: null };
  }

  function minGroup(text) {
    var n = /^\d{1,4}$/.test(String(text)) ? parseInt(text, 10) : NaN;
    return n >= 1 && n <= MAX_MIN_GROUP ? n : null;
  }

  function contact(text) {
    return text && text.length <= MAX_CONTACT && CONTACT.test(text) ? text : "";
  }

  /* What a survey link says, checked: anything malformed is left out rather than shown. */
  function readLink(search) {
    var p = new URLSearchParams(search), tag = function (k) { var v = p.get(k) || ""; return TAG.test(v) ? v : ""; };
    var name = tidy(p.get("team_name") || "");
    return { survey: tag("survey"), team: tag("team"), wave: tag("wave"),
             teamName: name.length <= MAX_TEAM_NAME ? name : "", contact: contact(p.get("contact") || ""),
             min: minGroup(p.get("min") || "") || MIN_GROUP };
  }

  /* Python's urlencode (quote_plus) exactly, so both make the same links. */
  function quotePlus(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    }).replace(/%20/g, "+");
  }

  function linkQuery(pairs) {
    return pairs.filter(function (p) { return p[1]; })
      .map(function (p) { return p[0] + "=" + quotePlus(p[1]); }).join("&");
  }

  /* One assessment link per team, as survey.survey_links. */
  function surveyLinks(page, survey, teams, wave, email, min) {
    return (teams.length ? teams : [["", ""]]).map(function (t) {
      var pairs = [["survey", survey], ["team", t[0]], ["wave", wave], ["team_name", t[1]], ["contact", email]];
      if (min !== MIN_GROUP) pairs.push(["min", String(min)]);
      return [t[0], page + "?" + linkQuery(pairs)];
    });
  }

  /* The team view with this survey's minimum group size and team names filled in. */
  function teamViewLink(page, teams, min) {
    var named = teams.filter(function (t) { return t[1]; }).map(function (t) { return t[0] + "=" + t[1]; });
    return page + "?" + linkQuery([["min", String(min)], ["teams", named.join(",")]]);
  }

  /* A page's address for a link: over http(s) a folder's index.html need not be named (the frozen site names
     it so that it also opens from disk, where it stays). */
  function address(form, attr) {
    var url = new URL(form.getAttribute(attr), window.location.href);
    return /^https?:$/.test(url.protocol) ? url.href.replace(/index\.html$/, "") : url.href;
  }

  /* ---------- the survey page ---------- */
  function page() {
    var form = document.querySelector("[data-survey-form]");
    if (!form) return;
    var el = function (tag, text) { var e = document.createElement(tag); e.textContent = text; return e; };
    var teamsInput = form.elements.teams, invalid = form.getAttribute("data-teams-invalid");
    teamsInput.addEventListener("input", function () { teamsInput.setCustomValidity(""); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var parsed = parseTeams(teamsInput.value);
      teamsInput.setCustomValidity(parsed.error === null ? "" : invalid + " " + parsed.error);
      if (!form.reportValidity()) return;
      var base = address(form, "data-assessment-url");
      var min = minGroup(form.elements.min.value) || MIN_GROUP;
      var links = surveyLinks(base, form.elements.survey.value, parsed.teams, form.elements.wave.value,
                              form.elements.contact.value, min);
      var table = document.querySelector("[data-survey-links]"), body = table.querySelector("tbody");
      body.textContent = "";
      links.forEach(function (l) {
        var tr = document.createElement("tr"), td = document.createElement("td");
        tr.appendChild(el("td", l[0] || "–"));
        td.appendChild(el("code", l[1]));
        tr.appendChild(td);
        body.appendChild(tr);
      });
      table.hidden = false;
      var a = document.querySelector("[data-survey-team-view]");
      /* The link is followed from this page, so it keeps index.html: it must also open from disk. */
      var teamPage = new URL(form.getAttribute("data-team-url"), window.location.href).href;
      a.setAttribute("href", teamViewLink(teamPage, parsed.teams, min));
      a.parentNode.hidden = false;
    });
  }

  var api = { parseTeams: parseTeams, readLink: readLink, minGroup: minGroup, surveyLinks: surveyLinks,
              teamViewLink: teamViewLink, configure: configure };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else {
    root.CentricitySurvey = api;
    var data = document.getElementById("page-data") || document.getElementById("result-data");
    if (data) configure(JSON.parse(data.textContent).limits);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", page);
    else page();
  }
})(this);
