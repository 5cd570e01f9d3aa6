// Runs aggregate.js on response sets read from stdin, for tests/test_aggregate.py.
// Input: {"rules", "texts", "strings", "lang", "sets": [[code or response-file object, ...], ...]}
// Output per set: {"summary", "figures", "summary_csv", "responses_csv", "errors"}.
"use strict";
const path = require("path");
const js = path.join(__dirname, "..", "..", "site", "web", "static", "js");
const engine = require(path.join(js, "engine.js"));
const team = require(path.join(js, "aggregate.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { rules, texts, strings, lang, sets } = JSON.parse(input);
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
    const p = team.prepare(rules, responses);
    const summary = team.summarize(rules, p.rows, p.duplicates);
    return {
      summary: summary,
      figures: team.figures(texts, strings, lang, summary),
      summary_csv: team.csvText(team.summaryRows(texts, strings, summary)),
      responses_csv: team.csvText(team.responseRows(rules, p.rows)),
      errors: errors,
    };
  });
  process.stdout.write(JSON.stringify(out));
});
