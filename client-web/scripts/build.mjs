// Builds dist/: index.mjs (ESM), index.js (CommonJS, module.exports = the AgoraRTM object),
// parley-rtm.umd.js (browser bundle setting the AgoraRTM global) and index.d.ts (the declared API).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const common = { entryPoints: ['src/index.ts'], bundle: true, target: 'es2020', sourcemap: true, logLevel: 'warning' };
mkdirSync('dist', { recursive: true });
await build({ ...common, format: 'esm', platform: 'neutral', outfile: 'dist/index.mjs',
  external: ['@bufbuild/protobuf', 'ws'] });
await build({ ...common, format: 'cjs', platform: 'node', outfile: 'dist/index.js',
  external: ['@bufbuild/protobuf', 'ws'],
  // the module value is the AgoraRTM object itself, as agora-rtm-sdk's is
  footer: { js: 'module.exports = module.exports.default;' } });
await build({ ...common, format: 'iife', platform: 'browser', globalName: 'AgoraRTM', outfile: 'dist/parley-rtm.umd.js',
  external: ['ws'], minify: true,
  footer: { js: 'AgoraRTM = AgoraRTM.default;' } });
copyFileSync('types/index.d.ts', 'dist/index.d.ts');
