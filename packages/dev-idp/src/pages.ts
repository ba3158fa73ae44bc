// The few HTML pages the IdP shows: the login form, the logout hand-off and errors. Simplified
// Chinese first, English second. Element ids follow Keycloak's login theme (username, password,
// kc-login, input-error), so browser tests written against this page also run against Keycloak.

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const STYLE = `
  :root { color-scheme: light; font-family: "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif; }
  body { margin: 0; background: #f3f4f6; color: #1f2937; }
  main { max-width: 26rem; margin: 8vh auto; background: #fff; padding: 2rem 2.25rem; border-radius: .5rem;
         box-shadow: 0 1px 3px rgba(0,0,0,.12); border-top: 4px solid #b91c1c; }
  h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
  .en { color: #6b7280; font-size: .85em; font-weight: normal; margin-left: .35em; }
  p.sub { margin: 0 0 1.5rem; color: #4b5563; }
  label { display: block; margin: 1rem 0 .35rem; font-weight: 600; }
  input { box-sizing: border-box; width: 100%; padding: .6rem .7rem; font-size: 1rem; border: 1px solid #d1d5db; border-radius: .35rem; }
  button { margin-top: 1.5rem; width: 100%; padding: .7rem; font-size: 1rem; color: #fff; background: #b91c1c; border: 0; border-radius: .35rem; cursor: pointer; }
  .error { background: #fef2f2; color: #991b1b; padding: .6rem .8rem; border-radius: .35rem; }
  details { margin-top: 2rem; font-size: .85rem; color: #4b5563; }
  table { border-collapse: collapse; width: 100%; margin-top: .5rem; }
  td, th { text-align: left; padding: .2rem .35rem; border-bottom: 1px solid #e5e7eb; }
  footer { margin-top: 1.5rem; font-size: .75rem; color: #9ca3af; }
`;

function page(title: string, body: string, extraHead = ''): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
${extraHead}
</head>
<body>
<main>
${body}
<footer>开发与测试用身份提供者，不用于生产环境。<span class="en" lang="en">Development identity provider, not for production.</span></footer>
</main>
</body>
</html>`;
}

export interface DemoAccount {
  username: string;
  name: string;
  tenant: string;
  roles: string;
}

export interface LoginPageInput {
  realmName: string;
  clientName: string;
  action: string;
  username?: string;
  error?: boolean;
  demoAccounts: DemoAccount[];
  /** The password every listed demo account shares, when they all share one. */
  demoPassword?: string;
}

export function loginPage(input: LoginPageInput): string {
  const error = input.error
    ? `<p id="input-error" class="error" role="alert">用户名或密码错误。<span class="en" lang="en">Invalid username or password.</span></p>`
    : '';
  const demo = input.demoAccounts.length === 0 ? '' : `
<details>
<summary>演示账号${input.demoPassword ? `（密码均为 <code>${escapeHtml(input.demoPassword)}</code>）` : ''}<span class="en" lang="en">Demo accounts</span></summary>
<table>
<thead><tr><th>用户名</th><th>姓名</th><th>租户</th><th>角色</th></tr></thead>
<tbody>
${input.demoAccounts.map((a) => `<tr><td><code>${escapeHtml(a.username)}</code></td><td>${escapeHtml(a.name)}</td><td>${escapeHtml(a.tenant)}</td><td>${escapeHtml(a.roles)}</td></tr>`).join('\n')}
</tbody>
</table>
</details>`;
  return page(`登录 · ${escapeHtml(input.realmName)}`, `
<h1>${escapeHtml(input.realmName)}<span class="en" lang="en">Sign in</span></h1>
<p class="sub">登录以继续使用「${escapeHtml(input.clientName)}」</p>
${error}
<form id="kc-form-login" method="post" action="${escapeHtml(input.action)}">
<label for="username">用户名 <span class="en" lang="en">Username</span></label>
<input id="username" name="username" autocomplete="username" autocapitalize="none" required autofocus value="${escapeHtml(input.username ?? '')}">
<label for="password">密码 <span class="en" lang="en">Password</span></label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="kc-login" name="login" type="submit">登录 <span lang="en">Sign in</span></button>
</form>
${demo}`);
}

/**
 * The logout step: oidc-provider wants a confirmation form posted back; Keycloak with an
 * id_token_hint does not ask. The form is submitted at once, so the user sees no question.
 */
export function logoutPage(form: string): string {
  return page('正在退出 · Signing out', `
<h1>正在退出…<span class="en" lang="en">Signing out…</span></h1>
${form}
<input type="hidden" form="op.logoutForm" name="logout" value="yes">
<noscript><button type="submit" form="op.logoutForm">退出 <span lang="en">Sign out</span></button></noscript>
<script>document.getElementById('op.logoutForm').submit();</script>`);
}

export function loggedOutPage(): string {
  return page('已退出 · Signed out', `
<h1>您已安全退出。<span class="en" lang="en">You have signed out.</span></h1>`);
}

export function errorPage(message: string, detail?: string): string {
  return page('出错了 · Error', `
<h1>出错了<span class="en" lang="en">Something went wrong</span></h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
${detail ? `<p class="sub"><code>${escapeHtml(detail)}</code></p>` : ''}`);
}
