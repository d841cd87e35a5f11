// Issue 13 point 1 end to end: from a blank design, using only the palette (Enter on an
// item), the canvas, the link handle and the inspector, build the exam's canonical design —
// public and private subnets in two AZs, IGW and NAT routes in their own route tables, an
// ALB, web instances and a database behind the alb-sg → web-sg → db-sg chain — then ask
// reachability the five questions the issue lists. Screenshots in Korean and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launch, openApp, nodeBox, drag, selectNode, addFromPalette } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SHOTS = process.env.STRATUS_SCREENS ?? '/tmp/stratus-screens';
const doc = (page) => page.evaluate(() => JSON.parse(window.__stratus.scenario()));
const selected = (page) => page.evaluate(() => window.__stratus.selected());

const select = selectNode;
const add = addFromPalette;

/// Type a new Name for the selected element in the inspector.
async function rename(page, name) {
  const field = page.getByTestId('field-name');
  await field.fill(name);
  await field.press('Enter');
  await page.waitForFunction((n) => document.querySelector('[data-testid=inspector-title]')?.textContent === n, name);
}

/// From the selected VPC's inspector: a new route table, group or ACL, opened and renamed.
async function newObject(page, slug, name) {
  const vpc = await selected(page);
  await page.getByTestId(`new-${slug}`).click();
  await page.waitForFunction((v) => window.__stratus.selected() !== v, vpc);
  const id = await selected(page);
  await rename(page, name);
  return id;
}

async function backToVpc(page) {
  await page.getByTestId('back-to-vpc').click();
}

async function ask(page, from, to, port) {
  await page.getByTestId('tab-reach').click();
  await page.getByTestId('reach-from').selectOption(from);
  await page.getByTestId('reach-to').selectOption(to);
  await page.getByTestId('reach-port').fill(String(port));
  await page.getByTestId('reach-check').click();
  await page.waitForTimeout(100);
  return page.getByTestId('reach-verdict').textContent();
}

test('build the canonical VPC from a blank design and ask reachability', async () => {
  const { page, context, errors } = await openApp(browser, { viewport: { width: 1440, height: 900 }, scale: 1, example: null });
  await page.getByTestId('file-menu').click();
  await page.getByTestId('new-design').click();
  await page.waitForFunction(() => JSON.parse(window.__stratus.scenario()).nodes.length === 0);

  // A Region (with two AZs), a VPC in it.
  const region = await add(page, 'region');
  const vpc = await add(page, 'vpc');
  let d = await doc(page);
  const azs = d.nodes.filter((n) => n.kind === 'availability_zone').map((n) => n.id);
  assert.equal(azs.length, 2, 'a Region comes with two AZs');

  // Four subnets: public and private in each AZ.
  const subnets = {};
  for (const [name, az] of [['public-a', azs[0]], ['private-a', azs[0]], ['public-c', azs[1]], ['private-c', azs[1]]]) {
    await select(page, vpc);
    const id = await add(page, 'subnet');
    await rename(page, name);
    await page.getByTestId('prop-az').selectOption(az);
    subnets[name] = id;
  }
  // Lay them out as the console's diagrams do: one column per AZ, public above private.
  const pa = await nodeBox(page, subnets['public-a']);
  for (const [name, dx, dy] of [['private-a', 0, pa.h + 60], ['public-c', pa.w + 70, 0], ['private-c', pa.w + 70, pa.h + 60]]) {
    const b = await nodeBox(page, subnets[name]);
    await select(page, subnets[name]);
    await drag(page, { x: b.x + b.w - 24, y: b.y + 10 }, { x: pa.x + dx + b.w - 24, y: pa.y + dy + 10 });
  }
  d = await doc(page);
  for (const [name, az] of [['public-a', azs[0]], ['public-c', azs[1]]]) {
    assert.equal(d.nodes.find((n) => n.id === subnets[name]).az, az, `${name} in its AZ`);
  }

  // The Internet, added with nothing selected: left of the Region, off its border.
  await page.getByTestId('diagram').focus();
  await page.keyboard.press('Escape');
  const internet = await add(page, 'internet');
  const r = await nodeBox(page, region);
  const net = await nodeBox(page, internet);
  assert.ok(net.x + net.w < r.x, `the Internet ${JSON.stringify(net)} is left of the Region ${JSON.stringify(r)}`);

  // An Internet gateway, attached to the VPC by the palette drop, on the VPC's edge.
  await select(page, vpc);
  const igw = await add(page, 'internet_gateway');
  const v = await nodeBox(page, vpc);
  const g = await nodeBox(page, igw);
  assert.ok(Math.abs(g.cx - v.x) < 2, `the gateway ${JSON.stringify(g)} sits on the VPC's edge ${JSON.stringify(v)}`);
  d = await doc(page);
  assert.equal(d.nodes.find((n) => n.id === igw).vpc, vpc);

  // A public route table: 0.0.0.0/0 → IGW, associated with both public subnets.
  await select(page, vpc);
  const publicRt = await newObject(page, 'route-table', 'public-rt');
  await page.getByTestId('route-add').click();
  await page.getByTestId('route-target-0').selectOption(igw);
  await page.getByTestId(`assoc-${subnets['public-a']}`).check();
  await page.getByTestId(`assoc-${subnets['public-c']}`).check();
  d = await doc(page);
  assert.deepEqual(d.nodes.find((n) => n.id === publicRt).routes, [{ destination: '0.0.0.0/0', target: igw }],
    'the route is written into the table being edited');
  const main = d.nodes.find((n) => n.kind === 'route_table' && n.main);
  assert.deepEqual(main.routes, [], 'the main table keeps no Internet route: private subnets stay private');

  // A NAT gateway in public-a, and a private route table through it for both private subnets.
  await select(page, subnets['public-a']);
  const nat = await add(page, 'nat_gateway');
  await select(page, vpc);
  const privateRt = await newObject(page, 'route-table', 'private-rt');
  await page.getByTestId('route-add').click();
  await page.getByTestId('route-target-0').selectOption(nat);
  await page.getByTestId(`assoc-${subnets['private-a']}`).check();
  await page.getByTestId(`assoc-${subnets['private-c']}`).check();
  d = await doc(page);
  assert.deepEqual(d.nodes.find((n) => n.id === privateRt).routes, [{ destination: '0.0.0.0/0', target: nat }]);
  for (const name of ['public-a', 'public-c', 'private-a', 'private-c']) {
    const want = name.startsWith('public') ? publicRt : privateRt;
    assert.equal(d.nodes.find((n) => n.id === subnets[name]).route_table, want, `${name} → ${want}`);
  }
  // The main table cannot be deleted: AWS's error code says why.
  await backToVpc(page);
  await page.getByTestId(`netobj-delete-${main.id}`).click();
  await page.getByTestId('toast').waitFor();
  assert.match(await page.getByTestId('toast').textContent(), /DependencyViolation/);

  // The ALB in the public subnets, a web instance in each private subnet, a database.
  await select(page, subnets['public-a']);
  const alb = await add(page, 'alb');
  d = await doc(page);
  assert.deepEqual(d.nodes.find((n) => n.id === alb).subnets.sort(), [subnets['public-a'], subnets['public-c']].sort());
  const web = [];
  for (const [name, subnet] of [['web-a', 'private-a'], ['web-c', 'private-c']]) {
    await select(page, subnets[subnet]);
    web.push(await add(page, 'instance'));
    await rename(page, name);
  }
  await select(page, subnets['private-a']);
  const db = await add(page, 'rds_instance');

  // The link handle: the ALB registers each web instance as a target.
  for (const w of web) {
    await select(page, alb);
    const a = await nodeBox(page, alb);
    const t = await nodeBox(page, w);
    await drag(page, { x: a.x + a.w + 14, y: a.cy }, { x: t.cx, y: t.cy }, 10);
  }
  d = await doc(page);
  assert.deepEqual(d.nodes.find((n) => n.id === alb).targets, web, 'targets registered with the link handle');

  // The security group chain: alb-sg (443 from anywhere), web-sg (80 from alb-sg),
  // db-sg (3306 from web-sg).
  await select(page, vpc);
  const sgs = {};
  for (const [name, port, from] of [['alb-sg', 443, null], ['web-sg', 80, 'alb-sg'], ['db-sg', 3306, 'web-sg']]) {
    sgs[name] = await newObject(page, 'security-group', name);
    const section = page.getByTestId(`sg-${sgs[name]}`);
    await section.getByRole('button', { name: /Add rule/ }).first().click();
    const ports = page.getByTestId('sg-in-ports-0');
    await ports.fill(String(port));
    await ports.press('Enter');
    if (from) await page.getByTestId('sg-in-peer-kind-0').selectOption(sgs[from]);
    await backToVpc(page);
  }
  d = await doc(page);
  const rule = (id) => d.nodes.find((n) => n.id === id).inbound[0];
  assert.deepEqual(rule(sgs['alb-sg']), { protocol: 'tcp', ports: '443', cidr: '0.0.0.0/0' });
  assert.deepEqual(rule(sgs['web-sg']), { protocol: 'tcp', ports: '80', group: sgs['alb-sg'] });
  assert.deepEqual(rule(sgs['db-sg']), { protocol: 'tcp', ports: '3306', group: sgs['web-sg'] });

  // Attach them (the VPC's groups only, as check boxes); take the default group off.
  const defaultSg = d.nodes.find((n) => n.kind === 'security_group' && n.name === 'default').id;
  for (const [id, sg] of [[alb, 'alb-sg'], [web[0], 'web-sg'], [web[1], 'web-sg'], [db, 'db-sg']]) {
    await select(page, id);
    await page.getByTestId(`prop-security_groups-${sgs[sg]}`).check();
    const dflt = page.getByTestId(`prop-security_groups-${defaultSg}`);
    if (await dflt.isChecked()) await dflt.uncheck();
    await page.waitForFunction(([id, sg]) => {
      const n = JSON.parse(window.__stratus.scenario()).nodes.find((n) => n.id === id);
      return JSON.stringify(n.security_groups) === JSON.stringify([sg]);
    }, [id, sgs[sg]]);
  }
  // A group in use cannot be deleted.
  await select(page, vpc);
  await page.getByTestId(`netobj-delete-${sgs['web-sg']}`).click();
  await page.waitForFunction(() => /DependencyViolation/.test(document.querySelector('[data-testid=toast]')?.textContent ?? ''));

  // Reachability answers the five questions.
  assert.match(await ask(page, internet, alb, 443), /✓/, 'Internet → ALB 443');
  assert.match(await ask(page, internet, web[0], 22), /Not reachable/, 'Internet → web 22');
  assert.match(await ask(page, web[0], internet, 443), /✓/, 'web → Internet 443');
  const path = JSON.parse(await page.evaluate(() => window.__stratus.overlay())).path;
  assert.ok(path.includes(nat), `web → Internet goes through the NAT gateway: ${path}`);
  assert.match(await ask(page, web[1], db, 3306), /✓/, 'web → DB 3306');
  assert.match(await ask(page, alb, db, 3306), /Not reachable/, 'ALB → DB 3306');
  assert.equal(await page.getByTestId('problems').locator('.problem.error').count(), 0, 'no validation errors');

  // Screenshots of the finished design, the VPC's inspector open and the path from a web
  // server to the Internet through the NAT gateway highlighted, in both languages.
  mkdirSync(SHOTS, { recursive: true });
  await page.getByTestId('toast').waitFor({ state: 'detached', timeout: 8000 });
  await page.getByRole('button', { name: 'Zoom to fit' }).click();
  await select(page, vpc);
  assert.match(await ask(page, web[0], internet, 443), /✓/);
  await page.screenshot({ path: `${SHOTS}/build-from-blank-en.png` });
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  await page.waitForTimeout(200);
  // The event log was written in English; after the switch every line reads in Korean: kinds,
  // link kinds and the reason a delete was refused (#13 regression: they stayed English).
  const log = await page.getByTestId('event-log').innerText();
  assert.doesNotMatch(log, /Security group|EC2 instance|Load balancer|RDS DB instance|\(traffic\)|is attached to/, log);
  assert.match(log, /보안 그룹/);
  await page.screenshot({ path: `${SHOTS}/build-from-blank-ko.png` });
  // The web tier's group, opened from the VPC's list: its rule names alb-sg as the source.
  await page.getByTestId(`netobj-open-${sgs['web-sg']}`).click();
  await page.waitForFunction((id) => window.__stratus.selected() === id, sgs['web-sg']);
  await page.screenshot({ path: `${SHOTS}/build-from-blank-sg-ko.png` });
  await page.getByTestId('back-to-vpc').click();
  await page.getByTestId(`netobj-open-${privateRt}`).click();
  await page.screenshot({ path: `${SHOTS}/build-from-blank-rt-ko.png` });
  // The same design on a phone (390 x 844), fitted, in Korean then English.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.getByTestId('zoom-fit').click();
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/build-from-blank-phone-ko.png` });
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/build-from-blank-phone-en.png` });
  assert.deepEqual(errors, []);
  await context.close();
});
