// Builds the console's three assets into the directory given (the server module passes
// server/target/classes/console, so they ship inside the server jar): index.html, app.js, app.css.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const out = resolve(process.argv[2] ?? 'dist');
mkdirSync(out, { recursive: true });
await build({ entryPoints: ['src/app.ts'], bundle: true, format: 'iife', target: 'es2020', minify: true,
  outfile: resolve(out, 'app.js'), logLevel: 'warning' });
copyFileSync('src/index.html', resolve(out, 'index.html'));
copyFileSync('src/app.css', resolve(out, 'app.css'));
