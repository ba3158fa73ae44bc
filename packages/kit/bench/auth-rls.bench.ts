// What isolation costs: an authenticated, RLS-scoped read (token verified on a cached JWKS,
// tenant set in the transaction, runtime role under row-level security) beside the same read
// with neither, in one run, alternating turns. Target: scoped ≥ 70 % of plain.
// Beside req/s it reports the CPU time each read costs the server process and its PostgreSQL
// backends (from /proc on Linux): steadier than req/s on a shared machine, and it says on which
// side of the connection the difference lies.
// Run: npx node packages/kit/bench/auth-rls.bench.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { enableTenantIsolation, sql, type Migrations } from '@onenet/db';
import { processCpuMs } from '@onenet/testing';
import { createTestDatabase } from '@onenet/db/testing';

export interface AuthRlsFigures {
  plainRps: number;
  scopedRps: number;
  /** scoped / plain (target ≥ 0.7) */
  ratio: number;
  p99LatencyMs: { plain: number; scoped: number };
  /** CPU µs per read: the server process, and its PostgreSQL backends (undefined without /proc). */
  cpuMicrosPerRequest: { plain: { server: number; postgres: number | undefined }; scoped: { server: number; postgres: number | undefined } };
  targetMet: boolean;
}

/** CPU time (µs) of processes; undefined where it cannot be read (not Linux, or one has ended). */
function processesCpuMicros(pids: number[]): number | undefined {
  let ms = 0;
  for (const pid of pids) {
    const used = processCpuMs(pid);
    if (used === undefined) return undefined;
    ms += used;
  }
  return ms * 1000;
}

const migrations: Migrations = {
  '202611270000_note': {
    async up(db) {
      await sql`create table read_bench.note (id serial primary key, tenant_path text not null, body text not null)`.execute(db);
      await sql`create index on read_bench.note (tenant_path text_pattern_ops)`.execute(db);
      await enableTenantIsolation(db, 'read_bench', 'note');
    },
  },
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const round1 = (x: number) => Math.round(x * 10) / 10;
const cpuOf = (turns: { serverCpu: number; postgresCpu: number | undefined }[]) => {
  const postgres = turns.map((t) => t.postgresCpu);
  return {
    server: round1(median(turns.map((t) => t.serverCpu))),
    postgres: postgres.every((p) => p !== undefined) ? round1(median(postgres as number[])) : undefined,
  };
};

export async function benchAuthRls(options: { seconds?: number; rounds?: number; connections?: number } = {}): Promise<AuthRlsFigures> {
  const seconds = options.seconds ?? 2;
  const rounds = options.rounds ?? 5;
  const connections = options.connections ?? 16;
  const database = await createTestDatabase({ schema: 'read_bench', migrations });
  // 20,000 rows over the region's tree; the caller (a county) sees its own share.
  await sql`insert into read_bench.note (tenant_path, body)
    select (array['450000/451100/451102', '450000/451100/451103', '450000/450100/450102', '450000/451100/451102/451102100'])[1 + i % 4], '第' || i || '条'
    from generate_series(1, 20000) i`.execute(database.db);

  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const jwks = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/certs`;
  const issuer = 'http://bench.local/realms/onenet';
  const token = await new SignJWT({ realm_access: { roles: ['staff'] }, tenant_code: '451102', tenant_path: '450000/451100/451102' })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' }).setIssuer(issuer).setAudience('onenet-api').setSubject('bench')
    .setIssuedAt().setExpirationTime('1h').sign(privateKey);

  const script = fileURLToPath(new URL('./read-server.ts', import.meta.url));
  const children: ChildProcess[] = [];
  const start = async (target: string) => {
    const child = spawn(process.execPath, [script, target, database.url, database.appUrl, issuer, jwksUrl], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    children.push(child);
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    return line.trim();
  };
  try {
    const urls = { plain: await start('plain'), scoped: await start('scoped') };
    const [plainChild, scopedChild] = children as [ChildProcess, ChildProcess];
    const serverCpu = async (child: ChildProcess) => {
      child.send('cpu');
      const [usage] = (await once(child, 'message')) as [{ user: number; system: number }];
      return usage.user + usage.system;
    };
    const backends = async (target: 'plain' | 'scoped') =>
      (await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${target === 'plain' ? 'read-bench-plain' : 'read-bench'}`.execute(database.db)).rows.map((r) => r.pid);
    const turn = async (target: 'plain' | 'scoped', duration: number) => {
      const child = target === 'plain' ? plainChild : scopedChild;
      const pids = await backends(target); // the pools' connections, open since the warm-up
      const [server0, postgres0] = [await serverCpu(child), processesCpuMicros(pids)];
      const result = await autocannon({ url: `${urls[target]}/notes`, headers: target === 'scoped' ? { authorization: `Bearer ${token}` } : {}, connections, duration });
      const [server1, postgres1] = [await serverCpu(child), processesCpuMicros(pids)];
      const failed = result.errors + result.timeouts + result.non2xx;
      if (failed > 0) throw new Error(`${target}: ${failed} failed requests`);
      const total = result.requests.total;
      return {
        rps: total / duration,
        p99: result.latency.p99,
        serverCpu: (server1 - server0) / total,
        postgresCpu: postgres0 === undefined || postgres1 === undefined ? undefined : (postgres1 - postgres0) / total,
      };
    };
    await turn('plain', 1);
    await turn('scoped', 1);
    type Turn = Awaited<ReturnType<typeof turn>>;
    const turns = { plain: [] as Turn[], scoped: [] as Turn[] };
    for (let r = 0; r < rounds; r++) {
      turns.plain.push(await turn('plain', seconds));
      turns.scoped.push(await turn('scoped', seconds));
    }
    const ratio = Math.round(median(turns.scoped.map((t, i) => t.rps / (turns.plain[i] as { rps: number }).rps)) * 1000) / 1000;
    return {
      plainRps: Math.round(median(turns.plain.map((t) => t.rps))),
      scopedRps: Math.round(median(turns.scoped.map((t) => t.rps))),
      ratio,
      p99LatencyMs: { plain: median(turns.plain.map((t) => t.p99)), scoped: median(turns.scoped.map((t) => t.p99)) },
      cpuMicrosPerRequest: { plain: cpuOf(turns.plain), scoped: cpuOf(turns.scoped) },
      targetMet: ratio >= 0.7,
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    jwks.close();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = await benchAuthRls();
  const cpu = (c: { server: number; postgres: number | undefined }) => `CPU/request: server ${c.server} µs, PostgreSQL ${c.postgres ?? '?'} µs`;
  console.log(`read of 20 rows, plain:                 ${f.plainRps} req/s, p99 ${f.p99LatencyMs.plain} ms, ${cpu(f.cpuMicrosPerRequest.plain)}`);
  console.log(`read of 20 rows, token + tenant + RLS:  ${f.scopedRps} req/s, p99 ${f.p99LatencyMs.scoped} ms, ${cpu(f.cpuMicrosPerRequest.scoped)}`);
  console.log(`scoped / plain = ${f.ratio} (target ≥ 0.7: ${f.targetMet ? 'met' : 'NOT met'})`);
}
