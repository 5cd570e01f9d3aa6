/* The result page: decode the link, score it with engine.js, show, share, compare.
   Text from links and files is only ever set with textContent: nothing from outside becomes HTML. */
(function () {
  "use strict";
  var C = window.Centricity;
  var P = window.CentricityPage;
  var $ = P.$, $all = P.$all, json = P.json, el = P.el, today = P.today;

  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var a = el("a", null, { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  /* A piece of a file name: accents dropped, anything but letters and digits made "-", at most `max` long. */
  function slug(text, max) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+/, "").slice(0, max).replace(/-+$/, "").toLowerCase();
  }

  /* The downloaded file says whose response it is (survey, team, label), in characters every file system
     takes, so fifty attachments can be told apart: centricity_acme-2026_sales_ana-garcia_2026-11-24.json
     (40: core/limits.py FILE_LABEL_MAX). */
  function fileName(rules, response) {
    var parts = ["centricity", response.survey || rules.id, response.team, slug(response.label, 40),
                 (response.created || today()).slice(0, 10)];
    return parts.filter(Boolean).join("_") + ".json";
  }

  /* On a survey link: what to send and to whom, and "Email my response" when the link names the consultant. */
  function sendBox(box, s, response, code) {
    var send = $("[data-send]", box), mail = $("[data-mailto]", box);
    var link = window.CentricitySurvey.readLink(window.location.search);
    send.hidden = !response.survey;
    mail.hidden = !response.survey || !link.contact;
    if (!response.survey) return;
    var teamName = link.teamName && link.team === response.team ? link.teamName : response.team;
    var who = { survey: response.survey, team: response.team ? C.fill(s["share.send.team"], { team: teamName }) : "",
                contact: link.contact, code: code };
    $("[data-send-text]", send).textContent = C.fill(s[link.contact ? "share.send.to" : "share.send.owner"], who);
    $("[data-send-private]", send).textContent = C.fill(s["share.send.private"], { min: link.min });
    if (!link.contact) return;
    var body = C.fill(s["share.mail.body"], who).replace(/\r?\n/g, "\r\n");
    mail.setAttribute("href", "mailto:" + link.contact + "?subject=" +
      encodeURIComponent(C.fill(s["share.mail.subject"], who)) + "&body=" + encodeURIComponent(body));
  }

  function copy(text, status, s) {
    var done = function () { status.textContent = s["share.copied"]; };
    var failed = function () { status.textContent = s["share.copy_failed"]; };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, failed);
    else failed();
  }

  /* ---------- the result: decode the link, score, show ---------- */
  function result() {
    var box = $("[data-result]");
    if (!box) return;
    var data = json("result-data");
    var rules = data.rules, tx = data.texts, s = data.strings, lang = data.lang;
    var n = function (v) { return C.number(v, lang); };
    var response = null;
    var code = window.location.hash.length > 1 ? window.location.hash.slice(1) : box.getAttribute("data-code");
    if (!code) return;
    try {
      response = C.decode(rules, code);
    } catch (e) {
      if (!(e instanceof C.AnswerError)) throw e;
      var err = $("[data-result-error]");
      err.textContent = C.fill(s["result.error"], { reason: e.message });
      err.hidden = false;
      box.hidden = true;
      $("[data-result-empty]").hidden = false;
      return;
    }
    $("[data-result-empty]").hidden = true;
    box.hidden = false;
    if (response.dropped.length) {
      var d = $("[data-dropped]");
      d.textContent = C.fill(s["result.dropped"], { questions: response.dropped.join(", ").toUpperCase() });
      d.hidden = false;
    }
    var earlier = null;

    function levelName(id) { return id ? tx.levels[id] : "–"; }
    function dimTitle(id) { return tx.dimensions[id].title; }
    function qText(id) { return tx.questions[id]; }

    function evidenceText(e) {
      if (e.kind === "dimension") return C.fill(s["evidence.dimension." + e.op], { dimension: dimTitle(e.subject[0]), value: n(e.value), limit: n(e.limit) });
      if (e.kind === "gap") return C.fill(s["evidence.gap"], { high: dimTitle(e.subject[0]), low: dimTitle(e.subject[1]), value: n(e.value), limit: n(e.limit) });
      if (e.kind === "answer") {
        var q = rules.questions.filter(function (x) { return x.id === e.subject[0]; })[0];
        return C.fill(s["evidence.answer"], { prompt: qText(q.id).prompt, option: qText(q.id).options[q.scores.indexOf(e.value)] });
      }
      if (e.kind === "pattern") return tx.patterns[e.subject[0]][Number(e.subject[1])];
      if (e.kind === "context") return C.fill(s["evidence.context"], { question: tx.context[e.subject[0]].prompt, option: tx.context[e.subject[0]].options[e.value] });
      if (e.kind === "signals") return C.fill(s["evidence.signals"], { value: e.value, questions: e.subject.join(", ").toUpperCase() });
      return C.fill(s["evidence.felt_gap"], { value: n(e.value), limit: n(e.limit) });
    }

    function render() {
      var r = C.score(rules, response.answers);
      var slot = function (name) { return $("[data-slot='" + name + "']", box); };
      slot("overall").textContent = n(r.overall);
      var ol = slot("overall-level");
      ol.textContent = levelName(r.overall_level);
      if (r.overall_level) ol.setAttribute("href", data.urls.levels[r.overall_level]);
      slot("strongest").textContent = r.strongest ? dimTitle(r.strongest) : "–";
      slot("weakest").textContent = r.weakest ? dimTitle(r.weakest) : "–";
      var unanswered = { dont_know: 0, not_applicable: 0 };
      r.dimensions.forEach(function (dm) { unanswered.dont_know += dm.dont_know; unanswered.not_applicable += dm.not_applicable; });
      slot("coverage").textContent = C.fill(s["result.coverage.value"], { answered: r.answered, total: r.total,
        dont_know: unanswered.dont_know, not_applicable: unanswered.not_applicable });
      var resp = $("[data-respondent]", box);
      var tags = [response.label, response.survey, response.team, response.wave, response.created].filter(Boolean);
      resp.textContent = tags.length ? C.fill(s["result.respondent"], { label: tags.join(" · ") }) : "";
      resp.hidden = !tags.length;

      var per = $("[data-perception]", box);
      $all("[data-perception-line]", per).forEach(function (p) { p.remove(); });
      if (r.perception_gap !== null) {
        var gap = r.perception_gap;
        var k = gap >= 2 ? "large" : gap <= -2 ? "below" : "close";
        per.appendChild(el("p", C.fill(s["perception.text"], { felt: r.felt, measured: n(r.measured10) }), { "data-perception-line": "" }));
        per.appendChild(el("p", C.fill(s["perception." + k], { gap: n(Math.abs(gap)) }), { "data-perception-line": "" }));
      }
      per.hidden = r.perception_gap === null;

      var change = earlier ? C.compare(r, earlier) : null;
      chart(r, change);
      r.dimensions.forEach(function (dm) {
        var row = $("[data-row='" + dm.id + "']", box);
        $("[data-cell=score]", row).textContent = n(dm.score);
        $("[data-cell=level]", row).textContent = levelName(dm.level);
        $("[data-cell=target]", row).textContent = levelName(dm.target);
        $("[data-cell=gap]", row).textContent = n(dm.target_gap);
        var cc = $("[data-cell=change]", row);
        cc.hidden = !change;
        cc.textContent = change ? signed(change[dm.id]) : "";
        var card = $("[data-dim='" + dm.id + "']", box);
        $("[data-dim-score]", card).textContent = dm.level ? C.fill(s["result.dim.score"], { score: n(dm.score), level: levelName(dm.level) }) : "–";
        var adv = $("[data-advice]", card);
        adv.textContent = "";
        ((dm.level && tx.dimensions[dm.id].advice[dm.level]) || []).forEach(function (a) { adv.appendChild(el("li", a)); });
        var sel = $("[data-target-select]", card);
        sel.disabled = !dm.level;
        if (dm.target) sel.value = dm.target;
      });
      $("[data-change-col]", box).hidden = !change;

      var plan = $("[data-plan]", box);
      plan.textContent = "";
      r.plan.forEach(function (st) {
        var qt = qText(st.question);
        var li = el("li");
        li.appendChild(el("p", C.fill(s["plan.step"], { prompt: qt.prompt, current: qt.options[st.current], to: qt.options[st.to] }), { "class": "step-text" }));
        if (qt.benefit) li.appendChild(el("p", C.fill(s["plan.customers"], { benefit: qt.benefit }), { "class": "step-benefit" }));
        var dm = r.dimensions.filter(function (x) { return x.id === st.dimension; })[0];
        var why = el("p", C.fill(s["plan.reason." + st.reason], { dimension: dimTitle(dm.id), gap: n(dm.target_gap), target: levelName(dm.target), score: n(dm.score) }) + " · ", { "class": "step-why" });
        why.appendChild(el("a", dimTitle(st.dimension), { href: data.urls.dimensions[st.dimension] }));
        li.appendChild(why);
        plan.appendChild(li);
      });

      var myths = $("[data-myths]", box);
      myths.textContent = "";
      r.myths.forEach(function (m) {
        var li = el("li"), h = el("h3");
        h.appendChild(el("a", tx.myths[m.id], { href: data.urls.myths[m.id] }));
        li.appendChild(h);
        var ul = el("ul", null, { "class": "evidence" });
        m.evidence.forEach(function (e) { ul.appendChild(el("li", evidenceText(e))); });
        li.appendChild(ul);
        myths.appendChild(li);
      });
      $("[data-myths-none]", box).hidden = r.myths.length > 0;
      var unjudged = $("[data-myths-unjudged]", box);
      unjudged.textContent = r.unjudged.length ?
        C.fill(s["myths.unjudged"], { myths: r.unjudged.map(function (id) { return tx.myths[id]; }).join(", ") }) : "";
      unjudged.hidden = !r.unjudged.length;

      var newCode = C.encode(response);
      var link = window.location.href.split("#")[0] + "#" + newCode;
      $("[data-share-link]", box).value = link;
      if (window.location.hash.slice(1) !== newCode) history.replaceState(null, "", "#" + newCode);
      var amend = $("[data-amend]", box);
      amend.setAttribute("href", amend.getAttribute("href").split(/[?#]/)[0] + window.location.search + "#" + newCode);
      sendBox(box, s, response, newCode);
      box.setAttribute("data-scored", "true");
      return r;
    }

    function signed(v) { return v === null ? "–" : (v > 0 ? "+" : "") + n(v); }

    function chart(r, change) {
      var svg = $("[data-chart]", box);
      var left = parseFloat(svg.getAttribute("data-left")), width = parseFloat(svg.getAttribute("data-width"));
      r.dimensions.forEach(function (dm) {
        var g = $("[data-chart-row='" + dm.id + "']", svg);
        $("[data-bar]", g).setAttribute("width", width * (dm.score || 0) / 100);
        $("[data-value]", g).textContent = n(dm.score);
        var t = $("[data-target]", g);
        if (dm.target) {
          var x = left + width * rules.levels.filter(function (l) { return l.id === dm.target; })[0].low / 100;
          t.setAttribute("x1", x); t.setAttribute("x2", x);
        }
        if (dm.target) t.removeAttribute("hidden"); else t.setAttribute("hidden", "");
        var e = $("[data-earlier]", g);
        var before = earlier ? earlier.dimensions.filter(function (x) { return x.id === dm.id; })[0] : null;
        if (before && before.score !== null) {
          e.setAttribute("width", width * before.score / 100);
          e.removeAttribute("hidden");
        } else e.setAttribute("hidden", "");
      });
    }

    $all("[data-target-select]", box).forEach(function (sel) {
      sel.addEventListener("change", function () {
        response.answers.targets[sel.getAttribute("data-target-select")] = sel.value;
        render();
      });
    });
    var label = $("[data-response-label]", box);
    label.value = response.label;
    label.addEventListener("input", function () { response.label = label.value.slice(0, 80); render(); });
    var status = $("[data-share-status]", box);
    $("[data-copy-link]", box).addEventListener("click", function () { copy($("[data-share-link]", box).value, status, s); });
    $("[data-copy-code]", box).addEventListener("click", function () { copy(C.encode(response), status, s); });
    $("[data-download]", box).addEventListener("click", function () {
      var body = JSON.stringify(C.toJson(rules, response), null, 2);
      download(fileName(rules, response), body, "application/json");
    });

    var form = $("[data-compare-form]", box), out = $("[data-compare-output]", box);
    function showCompare(other) {
      earlier = C.score(rules, other.answers);
      var r = render();
      var change = C.compare(r, earlier);
      out.textContent = "";
      var ul = el("ul");
      r.dimensions.forEach(function (dm) {
        if (change[dm.id] === null) return;
        var key = other.created ? "compare.change" : "compare.change.nodate";
        ul.appendChild(el("li", C.fill(s[key], { sign: change[dm.id] > 0 ? "+" : "", value: n(change[dm.id]), dimension: dimTitle(dm.id), date: monthYear(other.created) })));
      });
      out.appendChild(ul);
      if (other.dropped.length) out.appendChild(el("p", C.fill(s["compare.dropped"], { questions: other.dropped.join(", ").toUpperCase() })));
    }
    function monthYear(iso) {
      var d = new Date(iso.slice(0, 10) + "T12:00:00Z");
      return isNaN(d) ? iso : d.toLocaleDateString(lang, { month: "long", year: "numeric", timeZone: "UTC" });
    }
    function compareError(e) {
      if (!(e instanceof C.AnswerError)) throw e;
      out.textContent = "";
      out.appendChild(el("p", C.fill(s["compare.error"], { reason: e.message }), { "class": "error" }));
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var file = $("[data-compare-file]", form).files[0];
      if (file) {
        if (file.size > C.MAX_FILE_BYTES) { compareError(new C.AnswerError("the file is too large")); return; }
        file.text().then(function (text) {
          try { showCompare(C.parseFile(rules, text)); } catch (err) { compareError(err); }
        });
        return;
      }
      try { showCompare(C.decode(rules, $("[data-compare-input]", form).value)); } catch (err) { compareError(err); }
    });
    render();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", result);
  else result();
})();
