// Other clients for the interop tests: the Java SDK (InteropPeer, driven over stdin/stdout) and
// the SDK itself under Node.js, plus a redis-server for cluster mode.
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, freePort, until } from './support.mjs';

/** The Java SDK client of test/java/io/parley/web/InteropPeer.java, on the TCP port. */
export class JavaPeer {
  constructor(endpoint, appId, userId) {
    const classes = process.env.PARLEY_JAVA_PEER_CLASSES ?? resolve(ROOT, 'target/test-classes');
    const cpFile = process.env.PARLEY_JAVA_PEER_CLASSPATH_FILE ?? resolve(ROOT, 'target/java-peer.classpath');
    if (!existsSync(cpFile)) {
      throw new Error(`no ${cpFile}: build the Java peer with ./mvnw -pl client-web -am test-compile first`);
    }
    const cp = `${classes}:${readFileSync(cpFile, 'utf8').trim()}`;
    this.lines = [];
    this.proc = spawn('java', ['-cp', cp, 'io.parley.web.InteropPeer', endpoint, appId, userId],
      { stdio: ['pipe', 'pipe', 'pipe'] });
    let buf = '';
    this.proc.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        this.lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((r) => this.proc.once('exit', r));
  }

  async ready() {
    await this.saw('READY', 30000);
    return this;
  }

  command(line) {
    this.proc.stdin.write(line + '\n');
  }

  /** Waits for a line equal to `line` (or matching it, for a RegExp). */
  async saw(line, ms = 15000) {
    const match = (l) => (line instanceof RegExp ? line.test(l) : l === line);
    await until(() => this.lines.some(match), ms, `the Java peer to print ${line} (it printed: ${this.lines.join(' | ')};`
      + ` stderr: ${this.stderr.slice(-500)})`);
  }

  async quit() {
    if (this.proc.exitCode === null) {
      this.command('quit');
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 5000))]);
      this.proc.kill('SIGKILL');
    }
  }
}

/** The SDK as a Node.js app loads it: require('parley-rtm-sdk') from the built package. */
export function nodeSdk() {
  const require = createRequire(join(ROOT, 'package.json'));
  return require(join(ROOT, 'dist/index.js'));
}

/** A redis-server on a free loopback port, without persistence. */
export class RedisProcess {
  async start() {
    this.port = await freePort();
    this.dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '',
      '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    this.exited = new Promise((r) => this.proc.once('exit', r));
    const { createConnection } = await import('node:net');
    await until(() => new Promise((ok) => {
      const s = createConnection(this.port, '127.0.0.1', () => { s.end(); ok(true); });
      s.on('error', () => ok(false));
    }), 10000, 'redis-server');
    return this;
  }

  get uri() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async stop() {
    if (this.proc?.exitCode === null) {
      this.proc.kill('SIGTERM');
      await this.exited;
    }
  }
}
