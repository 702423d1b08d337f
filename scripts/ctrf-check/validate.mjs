// Validates CTRF reports with the reference implementation (npm `ctrf`, pinned in
// package-lock.json): the JSON Schema of the spec version, and the summary counts against the
// tests' statuses. Usage: node validate.mjs FILE...; prints one line per problem, exit 1 if any.
import { readFileSync } from 'node:fs';
import { validate, calculateSummary } from 'ctrf';

let problems = 0;
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const result = validate(report);
  for (const error of result.valid ? [] : result.errors) {
    console.log(`${file}: ${JSON.stringify(error)}`);
    problems += 1;
  }
  if (result.valid) {
    const counted = calculateSummary(report.results.tests);
    for (const key of ['tests', 'passed', 'failed', 'skipped', 'pending', 'other']) {
      if (counted[key] !== report.results.summary[key]) {
        console.log(`${file}: summary.${key} is ${report.results.summary[key]}, the tests count ${counted[key]}`);
        problems += 1;
      }
    }
  }
}
process.exit(problems === 0 ? 0 : 1);
