// Bundles each unit test (with the sources it imports) into build/test/unit/ for node --test.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const tests = readdirSync('test/unit').filter((f) => f.endsWith('.test.ts')).map((f) => `test/unit/${f}`);
await build({ entryPoints: tests, bundle: true, format: 'esm', platform: 'node', target: 'node20',
  outdir: 'build/test/unit', outExtension: { '.js': '.mjs' }, packages: 'external', sourcemap: true,
  logLevel: 'warning' });
