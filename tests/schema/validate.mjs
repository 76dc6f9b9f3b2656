// Validates JSONL events against the event schemas, as EventGate does: each
// event names its schema in `$schema`, which must equal a schema's `$id`
// (draft-07, with `date-time` and `uri-reference` formats checked).
//
//   node validate.mjs [--schemas DIR] [--schema ID] [--expect-invalid] FILE.jsonl...
//
// --schema ID      validate every line against schema ID, whatever its `$schema`
// --expect-invalid succeed only if the schema rejects every line (to show that
//                  validation bites); unreadable lines and unknown schemas
//                  still fail
//
// Exit status: 0 when every line had the expected outcome, 1 otherwise (each
// unexpected line is reported with its file, line number and the errors), 2
// for a bad command line or unreadable schemas.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));

function jsonFilesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsonFilesUnder(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

// An Ajv instance holding every schema under `dir`, keyed by its `$id`.
export function loadSchemas(dir) {
  // The schemas declare the draft-07 meta-schema by its https URI, which Ajv
  // does not know by that name, and use annotation keywords Ajv's strict
  // mode refuses; neither changes what an event must look like.
  const ajv = new Ajv({ validateSchema: false, strict: false, allErrors: true });
  addFormats(ajv);
  const files = jsonFilesUnder(dir);
  if (files.length === 0) throw new Error(`no schemas (*.json) under ${dir}`);
  for (const file of files) {
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof schema.$id !== 'string') throw new Error(`${file}: schema has no $id`);
    ajv.addSchema(schema);
  }
  return ajv;
}

// Checks one line. Returns { problem } when the line cannot be judged (not
// JSON, no schema), else { valid, errors }.
export function checkLine(ajv, line, forcedSchemaId) {
  let event;
  try {
    event = JSON.parse(line);
  } catch (e) {
    return { problem: `not JSON: ${e.message}` };
  }
  const id = forcedSchemaId ?? event?.$schema;
  if (typeof id !== 'string') return { problem: 'no $schema string' };
  const validate = ajv.getSchema(id);
  if (!validate) return { problem: `unknown schema ${JSON.stringify(id)}` };
  const valid = validate(event);
  return { valid, errors: validate.errors ?? [] };
}

function describe(errors) {
  return errors.map((e) => `  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

// Validates every non-blank line of each file; returns the count of lines
// with the expected outcome and a list of messages for the others.
export function validateFiles(ajv, files, { forcedSchemaId, expectInvalid = false } = {}) {
  let good = 0;
  const failures = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `${file}:${i + 1}`;
      const r = checkLine(ajv, line, forcedSchemaId);
      if (r.problem) failures.push(`${where}: ${r.problem}`);
      else if (r.valid === !expectInvalid) ++good;
      else if (expectInvalid) failures.push(`${where}: accepted by the schema, expected a rejection`);
      else failures.push(`${where}: invalid\n${describe(r.errors)}\n  line: ${line.slice(0, 500)}`);
    });
  }
  if (good + failures.length === 0) failures.push(`no lines in ${files.join(', ')}`);
  return { good, failures };
}

// Prints the first failures; a wholly wrong file would otherwise bury the summary.
export function report(failures, limit = 20) {
  for (const f of failures.slice(0, limit)) console.error(f);
  if (failures.length > limit) console.error(`... and ${failures.length - limit} more`);
}

function main(argv) {
  let schemaDir = resolve(here, '../../fixtures/schemas');
  let forcedSchemaId;
  let expectInvalid = false;
  const files = [];
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--schemas') schemaDir = argv[++i];
    else if (a === '--schema') forcedSchemaId = argv[++i];
    else if (a === '--expect-invalid') expectInvalid = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) throw new Error('usage: validate.mjs [--schemas DIR] [--schema ID] [--expect-invalid] FILE.jsonl...');
  const { good, failures } = validateFiles(loadSchemas(schemaDir), files, { forcedSchemaId, expectInvalid });
  report(failures);
  const outcome = expectInvalid ? 'rejected as expected' : 'valid';
  console.log(`${good} line(s) ${outcome}, ${failures.length} not`);
  return failures.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`validate.mjs: ${e.message}`);
    process.exitCode = 2;
  }
}
