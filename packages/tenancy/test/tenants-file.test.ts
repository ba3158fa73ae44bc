// A process started with ONENET_TENANTS_FILE reads its tenant tree from that file (the load
// test's realm covers all of Guangxi), and without it from infra/keycloak/tenants.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const index = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'onenet-tenants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a fresh process with this environment says about a township outside Hezhou. */
function lookUp(env: NodeJS.ProcessEnv): { file: string; tenant: string | null; size: number } {
  const script = `const t = await import(${JSON.stringify(index)}); console.log(JSON.stringify({ file: t.TENANTS_FILE, tenant: t.getTenant('450102001')?.path ?? null, size: t.tenants.size }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out) as { file: string; tenant: string | null; size: number };
}

describe('ONENET_TENANTS_FILE', () => {
  it('names the tree the process uses; unset, the realm’s own tenants.json is used', () => {
    const file = join(dir, 'tenants.json');
    const tree = {
      code: '450000', name: '广西壮族自治区', kind: 'region',
      children: [{ code: '450100', name: '南宁市', kind: 'city', children: [{ code: '450102', name: '兴宁区', kind: 'county', children: [{ code: '450102001', name: '民生街道', kind: 'township' }] }] }],
    };
    writeFileSync(file, JSON.stringify(tree));
    const env = { ...process.env };
    delete env.ONENET_TENANTS_FILE;

    const other = lookUp({ ...env, ONENET_TENANTS_FILE: file });
    expect(other).toEqual({ file, tenant: '450000/450100/450102/450102001', size: 4 });

    const own = lookUp(env);
    expect(own.file).toMatch(/infra\/keycloak\/tenants\.json$/);
    expect(own.tenant).toBeNull();
    expect(own.size).toBeGreaterThan(14);
  });

  it('refuses a file that is not a valid tree, naming the bad node', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ code: '450000', name: '广西壮族自治区', kind: 'region', children: [{ code: '46', name: 'x', kind: 'city' }] }));
    expect(() => lookUp({ ...process.env, ONENET_TENANTS_FILE: file })).toThrow(/city code has 6 digits/);
  });
});
