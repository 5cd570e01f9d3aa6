// Runs aggregate.js and teamtext.js on response sets read from stdin, for tests/test_aggregate.py.
// Input: {"rules", "texts", "strings", "lang", "min_group", "names": [[id, name]], "sets": [[code or file object]],
//         "keep_identical": whether identical responses are each a respondent (the collecting server)}
// Output per set: {"summary", "figures", "summary_csv", "responses_csv", "codes", "errors"}.
"use strict";
const path = require("path");
const js = path.join(__dirname, "..", "..", "site", "web", "static", "js");
const engine = require(path.join(js, "codec.js"));
const team = require(path.join(js, "aggregate.js"));
const text = require(path.join(js, "teamtext.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { page, rules, texts, strings, lang, sets, min_group: minGroup, names: pairs, keep_identical: keep } = JSON.parse(input);
  engine.configure(page.limits, page.strings);
  const names = new Map(pairs || []);
  const out = sets.map((items) => {
    const responses = [];
    const errors = [];
    items.forEach((item) => {
      try {
        responses.push(typeof item === "string" ? engine.decode(rules, item) : engine.fromJson(rules, item));
      } catch (e) {
        if (!(e instanceof engine.AnswerError)) throw e;
        errors.push(e.message);
      }
    });
    const p = keep
      ? { rows: team.prepareCoded(rules, responses, responses.map((r) => team.canonicalCode(rules, r))), duplicates: 0 }
      : team.prepare(rules, responses);
    const summary = team.summarize(rules, p.rows, p.duplicates, minGroup);
    return {
      summary: summary,
      figures: text.figures(rules, texts, strings, lang, summary, names),
      summary_csv: text.csvText(text.summaryRows(rules, texts, strings, lang, summary, names)),
      responses_csv: text.csvText(text.responseRows(rules, strings, p.rows)),
      codes: p.rows.map((r) => r.code),
      errors: errors,
    };
  });
  process.stdout.write(JSON.stringify(out));
});
