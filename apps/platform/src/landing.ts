// The page at /platform: where everything is, and who can sign in.
import { join } from 'node:path';
import { readRealmUsers } from './demo.ts';

export interface DemoUser {
  username: string;
  description: string;
}

/** Demo accounts come from the realm's demo file — the one source of users. */
export function readDemoUsers(repoRoot: string): DemoUser[] {
  return readRealmUsers(join(repoRoot, 'infra', 'keycloak')).map((u) => ({
    username: u.username,
    description: [`${u.lastName ?? ''}${u.firstName ?? ''}`, (u.realmRoles ?? []).filter((r) => !r.startsWith('default-')).join(','), u.attributes?.tenant_path?.[0] ?? ''].filter(Boolean).join(' · '),
  }));
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function landingPage(services: string[], demoUsers: DemoUser[], issuer: string): string {
  const serviceRows = services.map((s) => `<li><a href="/api/${s}/docs">/api/${s}/</a> — <a href="/api/${s}/openapi.json">OpenAPI</a></li>`).join('');
  const userRows = demoUsers.map((u) => `<tr><td><code>${escape(u.username)}</code></td><td>${escape(u.description)}</td></tr>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>代表履职“一张网” One Network</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.6}table{border-collapse:collapse}td{border-bottom:1px solid #ddd;padding:.25rem .75rem}</style></head>
<body><h1>代表履职“一张网”</h1><p>One Network — 人大代表履职平台（开发环境）/ development platform</p>
<h2>服务 Services</h2><ul>${serviceRows || '<li>尚无服务 / no services yet</li>'}</ul>
<h2>身份认证 Identity</h2><p>Issuer: <code>${escape(issuer)}</code></p>
<h2>演示账号 Demo accounts（密码 password: <code>demo</code>）</h2><table>${userRows}</table></body></html>`;
}
