// The TextMate grammar against every example, tokenized as VS Code does (vscode-textmate on
// vscode-oniguruma): every character outside whitespace gets a scope of its own beyond the
// file's, and keywords, numbers, comments and strings get theirs.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const test = require("node:test");
const oniguruma = require("vscode-oniguruma");
const textmate = require("vscode-textmate");

const examples = path.resolve(__dirname, "../../../examples");

async function grammar() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => {
      const file = path.resolve(__dirname, "../syntaxes/thermogen.tmLanguage.json");
      return textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
    },
  });
  return registry.loadGrammar("source.thermogen");
}

/** Every token of a text: its text, line, and innermost scope. */
function tokens(g, text) {
  const out = [];
  let state = textmate.INITIAL;
  text.split(/\r?\n/).forEach((line, number) => {
    const r = g.tokenizeLine(line, state);
    for (const t of r.tokens) {
      out.push({ text: line.substring(t.startIndex, t.endIndex), line: number + 1, scope: t.scopes[t.scopes.length - 1] });
    }
    state = r.ruleStack;
  });
  return out;
}

function genFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? genFiles(path.join(dir, e.name)) : e.name.endsWith(".gen") ? [path.join(dir, e.name)] : []);
}

test("every example is tokenized with a scope for every token", async () => {
  const g = await grammar();
  const files = genFiles(examples);
  assert.ok(files.length >= 8, "examples found: " + files.length);
  for (const file of files) {
    for (const t of tokens(g, fs.readFileSync(file, "utf8"))) {
      if (t.text.trim() === "") {
        continue;
      }
      assert.notEqual(t.scope, "source.thermogen",
        path.relative(examples, file) + ":" + t.line + ": '" + t.text + "' has no scope of its own");
    }
  }
});

test("keywords, numbers, comments and strings get their scopes", async () => {
  const g = await grammar();
  const text = [
    "// a comment",
    "/** A doc comment. */",
    "package examples.ising",
    "dataset Spins = csv(\"data/x \\\"y\\\".csv\", features 0..15) split train 0.8, test 0.2 seed 7",
    "model Ising {",
    "  visible s[16] : spin",
    "  param J[16,16] : symmetric",
    "  energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - 1.5e-3 * h . s",
    "  train on Spins.train with moment_matching(expectation exact) { epochs 200 }",
    "}",
  ].join("\n");
  const scopeOf = {};
  for (const t of tokens(g, text)) {
    scopeOf[t.text.trim()] = scopeOf[t.text.trim()] || t.scope;
  }
  assert.match(scopeOf["// a comment"], /^comment\.line/);
  assert.match(scopeOf["/**"], /^comment\.block\.documentation/);
  assert.match(scopeOf["A doc comment."], /^comment\.block\.documentation/);
  for (const k of ["package", "dataset", "model"]) {
    assert.match(scopeOf[k], /^(keyword|storage)\./, k + ": " + scopeOf[k]);
  }
  for (const k of ["visible", "param", "energy", "train", "on", "with", "split", "seed"]) {
    assert.match(scopeOf[k], /^(keyword|storage)\./, k + ": " + scopeOf[k]);
  }
  assert.match(scopeOf["spin"], /^support\.type/);
  for (const n of ["0.8", "200", "1.5e-3", "16", "0", "15"]) {
    assert.match(scopeOf[n], /^constant\.numeric/, n + ": " + scopeOf[n]);
  }
  assert.match(scopeOf["Ising"], /^entity\.name\.type/);
  assert.match(scopeOf["moment_matching"], /^entity\.name\.function/);
  assert.match(scopeOf["data/x"], /^string\.quoted/);
  assert.match(scopeOf[".."], /^keyword\.operator\.range/);
  assert.match(scopeOf["\\\""], /^constant\.character\.escape/);
});
