// Writes template/pose-skeleton.liquid.html: the template source with the element's script and style inlined, so the
// template a team uploads is one self-contained file. `node template/src/inline.mjs --check` exits 1 when the
// committed template differs from what the sources produce (a test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'pose-skeleton.liquid.html');
// Concatenated in this order into one function scope: helpers first, the element (which defines itself) last.
const scripts = ['skeleton-model.js', 'skeleton-draw.js', 'skeleton-panel.js', 'skeleton-input.js',
  'skeleton-person.js', 'gtpose-skeleton.js'];
const marker = '<!-- gtpose:element -->';

export function produce() {
  const read = (name) => readFileSync(join(here, name), 'utf8');
  const css = read('gtpose-skeleton.css');
  const body = scripts.map((name) => `// ---- ${name} ----\n${read(name).trimEnd()}\n`).join('\n');
  const code = `(() => {\n'use strict';\nconst STYLE = ${JSON.stringify(css)};\n\n${body}})();\n`;
  // Liquid would evaluate these in the script, and the HTML parser would end the script at the first "</script".
  for (const [bad, why] of [['{{', 'Liquid output'], ['{%', 'a Liquid tag'], ['</script', 'the end of the script']]) {
    if (code.toLowerCase().includes(bad)) throw new Error(`the element's sources contain "${bad}" (${why})`);
  }
  const script = '<script>\n// Generated from template/src/ by `node template/src/inline.mjs`: edit the sources, ' +
    `not this copy.\n${code}</script>`;
  const source = read('pose-skeleton.liquid.html');
  if (!source.includes(marker)) throw new Error(`template/src/pose-skeleton.liquid.html lacks ${marker}`);
  return source.replace(marker, () => script);
}

const produced = produce();
if (process.argv.includes('--check')) {
  const committed = readFileSync(target, 'utf8');
  if (committed !== produced) {
    console.error('template/pose-skeleton.liquid.html differs from template/src/: run `node template/src/inline.mjs`');
    process.exit(1);
  }
  console.log('template/pose-skeleton.liquid.html matches template/src/');
} else {
  writeFileSync(target, produced);
  console.log(`wrote ${target} (${produced.length} characters)`);
}
