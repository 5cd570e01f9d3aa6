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

  /* The top of a survey link's result: not sent yet, and a button to the Send panel (the collecting server's
     when it shows one, else the box that says where to send the file), its first control focused. */
  function sendBanner(box, send) {
    var banner = $("[data-send-banner]", box), go = $("[data-send-banner-go]", box);
    if (go.getAttribute("data-ready")) return;
    go.setAttribute("data-ready", "1");
    go.addEventListener("click", function () {
      var panel = $("[data-collect-panel]");
      var target = panel && !panel.hidden ? panel : send;
      var control = $("[data-collect-button]", target) || $("[data-mailto]:not([hidden])", box) || $("[data-download]", box);
      target.scrollIntoView({ block: "start" });
      if (control) control.focus({ preventScroll: true });
    });
    banner.hidden = false;
  }

  /* A team as the link names it (its team_name), so the page never shows "sales" beside "Sales floor". */
  function teamName(response) {
    var link = window.CentricitySurvey.readLink(window.location.search);
    return link.teamName && link.team === response.team ? link.teamName : response.team;
  }

  /* On a survey link: what to send and to whom, and "Email my response" when the link names the consultant. */
  function sendBox(box, s, response, code) {
    var send = $("[data-send]", box), mail = $("[data-mailto]", box);
    var link = window.CentricitySurvey.readLink(window.location.search);
    send.hidden = !response.survey;
    if (response.survey) sendBanner(box, send);
    mail.hidden = !response.survey || !link.contact;
    if (!response.survey) return;
    var who = { survey: response.survey, team: response.team ? C.fill(s["share.send.team"], { team: teamName(response) }) : "",
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

  /* What every step of the result page shares: its data, the response read from the link, an earlier result. */
  function readResult(box) {
    var data = json("result-data");
    var rules = data.rules, tx = data.texts, s = data.strings, lang = data.lang;
    C.configure(data.limits, s);
    var code = window.location.hash.length > 1 ? window.location.hash.slice(1) : box.getAttribute("data-code");
    if (!code) return null;
    var R = { box: box, data: data, rules: rules, tx: tx, s: s, lang: lang, earlier: null };
    R.n = function (v) { return C.number(v, lang); };
    R.levelName = function (id) { return id ? tx.levels[id] : "–"; };
    R.dimTitle = function (id) { return tx.dimensions[id].title; };
    R.qText = function (id) { return tx.questions[id]; };
    try {
      R.response = C.decode(rules, code);
    } catch (e) {
      if (!(e instanceof C.AnswerError)) throw e;
      var err = $("[data-result-error]");
      err.textContent = C.fill(s["result.error"], { reason: e.message });
      err.hidden = false;
      box.hidden = true;
      $("[data-result-empty]").hidden = false;
      return null;
    }
    $("[data-result-empty]").hidden = true;
    box.hidden = false;
    if (R.response.dropped.length) {
      var d = $("[data-dropped]");
      d.textContent = C.fill(s["result.dropped"], { count: R.response.dropped.length });
      d.hidden = false;
    }
    return R;
  }

  /* A pattern's own label, else the words of the condition kind the evidence comes from (myths.js). */
  function evidenceText(R, e) {
    if (e.kind === "belief") return C.fill(R.s["evidence.belief." + e.op], { statement: R.qText(e.subject[0]).prompt });
    if (e.kind === "pattern") return R.tx.patterns[e.subject[0]][Number(e.subject[1])];
    return window.CentricityMyths.conditionWords(e, R);
  }

  /* Why no strongest and weakest (Presenter.even): all scored dimensions score the same, or only one is scored. */
  function even(R, r) {
    var scored = r.dimensions.filter(function (d) { return d.score !== null; });
    return scored.length === 1 ? C.fill(R.s["glance.single"], { dimension: R.dimTitle(scored[0].id) }) : R.s["glance.even"];
  }

  /* What the myths section says when none is shown (Presenter.no_myth): never beside a contradicting line. */
  function noMyth(R, r) {
    if (r.myths.length || r.careless.length || r.unjudged.length >= R.rules.myths.length) return "";
    return r.unjudged.length ? R.s["myths.none.judged"] : R.s["myths.none"];
  }

  /* The result in one short paragraph: the twin of present.py's Presenter.glance, word for word. */
  function glance(R, r) {
    var s = R.s, tx = R.tx;
    if (r.overall === null) return "";
    var parts = [C.fill(s["glance.level"], { level: R.levelName(r.overall_level), score: R.n(r.overall) })];
    parts.push(r.strongest !== r.weakest ?
      C.fill(s["glance.dimensions"], { strongest: R.dimTitle(r.strongest), weakest: R.dimTitle(r.weakest) }) : even(R, r));
    if (r.myths.length) parts.push(C.fill(s["glance.myth"], { myth: tx.myths[r.myths[0].id] }));
    else if (r.careless.length) parts.push(s["glance.careless"]);
    else if (R.rules.myths.length) {
      var none = noMyth(R, r);
      parts.push(!none ? s["glance.myths_unjudged"] : r.unjudged.length ? none : s["glance.no_myth"]);
    }
    if (r.plan.length) {
      var first = r.plan[0];
      var qt = R.qText(first.question);
      parts.push(C.fill(s["glance.step"], { dimension: R.dimTitle(first.dimension), prompt: qt.prompt, to: qt.options[first.to] }));
    }
    if (r.answered < r.total) parts.push(C.fill(s["glance.partial"], { answered: r.answered, total: r.total }));
    return parts.join(" ");
  }

  function renderSummary(R, r) {
    var box = R.box, s = R.s, n = R.n, response = R.response;
    var slot = function (name) { return $("[data-slot='" + name + "']", box); };
    slot("overall").textContent = n(r.overall);
    var ol = slot("overall-level");
    ol.textContent = R.levelName(r.overall_level);
    if (r.overall_level) ol.setAttribute("href", R.data.urls.levels[r.overall_level]);
    slot("strongest").textContent = r.strongest ? R.dimTitle(r.strongest) : "–";
    slot("weakest").textContent = r.weakest ? R.dimTitle(r.weakest) : "–";
    var ranked = r.strongest !== r.weakest;
    $all("[data-highlight=ranked]", box).forEach(function (li) { li.hidden = !ranked; });
    var evenLine = $("[data-highlight=even]", box);
    evenLine.textContent = ranked || !r.strongest ? "" : even(R, r);
    evenLine.hidden = !evenLine.textContent;
    var unanswered = { dont_know: 0, not_applicable: 0 };
    r.dimensions.forEach(function (dm) { unanswered.dont_know += dm.dont_know; unanswered.not_applicable += dm.not_applicable; });
    slot("coverage").textContent = C.fill(s["result.coverage.value"], { answered: r.answered, total: r.total,
      dont_know: unanswered.dont_know, not_applicable: unanswered.not_applicable });
    $all("[data-ladder-level]", box).forEach(function (li) {
      if (li.getAttribute("data-ladder-level") === r.overall_level) li.setAttribute("aria-current", "true");
      else li.removeAttribute("aria-current");
    });
    $("[data-glance]", box).textContent = glance(R, r);
    var resp = $("[data-respondent]", box);
    var tags = [response.label, response.survey, teamName(response), response.wave, response.created].filter(Boolean);
    resp.textContent = tags.length ? C.fill(s["result.respondent"], { label: tags.join(" · ") }) : "";
    resp.hidden = !tags.length;
  }

  function renderPerception(R, r) {
    var s = R.s, n = R.n;
    var per = $("[data-perception]", R.box);
    $all("[data-perception-line]", per).forEach(function (p) { p.remove(); });
    if (r.perception_gap !== null) {
      var gap = r.perception_gap;
      var large = C.limits().large_gap, k = gap >= large ? "large" : gap <= -large ? "below" : "close";
      per.appendChild(el("p", C.fill(s["perception.text"], { felt: r.felt, measured: n(r.measured10) }), { "data-perception-line": "" }));
      per.appendChild(el("p", C.fill(s["perception." + k], { gap: n(Math.abs(gap)) }), { "data-perception-line": "" }));
    }
    per.hidden = r.perception_gap === null;
  }

  function signed(R, v) { return v === null ? "–" : (v > 0 ? "+" : "") + R.n(v); }

  function renderDimensions(R, r, change) {
    var box = R.box, s = R.s, tx = R.tx, n = R.n, levelName = R.levelName;
    r.dimensions.forEach(function (dm) {
      var row = $("[data-row='" + dm.id + "']", box);
      $("[data-cell=score]", row).textContent = n(dm.score);
      $("[data-cell=level]", row).textContent = levelName(dm.level);
      $("[data-cell=target]", row).textContent = levelName(dm.target);
      $("[data-cell=gap]", row).textContent = n(dm.target_gap);
      var cc = $("[data-cell=change]", row);
      cc.hidden = !change;
      cc.textContent = change ? signed(R, change[dm.id]) : "";
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
  }

  /* What to do to get there: the twin of Presenter.start (its dimension's advice at its level, one item a step). */
  function startText(R, r, i) {
    var st = r.plan[i];
    var level = r.dimensions.filter(function (x) { return x.id === st.dimension; })[0].level;
    var advice = (level && R.tx.dimensions[st.dimension].advice[level]) || [];
    var k = r.plan.slice(0, i).filter(function (x) { return x.dimension === st.dimension; }).length;
    return k < advice.length ? C.fill(R.s["plan.start"], { dimension: R.dimTitle(st.dimension), advice: advice[k] }) : "";
  }

  function renderPlan(R, r) {
    var s = R.s, n = R.n, data = R.data, qText = R.qText, dimTitle = R.dimTitle, levelName = R.levelName;
    var plan = $("[data-plan]", R.box);
    plan.textContent = "";
    r.plan.forEach(function (st, i) {
      var qt = qText(st.question);
      var li = el("li", null, { "data-question": st.question });
      li.appendChild(el("p", C.fill(s["plan.step"], { prompt: qt.prompt, current: qt.options[st.current], to: qt.options[st.to] }), { "class": "step-text" }));
      var start = startText(R, r, i);
      if (start) li.appendChild(el("p", start, { "class": "step-start" }));
      if (qt.benefit) li.appendChild(el("p", C.fill(s["plan.customers"], { benefit: qt.benefit }), { "class": "step-benefit" }));
      var dm = r.dimensions.filter(function (x) { return x.id === st.dimension; })[0];
      var why = el("p", C.fill(s["plan.reason." + st.reason], { dimension: dimTitle(dm.id), gap: n(dm.target_gap), target: levelName(dm.target), score: n(dm.score) }) + " · ", { "class": "step-why" });
      why.appendChild(el("a", dimTitle(st.dimension), { href: data.urls.dimensions[st.dimension] }));
      li.appendChild(why);
      plan.appendChild(li);
    });
  }

  /* What a shown myth rests on and how strongly: the twin of Presenter.rests. */
  function rests(R, m) {
    var names = m.sources.map(function (src) {
      return src === "belief" ? R.s["myths.source.belief"] : C.fill(R.s["myths.source.practice"], { dimension: R.dimTitle(src) });
    });
    return C.fill(R.s["myths.rests"], { sources: names.join(", "), strength: R.n(m.strength) });
  }

  function renderMyths(R, r) {
    var box = R.box, s = R.s, tx = R.tx, data = R.data;
    var myths = $("[data-myths]", box);
    myths.textContent = "";
    r.myths.forEach(function (m) {
      var li = el("li"), h = el("h3");
      h.appendChild(el("a", tx.myths[m.id], { href: data.urls.myths[m.id] }));
      li.appendChild(h);
      if (tx.myth_lines[m.id]) li.appendChild(el("p", tx.myth_lines[m.id], { "class": "myth-line" }));
      if (m.sources.length) li.appendChild(el("p", rests(R, m), { "class": "myth-rests" }));
      var ul = el("ul", null, { "class": "evidence" });
      m.evidence.forEach(function (e) { ul.appendChild(el("li", evidenceText(R, e))); });
      li.appendChild(ul);
      myths.appendChild(li);
    });
    var none = $("[data-myths-none]", box);
    none.textContent = noMyth(R, r);
    none.hidden = !none.textContent;
    var careless = $("[data-myths-careless]", box);
    careless.textContent = r.careless.length ? C.fill(s["myths.careless"], {
      reasons: r.careless.map(function (rule) { return s["myths.careless." + rule]; }).join("; ") }) : "";
    careless.hidden = !r.careless.length;
    var unjudged = $("[data-myths-unjudged]", box);
    unjudged.textContent = r.unjudged.length ?
      C.fill(s["myths.unjudged"], { myths: r.unjudged.map(function (id) { return tx.myths[id]; }).join(", ") }) : "";
    unjudged.hidden = !r.unjudged.length;
  }

  /* The quick check's "go deeper": its answers, as a short code of the fuller questionnaire, in the link. */
  function deeperLink(R) {
    var book = R.data.deeper, a = $("[data-deeper]", R.box);
    if (!book || !a) return;
    var from = R.response.answers, choices = {}, context = {};
    var asks = function (list, id) { return list.some(function (x) { return x.id === id; }); };
    Object.keys(from.choices).forEach(function (id) { if (asks(book.questions, id)) choices[id] = from.choices[id]; });
    Object.keys(from.context).forEach(function (id) {
      var c = book.context.filter(function (x) { return x.id === id; })[0];
      if (c && c.options.indexOf(from.context[id]) >= 0) context[id] = from.context[id];
    });
    var code = window.CentricityShort.encode(book, {
      questionnaire: book.id, survey: R.response.survey, team: R.response.team, wave: R.response.wave,
      answers: { choices: choices, context: context, felt: from.felt, targets: {} }
    });
    a.setAttribute("href", a.getAttribute("href").split(/[?#]/)[0] + window.location.search + "#" + code);
  }

  /* The link in the address bar, the share box and "Change my answers" always hold the current short code. */
  function renderLinks(R) {
    var box = R.box, newCode = window.CentricityShort.encode(R.rules, R.response);
    var link = window.location.href.split("#")[0] + "#" + newCode;
    $("[data-share-link]", box).value = link;
    if (window.location.hash.slice(1) !== newCode) history.replaceState(null, "", "#" + newCode);
    var amend = $("[data-amend]", box);
    amend.setAttribute("href", amend.getAttribute("href").split(/[?#]/)[0] + window.location.search + "#" + newCode);
    sendBox(box, R.s, R.response, newCode);
    deeperLink(R);
  }

  function render(R) {
    var r = C.score(R.rules, R.response.answers);
    var change = R.earlier ? C.compare(r, R.earlier) : null;
    renderSummary(R, r);
    renderPerception(R, r);
    chart(R, r);
    renderDimensions(R, r, change);
    renderPlan(R, r);
    renderMyths(R, r);
    renderLinks(R);
    R.box.setAttribute("data-scored", "true");
    return r;
  }

  function chart(R, r) {
    var rules = R.rules, n = R.n, earlier = R.earlier;
    var svg = $("[data-chart]", R.box);
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

  function wireTargets(R) {
    $all("[data-target-select]", R.box).forEach(function (sel) {
      sel.addEventListener("change", function () {
        R.response.answers.targets[sel.getAttribute("data-target-select")] = sel.value;
        render(R);
      });
    });
  }

  function wireShare(R) {
    var box = R.box, s = R.s, rules = R.rules, response = R.response;
    var label = $("[data-response-label]", box);
    label.value = response.label;
    label.addEventListener("input", function () { response.label = Array.from(label.value).slice(0, C.limits().max_label).join(""); render(R); });
    var status = $("[data-share-status]", box);
    $("[data-copy-link]", box).addEventListener("click", function () { copy($("[data-share-link]", box).value, status, s); });
    $("[data-copy-code]", box).addEventListener("click", function () { copy(window.CentricityShort.encode(rules, response), status, s); });
    $("[data-download]", box).addEventListener("click", function () {
      var body = JSON.stringify(C.toJson(rules, response), null, 2);
      download(fileName(rules, response), body, "application/json");
    });
  }

  function monthYear(R, iso) {
    var d = new Date(iso.slice(0, 10) + "T12:00:00Z");
    return isNaN(d) ? iso : d.toLocaleDateString(R.lang, { month: "long", year: "numeric", timeZone: "UTC" });
  }

  function showCompare(R, other, out) {
    var s = R.s, n = R.n;
    R.earlier = C.score(R.rules, other.answers);
    var r = render(R);
    var change = C.compare(r, R.earlier);
    out.textContent = "";
    var ul = el("ul");
    r.dimensions.forEach(function (dm) {
      if (change[dm.id] === null) return;
      var key = other.created ? "compare.change" : "compare.change.nodate";
      ul.appendChild(el("li", C.fill(s[key], { sign: change[dm.id] > 0 ? "+" : "", value: n(change[dm.id]), dimension: R.dimTitle(dm.id), date: monthYear(R, other.created) })));
    });
    out.appendChild(ul);
    if (other.dropped.length) out.appendChild(el("p", C.fill(s["compare.dropped"], { count: other.dropped.length })));
  }

  function wireCompare(R) {
    var form = $("[data-compare-form]", R.box), out = $("[data-compare-output]", R.box), rules = R.rules;
    function compareError(e) {
      if (!(e instanceof C.AnswerError)) window.console.error(e);
      out.textContent = "";
      var reason = e instanceof C.AnswerError ? e.message : R.s["team.unreadable"];
      /* Another questionnaire's result is readable, just not comparable: say that, not "cannot be read". */
      var text = e instanceof C.AnswerError && e.key === "other_questionnaire" ?
        C.fill(R.s["compare.other"], { title: R.tx.title }) : C.fill(R.s["compare.error"], { reason: reason });
      out.appendChild(el("p", text, { "class": "error" }));
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var file = $("[data-compare-file]", form).files[0];
      if (file) {
        var max = C.limits().max_response_bytes;
        if (file.size > max) { compareError(new C.AnswerError("file_large", { size: file.size, max: max })); return; }
        file.arrayBuffer().then(function (buffer) {
          try { showCompare(R, C.parseFileBytes(rules, new Uint8Array(buffer)), out); } catch (err) { compareError(err); }
        }, compareError);
        return;
      }
      try { showCompare(R, C.decode(rules, $("[data-compare-input]", form).value), out); } catch (err) { compareError(err); }
    });
  }

  function result() {
    var box = $("[data-result]");
    if (!box) return;
    /* A result link pasted into the address bar changes only the fragment: read it afresh. */
    window.addEventListener("hashchange", function () { window.location.reload(); });
    var R = readResult(box);
    if (!R) return;
    wireTargets(R);
    wireShare(R);
    wireCompare(R);
    render(R);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", result);
  else result();
})();
