import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import {
  type NewsroomServerProcess,
  type NewsroomServices,
  addNewsroomUser,
  startNewsroomServer,
  startNewsroomServices,
} from '../helpers/newsroom-services';
import { expect, startWebHost, test } from './fixtures';

/**
 * Two web hosts (two libraries, two users) and one real newsroom server: connect each in
 * Settings → Newsroom, write a story on one, see it in the other's library and open it there.
 * SCREENSHOTS=dir keeps the screens for a look.
 */

let services: NewsroomServices;
let server: NewsroomServerProcess;
const shots = process.env.SCREENSHOTS;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  services = await startNewsroomServices();
  server = await startNewsroomServer({ db: services.postgres.url });
  await addNewsroomUser(services.postgres.url, 'ann', 'chief', 'ann-password');
  await addNewsroomUser(services.postgres.url, 'bob', 'editor', 'bob-password');
});

test.afterAll(async () => {
  await server?.stop();
  await services?.stop();
});

interface Desk {
  page: Page;
  child: ChildProcess;
  dir: string;
}

async function desk(browser: Browser, name: string): Promise<Desk> {
  const dir = await mkdtemp(join(tmpdir(), `masthead-e2e-newsroom-${name}-`));
  const { child, url } = await startWebHost(join(dir, 'library'), join(dir, 'settings'));
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await page.goto(url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  return { page, child, dir };
}

async function connect(page: Page, user: string, password: string, shot?: string) {
  await page.getByRole('button', { name: '设置', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('服务器地址').fill(server.httpUrl);
  await dialog.getByLabel('用户名').fill(user);
  await dialog.getByLabel('密码').fill(`${password}-wrong`);
  await dialog.getByRole('button', { name: '连接', exact: true }).click();
  await expect(dialog.getByText('编辑部服务器拒绝了该用户名或密码。')).toBeVisible();
  await dialog.getByLabel('密码').fill(password);
  await dialog.getByRole('button', { name: '连接', exact: true }).click();
  await expect(dialog.getByRole('status').filter({ hasText: '在线' })).toBeVisible({ timeout: 15_000 });
  if (shot && shots) await dialog.screenshot({ path: join(shots, shot) });
  await page.keyboard.press('Escape');
}

test('a story written on one desk appears on the other, opens there, and shows who has it open', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const ann = await desk(browser, 'ann');
  const bob = await desk(browser, 'bob');
  try {
    await connect(ann.page, 'ann', 'ann-password', 'newsroom-settings.png');
    const annBadge = ann.page.getByRole('button', { name: /^编辑部：/ });
    // Ann's sample stories go out first: nothing waits once the server has them.
    await expect(annBadge).toHaveText('在线', { timeout: 20_000 });

    await ann.page.getByRole('button', { name: '新建英文稿件' }).click();
    await ann.page.getByLabel('主题').fill('Tram line opens to the harbour');
    await expect(ann.page.locator('.save-indicator')).toHaveText('已保存', { timeout: 15_000 });

    await connect(bob.page, 'bob', 'bob-password');
    await expect(bob.page.getByRole('button', { name: /^编辑部：/ })).toContainText('在线');
    const section = bob.page.getByRole('region', { name: /编辑部中、不在本机的稿件/ });
    await expect(section.getByText('Tram line opens to the harbour')).toBeVisible({ timeout: 15_000 });
    await expect(section.getByText('ann 正在查看')).toBeVisible({ timeout: 15_000 });
    if (shots) {
      await bob.page.screenshot({ path: join(shots, 'newsroom-library.png'), fullPage: true });
      await bob.page.locator('header').screenshot({ path: join(shots, 'newsroom-header.png') });
    }
    await section.getByRole('button', { name: '从编辑部打开《Tram line opens to the harbour》' }).click();
    await expect(bob.page.getByLabel('主题')).toHaveValue('Tram line opens to the harbour');
    // Signed in, the desk saves as its newsroom user: it is not asked for a name.
    await expect(bob.page.getByText('尚未设置你的姓名')).toHaveCount(0);
    // Back in Bob's library, the story is listed, and Ann still has it open.
    await bob.page.getByRole('link', { name: '稿库', exact: true }).click();
    await expect(bob.page.getByRole('row', { name: /Tram line opens to the harbour/ })).toBeVisible();
    const openElsewhere = bob.page.getByRole('list', { name: '本稿库中正被他人查看的稿件' });
    await expect(openElsewhere.getByText('ann 正在查看')).toBeVisible({ timeout: 15_000 });
    if (shots) await bob.page.screenshot({ path: join(shots, 'newsroom-library-after.png'), fullPage: true });
    // The header keeps its status whole in a narrow window.
    await bob.page.setViewportSize({ width: 800, height: 700 });
    const badge = bob.page.getByRole('button', { name: /^编辑部：/ });
    await expect(badge).toBeVisible();
    const box = await badge.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(800);
    if (shots) await bob.page.locator('header').screenshot({ path: join(shots, 'newsroom-header-800.png') });

    // Bob keeps the Metro section offline from now on; then the same settings in English.
    await bob.page.setViewportSize({ width: 1280, height: 860 });
    await bob.page.getByRole('button', { name: '设置', exact: true }).click();
    const dialog = bob.page.getByRole('dialog');
    await dialog.getByLabel('在本机保留的栏目').fill('Metro, 要闻');
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await expect(dialog.getByText('已保存：同步会带来本机现在要保留的稿件。')).toBeVisible();
    await dialog.getByLabel('界面语言').selectOption('en');
    await expect(dialog.getByLabel('Sections kept on this machine')).toHaveValue('Metro, 要闻');
    await expect(dialog.getByRole('status').filter({ hasText: 'Online' })).toBeVisible();
    await expect(dialog.getByText('Saved: the sync brings what this machine now keeps.')).toBeVisible();
    if (shots) await dialog.screenshot({ path: join(shots, 'newsroom-settings-en.png') });
  } finally {
    for (const side of [ann, bob]) {
      await side.page.context().close();
      side.child.kill('SIGTERM');
      await new Promise((ok) => side.child.once('exit', ok));
      await rm(side.dir, { recursive: true, force: true });
    }
  }
});
