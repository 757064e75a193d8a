// The browser tests' world: the real kavosh-index and kavosh-server on a fresh temporary database
// of the sample corpus, on a free 127.0.0.1 port, and Debian's headless Chromium driven by
// playwright-core. Nothing here leaves the loopback interface; nothing is downloaded.
//
// Settings, from the environment (CTest sets them; the defaults fit a checkout built in build/):
//   KAVOSH_BIN_DIR     kavosh-index and kavosh-server              (build/bin)
//   KAVOSH_WEB_DIR     the page served with --web                  (web)
//   KAVOSH_SAMPLE      the corpus indexed                          (indexer/sample/news.jsonl)
//                      with tests/browser/extra-news.jsonl, two articles of these tests: a Latin
//                      source name (varesh.example) and a near-duplicate pair
//   KAVOSH_ARTIFACTS   where screenshots are written               (build/browser-artifacts)
//   KAVOSH_SCREENSHOT  if set, also write the README's screenshot there
//   CHROMIUM           the browser                                 (/usr/bin/chromium)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const config = {
  binDir: process.env.KAVOSH_BIN_DIR || path.join(root, 'build', 'bin'),
  webDir: process.env.KAVOSH_WEB_DIR || path.join(root, 'web'),
  sample: process.env.KAVOSH_SAMPLE || path.join(root, 'indexer', 'sample', 'news.jsonl'),
  extra: path.join(root, 'tests', 'browser', 'extra-news.jsonl'),
  artifacts: process.env.KAVOSH_ARTIFACTS || path.join(root, 'build', 'browser-artifacts'),
  readmeShot: process.env.KAVOSH_SCREENSHOT || '',
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
};

// The flags headless Chromium needs on these machines: no sandbox as root, no GPU, and no
// background connections (the network is closed; they would be refused over and over).
// playwright-core adds --headless and a fresh temporary --user-data-dir itself.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function requireFile(file, hint) {
  if (!existsSync(file)) throw new Error(`${file} is missing: ${hint}`);
}

// Loads playwright-core, or says how to install it.
export async function loadChromium() {
  requireFile(config.chromium, 'install Debian\'s chromium (`make browser-deps`)');
  try {
    return (await import('playwright-core')).chromium;
  } catch (err) {
    throw new Error(`playwright-core is not installed in tests/browser (run \`make browser-deps\`): ${err.message}`);
  }
}

export async function launchBrowser() {
  const chromium = await loadChromium();
  return chromium.launch({ executablePath: config.chromium, headless: true, args: CHROMIUM_ARGS });
}

// A temporary directory removed by `remove()`.
export async function tempDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'kavosh-browser-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

// Runs a program to its end; resolves with its exit code and what it printed on stderr.
async function runToEnd(argv, limitMs) {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (s) => { err += s; });
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  return { code: code ?? -1, signal, stderr: err };
}

// Indexes the sample corpus and the tests' own articles into a new database `db`.
export async function indexSample(db) {
  const indexer = path.join(config.binDir, 'kavosh-index');
  requireFile(indexer, 'build the project first (`make build`)');
  const { code, stderr } = await runToEnd([indexer, '--db', db, '-q', config.sample, config.extra],
                                          60_000);
  if (code !== 0) throw new Error(`kavosh-index exited with ${code}:\n${stderr}`);
  return stderr;
}

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

// A running kavosh-server. `start` with port 0 lets the server pick a free port and reads it
// from the server's "serving ... on http://127.0.0.1:PORT/" line.
export class Server {
  static async start(db, port = 0) {
    const binary = path.join(config.binDir, 'kavosh-server');
    requireFile(binary, 'build the project first (`make build`)');
    const child = spawn(binary, ['--db', db, '--host', '127.0.0.1', '--port', String(port),
                                 '--web', config.webDir],
                        { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    const server = new Server(child);
    const bound = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kavosh-server did not start:\n${server.log}`)), 20_000);
      child.stderr.setEncoding('utf8').on('data', (s) => {
        server.log = (server.log + s).slice(-20_000);
        const m = /serving .* on http:\/\/127\.0\.0\.1:(\d+)\//.exec(server.log);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`kavosh-server exited with ${code}:\n${server.log}`));
      });
    });
    server.port = bound;
    server.base = `http://127.0.0.1:${bound}`;
    const health = await fetch(server.base + '/healthz');
    if (!health.ok) throw new Error(`/healthz answered ${health.status}`);
    return server;
  }

  constructor(child) {
    this.child = child;
    this.log = '';
    this.port = 0;
    this.base = '';
  }

  // Stops the server with SIGTERM (SIGKILL after 10 s); resolves with its exit code.
  async stop() {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const [code] = await exited;
    clearTimeout(timer);
    running.delete(child);
    return code;
  }
}

export async function artifactPath(name) {
  await mkdir(config.artifacts, { recursive: true });
  return path.join(config.artifacts, name);
}
