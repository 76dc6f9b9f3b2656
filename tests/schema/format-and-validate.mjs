// Formats JSONRCFeedFormatter lines with `rcfeed format` and validates every
// event it prints against the event schemas. Fails when rcfeed skips a line,
// prints a different number of events than it read lines, or prints an event
// the schema rejects.
//
//   node format-and-validate.mjs RCFEED SITEINFO.json INPUT.jsonl [--schemas DIR]

import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadSchemas, report, validateFiles } from './validate.mjs';

function nonBlankLines(text) {
  return text.split('\n').filter((l) => l.trim() !== '').length;
}

function main(argv) {
  const [rcfeed, siteinfo, input, ...rest] = argv;
  if (!input) throw new Error('usage: format-and-validate.mjs RCFEED SITEINFO.json INPUT.jsonl [--schemas DIR]');
  const schemasAt = rest.indexOf('--schemas');
  const ajv = loadSchemas(schemasAt >= 0 ? rest[schemasAt + 1] : new URL('../../fixtures/schemas', import.meta.url).pathname);

  const dir = mkdtempSync(join(tmpdir(), 'rcfeed-schema-'));
  try {
    const eventsFile = join(dir, 'events.jsonl');
    const out = openSync(eventsFile, 'w');
    const run = spawnSync(rcfeed, ['format', '--wiki', siteinfo, input], {
      stdio: ['ignore', out, 'pipe'],
      encoding: 'utf8',
      timeout: 120_000,
    });
    closeSync(out);
    if (run.error) throw run.error;
    if (run.status !== 0) {
      console.error(`rcfeed format exited with ${run.status ?? run.signal}:\n${run.stderr}`);
      return 1;
    }
    const read = nonBlankLines(readFileSync(input, 'utf8'));
    const written = nonBlankLines(readFileSync(eventsFile, 'utf8'));
    if (written !== read) {
      console.error(`rcfeed format read ${read} line(s) but printed ${written} event(s)`);
      return 1;
    }
    const { good, failures } = validateFiles(ajv, [eventsFile]);
    report(failures);
    console.log(`${read} line(s) formatted, ${good} event(s) valid, ${failures.length} not`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`format-and-validate.mjs: ${e.message}`);
  process.exitCode = 2;
}
