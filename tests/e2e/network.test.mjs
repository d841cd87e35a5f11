// Issue 3 end to end: build a small network by hand from the palette, route a private
// subnet through a NAT gateway, ask reachability, break the route, see the blocking hop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, nodeBox } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const doc = (page) => page.evaluate(() => JSON.parse(window.__stratus.scenario()));

/// Drag a palette item onto the canvas at a client point, as a person does.
async function dropFromPalette(page, kind, at) {
  const canvas = await page.getByTestId('diagram').boundingBox();
  await page.dragAndDrop(`[data-testid=palette-${kind}]`, 'canvas[data-testid=diagram]', {
    targetPosition: { x: at.x - canvas.x, y: at.y - canvas.y },
  });
}

async function ask(page, from, to, port) {
  await page.getByTestId('tab-reach').click();
  await page.getByTestId('reach-from').selectOption(from);
  await page.getByTestId('reach-to').selectOption(to);
  await page.getByTestId('reach-port').fill(String(port));
  await page.getByTestId('reach-check').click();
}

test('palette drop, NAT route, reachability, break, blocking hop, undo', async () => {
  const { page, context, errors } = await openApp(browser);
  const before = (await doc(page)).nodes.length;

  // A NAT gateway into the public subnet of AZ c.
  const pub = await nodeBox(page, 'subnet-public-c');
  await dropFromPalette(page, 'nat_gateway', { x: pub.x + 60, y: pub.y + pub.h - 40 });
  let d = await doc(page);
  const nat = d.nodes.find((n) => n.kind === 'nat_gateway');
  assert.ok(nat, 'a NAT gateway was created');
  assert.equal(nat.subnet, 'subnet-public-c', 'dropping into a subnet places it there');
  assert.match(nat.elastic_ip, /^\d+\.\d+\.\d+\.\d+$/, 'with an Elastic IP');

  // An EC2 instance into the private subnet of AZ c.
  const priv = await nodeBox(page, 'subnet-private-c');
  await dropFromPalette(page, 'instance', { x: priv.x + 60, y: priv.y + priv.h - 50 });
  d = await doc(page);
  const inst = d.nodes.find((n) => n.kind === 'instance' && !n.id.startsWith('i-web'));
  assert.equal(inst.subnet, 'subnet-private-c');
  assert.equal(d.nodes.length, before + 2);
  assert.match(await page.getByTestId('event-log').textContent(), /Added: EC2 instance/);

  // Without a route to the NAT gateway, the new instance cannot reach the Internet.
  await ask(page, inst.id, 'internet', 443);
  assert.match(await page.getByTestId('reach-verdict').textContent(), /Not reachable/);

  // Select the private subnet; its (main) route table is edited in the inspector.
  await page.mouse.click(priv.x + 15, priv.y + 50);
  await page.waitForFunction(() => window.__stratus.selected() === 'subnet-private-c');
  await page.getByTestId('route-add').click();
  await page.getByTestId('route-target-0').selectOption(nat.id);
  d = await doc(page);
  const main = d.nodes.find((n) => n.id === 'rtb-main');
  assert.deepEqual(main.routes, [{ destination: '0.0.0.0/0', target: nat.id }]);

  // The answer updates live: reachable through the NAT gateway and the IGW.
  await page.waitForFunction(() => /✓/.test(document.querySelector('[data-testid=reach-verdict]').textContent));
  const path = JSON.parse(await page.evaluate(() => window.__stratus.overlay())).path;
  assert.ok(path.includes(nat.id) && path.includes('igw'), `path via NAT and IGW: ${path}`);
  assert.equal(await page.getByTestId('problems').locator('.problem.error').count(), 0, 'no validation errors');

  // Break it: remove the NAT route. The blocking hop is the route table.
  await page.getByTestId('route-remove-0').click();
  await page.waitForFunction(() => /Not reachable/.test(document.querySelector('[data-testid=reach-verdict]').textContent));
  const verdict = await page.getByTestId('reach-verdict').textContent();
  assert.match(verdict, /NO_ROUTE|CANNOT_ROUTE|ROUTE/, verdict);
  const blockedHop = await page.locator('[data-testid=reach-result] li.blocked').textContent();
  assert.match(blockedHop, /main-rt/, `blocked at the route table: ${blockedHop}`);
  assert.ok((await page.getByTestId('reach-explanation').textContent()).length > 20, 'explained in words');
  const overlay = JSON.parse(await page.evaluate(() => window.__stratus.overlay()));
  assert.equal(overlay.blocked, 'subnet-private-c', 'the subnet using that table is marked on the canvas');

  // Undo brings the route back, and reachability with it.
  await page.getByTestId('diagram').focus();
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => /✓/.test(document.querySelector('[data-testid=reach-verdict]').textContent));
  assert.deepEqual(errors, []);
  await context.close();
});

test('an invalid drop is refused with a reason and changes nothing', async () => {
  const { page, context } = await openApp(browser);
  const before = await doc(page);
  const net = await nodeBox(page, 'internet');
  // An EC2 instance outside every subnet.
  await dropFromPalette(page, 'instance', { x: net.cx, y: net.y + net.h + 80 });
  const toast = await page.getByTestId('toast').textContent();
  assert.match(toast, /subnet/i, toast);
  assert.deepEqual(await doc(page), before);
  await context.close();
});

test('validation shows AWS error codes; clicking a problem selects the culprit; edits persist across reload', async () => {
  const { page, context } = await openApp(browser);
  const sub = await nodeBox(page, 'subnet-public-c');
  await page.mouse.click(sub.x + 15, sub.y + 50);
  await page.waitForFunction(() => window.__stratus.selected() === 'subnet-public-c');
  // Overlap public-a's block: AWS answers InvalidSubnet.Conflict.
  await page.getByTestId('field-cidr').fill('10.0.0.0/24');
  await page.getByTestId('field-cidr').press('Enter');
  await page.getByTestId('tab-problems').click();
  await page.waitForFunction(() => /InvalidSubnet\.Conflict/.test(document.querySelector('[data-testid=problems]').textContent));
  assert.match(await page.getByTestId('inspector-problems').textContent(), /InvalidSubnet\.Conflict/);
  await page.getByTestId('diagram').focus();
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=problems] .problem button').first().click();
  assert.ok(['subnet-public-a', 'subnet-public-c'].includes(await page.evaluate(() => window.__stratus.selected())));
  // A bad CIDR is refused with a message; the design keeps its last good value.
  await page.getByTestId('field-cidr').fill('10.0.0.7/24');
  await page.getByTestId('field-cidr').press('Enter');
  assert.match(await page.getByTestId('toast').textContent(), /host bits|10\.0\.0\.0\/24/);
  // Autosave: the edit survives a reload.
  await page.reload();
  await page.waitForSelector('html[data-stratus-ready="true"]');
  const d = await doc(page);
  assert.equal(d.nodes.find((n) => n.id === 'subnet-public-c').cidr, '10.0.0.0/24');
  await context.close();
});

test('an example opens unsaved until edited; the File menu keeps only designs (#13)', async () => {
  // The first visit's design is saved; examples opened after it are only looked at.
  const { page, context, errors } = await openApp(browser);
  await page.getByTestId('examples').selectOption('nacl-ephemeral');
  await page.waitForFunction(() => document.querySelector('[data-testid=scenario-name]').textContent === 'The forgotten ephemeral ports');
  assert.match(await page.getByTestId('link-banner').textContent(), /built-in example/);
  const listed = async () => {
    await page.getByTestId('file-menu').click();
    const text = await page.getByTestId('designs').textContent();
    await page.getByTestId('file-menu').click();
    return text;
  };
  let designs = await listed();
  assert.match(designs, /Your first web server/, designs);
  assert.doesNotMatch(designs, /Two-tier web app in Seoul|The forgotten ephemeral ports/, 'examples looked at are not saved');
  // The first change keeps it.
  const canvas = page.locator('canvas[data-testid=diagram]');
  await canvas.focus();
  await canvas.press('Control+a');
  await canvas.press('ArrowRight');
  await page.getByTestId('link-banner').waitFor({ state: 'detached' });
  designs = await listed();
  assert.match(designs, /The forgotten ephemeral ports/);
  assert.doesNotMatch(designs, /Two-tier web app in Seoul/);
  // The lesson: the response to port 80 is dropped by the stateless ACL.
  await ask(page, 'internet', 'i-web', 80);
  assert.match(await page.getByTestId('reach-verdict').textContent(), /Not reachable/);
  assert.match(await page.locator('[data-testid=reach-result] li.blocked').textContent(), /acl/i);
  assert.deepEqual(errors, []);
  await context.close();
});
