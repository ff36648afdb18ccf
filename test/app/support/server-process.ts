/**
 * The real `npm start` server (src/app/server.ts → Probot's `run`) as its own
 * process on loopback, pointed at a fake GitHub through GHE_HOST and
 * GHE_PROTOCOL, the way a GitHub Enterprise installation is configured.
 *
 * The server is bundled from source with esbuild (dependencies stay external
 * and resolve from node_modules), so the test needs no prior `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository root: the nearest directory with a package.json (the benchmarks run this file from build/). */
function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const root = findRoot(path.dirname(fileURLToPath(import.meta.url)));
const outDir = path.join(root, 'node_modules', '.cache', 'proofgate-test');

/** Bundles src/app/server.ts into node_modules/.cache (so its imports resolve) and returns the file. */
export async function bundleServer(): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `server-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(root, 'src/app/server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  return outfile;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function emptyDirectory(): string {
  return mkdtempSync(path.join(tmpdir(), 'proofgate-server-'));
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** The process's peak resident memory so far (VmHWM), in bytes; null where /proc is not available. */
  peakRss(): number | null;
  /** Everything the server printed (JSON log lines). */
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts the server; `cwd` defaults to an empty directory, so no stray `.env` is read; `nodeArgs` go before the script (e.g. `--cpu-prof`). */
export async function startServerProcess(script: string, env: Record<string, string>, cwd = emptyDirectory(), nodeArgs: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_FORMAT: 'json', LOG_LEVEL: 'info', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/ping`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /ping within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    child,
    peakRss: () => {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb ? Number(kb) * 1024 : null;
      } catch {
        return null;
      }
    },
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Sends a webhook as GitHub does: JSON body, event and delivery headers, HMAC-SHA256 signature. */
export async function sendWebhook(url: string, event: string, payload: unknown, secret: string): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const res = await fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/e2e',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': signature,
    },
    body,
  });
  return { status: res.status, body: await res.text() };
}
