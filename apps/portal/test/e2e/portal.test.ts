// The portal in headless Chromium against the running platform: the public site without login,
// each role signing in through the Chinese login page and seeing their name, tenant and roles,
// a staff flow that lands deputies on the public site, the leader's drill-down, and a phone.
// Screenshots of each main page go to apps/portal/test-results/.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, accessibilityFindings, login, newPage, screenshot, startE2E, type E2E } from './harness.ts';

/** A resident ID number with a correct check digit (GB 11643), for a roster row. */
function idNumber(region: string, birth: string, sequence: string): string {
  const body = `${region}${birth}${sequence}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (weights[i] as number), 0);
  return body + '10X98765432'[sum % 11];
}

const stamp = Date.now().toString(36).slice(-4);
// Names the public directory can find; unique per run so a rerun never meets an old row.
const DEPUTIES = [
  { name: `韦春燕${'甲乙丙丁戊己庚辛壬癸'[Number.parseInt(stamp, 36) % 10]}`, id: idNumber('451102', '19800312', '124'), constituency: '贺街镇第一选区', occupation: '农民' },
  { name: '黄志明', id: idNumber('451102', '19750708', '133'), constituency: '贺街镇第二选区', occupation: '教师' },
];

describe('portal in Chromium', () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.stop();
  });

  it('shows the public site in Simplified Chinese without login, accessibly, and switches to English', async () => {
    const { context, page } = await newPage(e2e);
    await page.goto(e2e.url);
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('人大代表履职服务平台');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByTestId('login').textContent()).toContain('登录');
    await screenshot(page, 'public-home');
    expect(await accessibilityFindings(page)).toEqual([]);

    await page.getByRole('link', { name: '代表名录' }).first().click();
    await page.waitForURL(/\/public\/deputies/);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/没有找到符合条件的代表|共 \d+ 名代表/);
    expect(await accessibilityFindings(page)).toEqual([]);

    await page.goto(`${e2e.url}/public/suggestions`);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/暂无建议|满意/);
    await screenshot(page, 'public-suggestions');

    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('.public-nav').textContent()).toContain('Deputies');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-CN');
    await context.close();
  });

  it('county staff sign in, see name, congress and role, and import a roster after a dry run', async () => {
    const { context, page } = await newPage(e2e);
    await page.goto(e2e.url);
    await page.getByTestId('login').click();
    await page.waitForSelector('#kc-login');
    // The IdP's login page is Chinese first.
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('label[for=username]')).toContain('用户名');
    await page.fill('#username', 'bb-staff');
    await page.fill('#password', 'demo');
    await page.click('#kc-login');
    await page.waitForURL(/\/work\/staff/);
    expect(await page.getByTestId('user-name').textContent()).toBe('邓晓燕');
    expect(await page.getByTestId('identity-bar').textContent()).toContain('八步区');
    expect(await page.getByTestId('role-tag').allTextContents()).toEqual(['选联工委工作人员']);
    await expect.poll(() => page.locator('main').textContent()).toContain('代表与站点');
    await screenshot(page, 'staff-home');
    expect(await accessibilityFindings(page)).toEqual([]);

    const dir = mkdtempSync(join(tmpdir(), 'roster-'));
    const file = join(dir, '八步区代表名册.csv');
    const rows = DEPUTIES.map((d) => [d.name, d.id, '县级', '八步区第十八届', d.constituency, d.occupation, '2021-10-15'].join(','));
    writeFileSync(file, ['姓名,身份证号,代表层级,届次,选区,职业,当选日期', ...rows].join('\r\n'));

    await page.goto(`${e2e.url}/work/staff/roster`);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: /试导入/ }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('可导入');
    await screenshot(page, 'staff-roster-dry-run');
    await page.getByRole('button', { name: /正式导入/ }).click();
    await expect.poll(async () => (await page.locator('.ant-descriptions').textContent()) ?? '').toContain('personsCreated2');

    await page.goto(`${e2e.url}/work/staff`);
    await expect.poll(() => page.locator('.ant-table').first().textContent()).toContain(DEPUTIES[1]?.name);
    await screenshot(page, 'staff-persons');
    await context.close();
  });

  it('lets a visitor find an imported deputy in the public directory and open the profile', async () => {
    const { context, page } = await newPage(e2e);
    const deputy = DEPUTIES[0] as (typeof DEPUTIES)[number];
    await page.goto(`${e2e.url}/public/deputies?q=${encodeURIComponent(deputy.name)}`);
    await page.getByRole('link', { name: deputy.name }).click();
    await page.waitForURL(/\/public\/deputies\/[0-9a-f-]{36}/);
    await expect.poll(() => page.locator('main').textContent()).toContain('八步区第十八届');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(deputy.constituency);
    // Private data never reaches the public page.
    expect(text).not.toContain(deputy.id);
    await screenshot(page, 'public-deputy-profile');
    expect(await accessibilityFindings(page)).toEqual([]);
    await page.goto(`${e2e.url}/public/deputies`);
    // The two imported and the demo deputies (npm start's demo data).
    await expect.poll(async () => Number(/共 (\d+) 名代表/.exec((await page.locator('main').textContent()) ?? '')?.[1] ?? 0)).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'public-deputies');
    await context.close();
  });

  it('lets a visitor send an opinion to a township and follow it by the receipt code', async () => {
    const { context, page } = await newPage(e2e);
    await page.goto(`${e2e.url}/public/opinions/new`);
    await page.getByTestId('send-opinion').click();
    // Nothing filled in: the form says what is missing before anything is sent.
    await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBeGreaterThanOrEqual(2);
    await page.locator('[data-testid=township] input').fill('贺街镇');
    await page.locator('.ant-select-tree-title', { hasText: '贺街镇' }).click();
    await page.getByLabel('意见内容').fill('贺街镇临江路路灯损坏已有两个月，夜间行人出行不便，请尽快维修。');
    await page.getByTestId('send-opinion').click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    const code = ((await receipt.textContent()) ?? '').trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
    await screenshot(page, 'public-opinion-receipt');
    expect(await accessibilityFindings(page)).toEqual([]);

    await page.getByRole('link', { name: '查询进度' }).click();
    await page.getByTestId('opinion-progress').waitFor();
    const progress = (await page.getByTestId('opinion-progress').textContent()) ?? '';
    expect(progress).toContain(code);
    expect(progress).toContain('贺街镇');
    expect(progress).toContain('已收到');
    await screenshot(page, 'public-opinion-track');
    await context.close();
  });

  it('a township deputy sees name, township and role, and her record from the registry (demo data)', async () => {
    const { context, page } = await newPage(e2e);
    await login(page, e2e, 'hejie-deputy');
    await page.waitForURL(/\/work\/deputy/);
    expect(await page.getByTestId('user-name').textContent()).toBe('廖春花');
    expect(await page.getByTestId('identity-bar').textContent()).toContain('贺街镇');
    expect(await page.getByTestId('role-tag').allTextContents()).toEqual(['人大代表']);
    // npm start seeds the registry record behind the demo deputy: her eight ones show.
    await expect.poll(() => page.locator('main').textContent()).toContain('“八个一”履职情况');
    await screenshot(page, 'deputy-home');
    expect(await accessibilityFindings(page)).toEqual([]);

    await page.getByRole('menuitem', { name: '我的建议' }).click();
    await expect.poll(() => page.locator('main').textContent()).toMatch(/您还没有提出建议|关于/);
    await page.getByTestId('new-suggestion').click();
    // Submitting with nothing filled in names the missing fields before anything is sent.
    await page.getByTestId('submit-suggestion').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'deputy-suggestion-new');
    expect(await accessibilityFindings(page)).toEqual([]);

    await page.goto(`${e2e.url}/work/account`);
    const account = (await page.getByTestId('account').textContent()) ?? '';
    expect(account).toContain('广西壮族自治区 / 贺州市 / 八步区 / 贺街镇');
    expect(account).toContain('hejie-deputy');
    await context.close();
  });

  it('a city leader gets the dashboard, switches scope within the subtree and drills down', async () => {
    const { context, page } = await newPage(e2e);
    await login(page, e2e, 'hz-leader');
    await page.waitForURL(/\/work\/leader/);
    expect(await page.getByTestId('user-name').textContent()).toBe('莫国栋');
    expect(await page.getByTestId('role-tag').allTextContents()).toEqual(['常委会领导']);
    await expect.poll(() => page.getByTestId('drill-current').textContent()).toBe('贺州市');
    await page.getByTestId('drill-button').filter({ hasText: '八步区' }).click();
    await expect.poll(() => page.getByTestId('drill-current').textContent()).toBe('八步区');
    // The two deputies the staff imported into 八步区 are counted there (besides the demo deputies).
    await expect.poll(async () => Number(((await page.locator('.ant-statistic-content-value').first().textContent()) ?? '').replace(/\D/g, ''))).toBeGreaterThanOrEqual(2);
    // The units' on-time and satisfaction rates come from the suggestions service.
    await expect.poll(async () => (await page.getByTestId('unit-rates').textContent()) ?? '').toMatch(/本年度尚无承办数据|按时答复率/);
    await screenshot(page, 'leader-dashboard');
    expect(await accessibilityFindings(page)).toEqual([]);

    // The tenant switcher offers the leader's subtree and nothing outside it.
    await page.getByTestId('tenant-switcher').click();
    const options = await page.locator('.ant-select-tree-title').allTextContents();
    expect(options).toContain('贺州市');
    expect(options).not.toContain('南宁市');
    await page.keyboard.press('Escape');
    await context.close();
  });

  it('a handler sees the unit queue', async () => {
    const { context, page } = await newPage(e2e);
    await login(page, e2e, 'bb-handler');
    await page.waitForURL(/\/work\/handler/);
    expect(await page.getByTestId('role-tag').allTextContents()).toEqual(['承办单位']);
    await expect.poll(() => page.locator('main').textContent()).toContain('当前没有待处理的建议');
    await screenshot(page, 'handler-home');
    expect(await accessibilityFindings(page)).toEqual([]);
    await page.getByRole('menuitem', { name: '办理时限' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('没有未完成的时限');
    await context.close();
  });

  it('works on a 360-px phone: sign-in, menu drawer, no sideways scrolling, sign-out', async () => {
    const { context, page } = await newPage(e2e, PHONE);
    await page.goto(e2e.url);
    await page.locator('.hero h1').waitFor();
    await screenshot(page, 'public-home-360');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await login(page, e2e, 'hejie-deputy');
    await expect.poll(() => page.locator('main').textContent()).toContain('“八个一”履职情况');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'deputy-home-360');
    expect(await accessibilityFindings(page)).toEqual([]);

    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('menuitem', { name: '我的账号' }).click();
    await page.waitForURL(/\/work\/account/);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('login').waitFor();
    await context.close();
  });
});
