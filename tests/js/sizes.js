// The functions of JavaScript files longer than a limit, for tests/test_style.py: ESLint's own parser and its
// max-lines-per-function rule (an immediately invoked module wrapper is not a function of its own), so a
// function is measured as ESLint sees it. Input: {"max": 60, "files": [paths]}; output: [{"file", "line", "message"}].
"use strict";
const fs = require("fs");
const { Linter } = require("eslint");

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { max, files } = JSON.parse(input);
  const linter = new Linter({ configType: "flat" });
  const rules = { "max-lines-per-function": ["error", { max: max, IIFEs: false }] };
  const out = [];
  files.forEach((file) => {
    const sourceType = file.endsWith(".mjs") ? "module" : "script";
    const config = [{ languageOptions: { ecmaVersion: 2022, sourceType: sourceType }, rules: rules }];
    linter.verify(fs.readFileSync(file, "utf8"), config).forEach((m) => {
      out.push({ file: file, line: m.line, message: m.message });
    });
  });
  process.stdout.write(JSON.stringify(out));
});
