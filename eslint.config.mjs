// The JavaScript linter of the test command (`npx eslint .`): ESLint's recommended rules on every JS file of
// the repository. The page scripts are classic scripts (no modules) that also run in node for the parity
// tests, so they see both the browser's globals and CommonJS's `module` and `require`.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "build/", "build.*/", "build-*/", "**/*.min.js"] },
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, module: "readonly", require: "readonly" },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
      strict: ["error", "safe"],
    },
  },
  {
    // Evaluated in a page by Playwright: one function expression each, with axe-core injected before.
    files: ["site/quality/probes/*.js"],
    languageOptions: { globals: { ...globals.browser, axe: "readonly" } },
    rules: { strict: "off", "no-unused-expressions": "off" },
  },
  {
    files: ["tests/js/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
  { files: ["*.mjs"], languageOptions: { sourceType: "module", globals: { ...globals.node } } },
];
