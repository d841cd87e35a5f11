// No English in the Korean UI (#13 point 5): in a ko-KR browser, every panel a person can
// reach is opened — the top bar and its menus, the shortcut sheet, the palette, the
// inspector of every kind of element of every built-in example (and of a VPN design), the
// VPC's route tables, security groups and network ACLs, the Goals editor, the Problems,
// Reachability and Metrics tabs, a run with its fault table and summary, the Users
// inspector, the context menu, the share and embed toasts, the embedded view — and every
// visible text (with title, aria-label and placeholder attributes, and the options of each
// select) is split into words. A Latin word fails the test unless it is an AWS name, an
// AWS error code, a unit, a key cap, the brand, or an id or name of the design document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { launch, openApp, openExample, nodeBox, URL } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Phrases of several words (or with digits) that stay in English in AWS's Korean console.
const PHRASES = [
  'Route 53', 'Auto Scaling', 'Direct Connect', 'Site-to-Site VPN', 'Elastic Load Balancing',
  'Application Load Balancer', 'Network Load Balancer', 'SQL Server', 'Transit Gateway',
  '503 Slow Down', // the S3 throttling error as S3 returns it (HTTP 503, code SlowDown)
];

// Single words allowed as they are. Keep this list small: a word here is never flagged.
const WORDS = new Set([
  // AWS products, services and their abbreviations (as AWS's Korean pages write them).
  'AWS', 'EC2', 'VPC', 'ALB', 'NLB', 'ELB', 'NAT', 'IGW', 'VGW', 'RDS', 'S3', 'EBS', 'CloudFront',
  'ASG', // Auto Scaling group, as the palette and the event log abbreviate it
  'SQS', 'SNS', 'FIFO', // Amazon SQS and SNS, and the FIFO queue type, as the Korean console writes them
  'vCPU',
  'Aurora', 'MySQL', 'PostgreSQL', 'MariaDB', 'Oracle', 'VPN', 'Spot', 'IOPS', 'ACL', 'SG', 'DB',
  'gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1',
  // The RDS Engine parameter's values (API identifiers, offered as they are).
  'mysql', 'postgres', 'mariadb', 'oracle', 'sqlserver', 'aurora-mysql', 'aurora-postgresql',
  // Networking and computing terms AWS's Korean documentation keeps in Latin letters.
  'CIDR', 'AZ', 'DNS', 'IP', 'IPv4', 'HTTP', 'HTTPS', 'TCP', 'UDP', 'ICMP', 'SSH', 'TTL', 'CPU', 'I/O',
  'ID', 'p50', 'p95', 'p99',
  'tcp', 'udp', 'icmp', // protocols as rules and the format write them ("tcp 443")
  'local', // the VPC's local route target, printed so by the VPC console in every language
  // Web terms of the embed code: the <iframe> element, the page's HTML, its readonly=1 option.
  'HTML', 'iframe', 'readonly',
  // File formats of the File menu.
  'JSON', 'PNG', 'SVG',
  // Units.
  'ms', 's', 'h', 'GiB', 'KiB', 'MiB', 'KB', 'MB', 'req/s', 'MiB/s', 'USD', 'Gbps', 'Mbps', '/s', '/h', 'USD/h',
  // Key caps, as printed on Korean keyboards (shortcut sheet, tooltips).
  'Ctrl', 'Shift', 'Alt', 'Delete', 'Backspace', 'Enter', 'Escape', 'Space',
  // The brand, and the language switch, which names the other language in that language.
  'Stratus', 'English',
]);

// Shapes of AWS identifiers that appear at run time (not in the document).
const SHAPES = [
  /^i-\d+$/, // instances an Auto Scaling group launches
  /^[a-z]+\d+[a-z]*\.(nano|micro|small|medium|large|\d*xlarge|metal)$/, // instance types
  /^db\.[a-z0-9]+\.[a-z0-9]+$/, // DB instance classes
  /^[a-z]{2}-[a-z]+-\d[a-z]?$/, // Region codes and zone names
  /^[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+$/, // AWS error codes and states: DependencyViolation, InService
  /^[A-Z]+(?:_[A-Z]+)+$/, // Reachability Analyzer explanation codes: SUBNET_ACL_RESTRICTION
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const phrase = (s) => new RegExp(`(?<![A-Za-z0-9_-])${escape(s)}(?![A-Za-z0-9_-])`, 'g');

/// Ids and names of the design document on the page: they are the person's, not the UI's.
async function documentNames(page) {
  const doc = JSON.parse(await page.evaluate(() => window.__stratus.scenario()));
  const names = new Set();
  const keep = ['zone', 'code', 'instance_type', 'instance_class', 'record_name'];
  const walk = (v, key) => {
    if (typeof v === 'string' && keep.includes(key)) names.add(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  for (const n of doc.nodes) {
    names.add(n.id);
    if (n.name) names.add(n.name);
    if (n.placement_group?.name) names.add(n.placement_group.name);
    walk(n);
  }
  for (const p of doc.traffic ?? []) if (p.name) names.add(p.name);
  return names;
}

/// Every text a person can see or hear on the page now: text nodes of visible elements,
/// their title, aria-label and placeholder, every option of every visible select; and the
/// texts of <code> elements apart (AWS error codes).
async function pageTexts(page) {
  return page.evaluate(() => {
    const texts = [];
    const codes = [];
    const visible = (el) => el.checkVisibility ? el.checkVisibility() : !!el.offsetParent;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent.trim()) continue;
      if (el.closest('option, textarea, script, style, title')) continue;
      // The screen-reader-only announcer is heard, not seen: it counts too.
      if (!visible(el) && !el.closest('.sr-only')) continue;
      if (el.closest('code')) codes.push(n.textContent.trim());
      else texts.push(n.textContent);
    }
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el)) continue;
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) texts.push(v);
      }
      if (el.tagName === 'SELECT') for (const o of el.options) texts.push(o.textContent);
    }
    // SVG <title> tooltips (the fault timeline's marks).
    for (const t of document.querySelectorAll('svg title')) texts.push(t.textContent);
    texts.push(document.title);
    return { texts, codes };
  });
}

/// The Latin words of `text` that are not allowed, given the document's names.
function untranslated(text, names) {
  // A JSON example (the scaling policies' placeholder) is the format, written as it is typed.
  let rest = text.replace(/\[?\{[^{}]*\}\]?/g, (json) => { try { JSON.parse(json); return ' '; } catch { return json; } });
  for (const p of [...PHRASES, ...[...names].sort((a, b) => b.length - a.length)]) {
    if (p) rest = rest.replace(phrase(p), ' ');
  }
  const bad = [];
  for (const m of rest.matchAll(/[A-Za-z0-9][A-Za-z0-9._/+\-']*/g)) {
    let word = m[0].replace(/[.'\-/+]+$/, '');
    if (!/[A-Za-z]/.test(word)) continue;
    if (WORDS.has(word) || SHAPES.some((s) => s.test(word))) continue;
    // A number with its unit (20ms, 3.2KB, 1000req/s) or a key chord (Ctrl+Shift+Z).
    const unit = word.match(/^[\d.,]+([A-Za-z/]+)$/);
    if (unit && WORDS.has(unit[1])) continue;
    if (word.includes('+') && word.split('+').every((k) => !k || WORDS.has(k) || /^[A-Z0-9]$/.test(k))) continue;
    if (/^[A-Z]$/.test(word)) continue; // a letter key (Z, C, V)
    bad.push(word);
  }
  return bad;
}

/// Collects the untranslated words seen at each step, with where and in what text.
class Findings {
  constructor(page) { this.page = page; this.found = new Map(); this.names = new Set(); }
  async check(where) {
    // The event log and the toasts keep speaking of earlier designs' elements.
    for (const n of await documentNames(this.page)) this.names.add(n);
    const names = this.names;
    const { texts, codes } = await pageTexts(this.page);
    for (const text of texts) {
      for (const word of untranslated(text, names)) {
        if (!this.found.has(word)) this.found.set(word, `${where}: "${text.trim().slice(0, 120)}"`);
      }
    }
    // AWS error codes: InvalidParameterValue, Client.InvalidRoute, Stratus.Route.AsymmetricReturn.
    for (const code of codes) {
      if (!/^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*$/.test(code) && untranslated(code, names).length) {
        this.found.set(code, `${where}: <code>${code}</code>`);
      }
    }
  }
  report() {
    return [...this.found].map(([w, at]) => `${w}  (${at})`).join('\n');
  }
}

/// Select every element of the design once (`]` walks them as a person would), looking at
/// the inspector of the first element of each kind.
const inspected = new Set();
async function inspectEveryKind(page, f, where, seen = new Set()) {
  await page.getByTestId('diagram').focus();
  await page.keyboard.press('Escape');
  const kindOf = (id) => page.evaluate((id) => {
    const n = JSON.parse(window.__stratus.scenario()).nodes.find((n) => n.id === id);
    return n ? n.kind : id.startsWith('users:') ? 'users' : null;
  }, id);
  let first = null;
  for (let k = 0; k < 200; k++) {
    await page.keyboard.press(']');
    const id = await page.evaluate(() => window.__stratus.selected());
    if (id === first) break;
    first ??= id;
    const kind = await kindOf(id);
    if (seen.has(kind)) continue;
    seen.add(kind);
    inspected.add(kind);
    await page.getByTestId('inspector-title').first().waitFor();
    await f.check(`${where}, inspector of ${kind} ${id}`);
  }
  await page.keyboard.press('Escape');
  return seen;
}

test('the Korean UI has no English words but AWS names, codes, units, keys and the design\'s own names', { timeout: 600000 }, async () => {
  const started = Date.now();
  const { page, context, errors } = await openApp(browser, { locale: 'ko-KR', example: null, scale: 1, viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new globalThis.URL(URL).origin });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  const f = new Findings(page);

  // The first view: top bar, palette, the example's note, nothing selected (Goals editor), Problems tab.
  await f.check('first view');
  await page.getByTestId('file-menu').click();
  await f.check('File menu');
  await page.getByTestId('file-menu').click();
  await page.getByTestId('shortcuts').click();
  await page.getByTestId('shortcuts-sheet').waitFor();
  await f.check('shortcut sheet');
  await page.getByTestId('shortcuts-sheet').getByRole('button').click();
  await page.getByTestId('palette-search').fill('게이트');
  await f.check('palette search');
  await page.getByTestId('palette-search').fill('zzz');
  await f.check('palette, no match');
  await page.getByTestId('palette-search').fill('');

  // The inspector of every kind of element, in every example (settings differ between examples).
  const examples = await page.getByTestId('examples').evaluate((s) => [...s.options].map((o) => o.value).filter(Boolean));
  let current = 'first-web-server'; // opened first
  for (const key of examples) {
    if (key !== current) await openExample(page, key);
    current = key;
    await f.check(`${key}: the design`);
    await inspectEveryKind(page, f, key);
    for (const tab of ['tab-problems', 'tab-reach', 'tab-metrics']) {
      await page.getByTestId(tab).click();
      await f.check(`${key}: ${tab}`);
    }
    await page.getByTestId('tab-problems').click();
  }

  // Reachability: a path that works and one that is refused, with its explanation.
  await openExample(page, 'nacl-ephemeral');
  await page.getByTestId('tab-reach').click();
  const ids = await page.evaluate(() => JSON.parse(window.__stratus.scenario()).nodes.filter((n) => ['instance', 'internet'].includes(n.kind)).map((n) => n.id));
  for (const [from, to] of [[ids.at(-1), ids[0]], [ids[0], ids.at(-1)]]) {
    await page.getByTestId('reach-from').selectOption(from);
    await page.getByTestId('reach-to').selectOption(to);
    await page.getByTestId('reach-check').click();
    await page.getByTestId('reach-result').waitFor();
    await f.check(`reachability ${from} → ${to}`);
  }

  // A VPC's route tables, security groups and network ACLs, each opened from its list.
  await openExample(page, 'two-tier');
  const vpc = await page.evaluate(() => JSON.parse(window.__stratus.scenario()).nodes.find((n) => n.kind === 'vpc').id);
  const v = await nodeBox(page, vpc);
  await page.mouse.click(v.x + 8, v.y + 8);
  await page.waitForFunction((id) => window.__stratus.selected() === id, vpc);
  await page.getByTestId('network-objects').waitFor();
  await f.check('VPC inspector');
  for (const slug of ['route-table', 'security-group', 'network-acl']) {
    const open = page.getByTestId(`netobj-${slug}s`).locator('button.link');
    for (let i = 0; i < await open.count(); i++) {
      await open.nth(i).click();
      await f.check(`VPC ${slug} ${i}`);
      inspected.add(slug.replace('-', '_'));
      await page.getByTestId('back-to-vpc').click();
    }
    await page.getByTestId(`new-${slug}`).click();
    await f.check(`new ${slug}`);
    await page.getByTestId('back-to-vpc').click();
  }
  // A refused deletion (the main route table) says why, with AWS's error code.
  await page.locator('[data-testid^=netobj-delete-]').first().click();
  await f.check('refused deletion');
  // Two elements at once.
  const [a, b] = await page.evaluate(() => JSON.parse(window.__stratus.scenario()).nodes.filter((n) => n.kind === 'instance').map((n) => n.id));
  for (const [k, id] of [a, b].entries()) {
    const box = await nodeBox(page, id);
    if (k) await page.keyboard.down('Shift');
    await page.mouse.click(box.cx, box.cy);
    if (k) await page.keyboard.up('Shift');
  }
  await f.check('two instances selected');
  await page.keyboard.press('Escape');
  // Run without users: the offer to add them.
  await page.getByTestId('run').click();
  await page.getByTestId('users-offer').waitFor();
  await f.check('users offer');
  await page.getByTestId('add-users-and-run').click();
  await page.waitForTimeout(1500);
  await f.check('users added and running');
  await page.getByTestId('stop').click();

  // A VPN and Direct Connect to an office (no example has one): imported from a file.
  const two = JSON.parse(await page.evaluate(() => window.__stratus.scenario()));
  two.name = 'VPN 설계';
  two.nodes.push(
    { id: 'office', kind: 'on_premises', cidr: '192.168.0.0/16' },
    { id: 'vgw', kind: 'vpn_gateway', vpc },
    { id: 'vpn', kind: 'vpn_connection', vpn_gateway: 'vgw', on_premises: 'office' },
    { id: 'dx', kind: 'direct_connect', vpn_gateway: 'vgw', on_premises: 'office' },
  );
  await page.getByTestId('import-input').setInputFiles({ name: 'vpn.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(two)) });
  await page.waitForFunction(() => window.__stratus.scenario().includes('"dx"'));
  await f.check('imported VPN design');
  await inspectEveryKind(page, f, 'VPN design', new Set(['region', 'vpc', 'subnet', 'instance', 'load_balancer', 'internet_gateway', 'internet', 'security_group', 'route_table', 'network_acl']));

  // A run with faults: the Break panel, the context menu, the fault table, the hover card, the summary.
  await openExample(page, 'health-check-trap-elb');
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('run').click();
  await page.waitForFunction(() => /0:00:(2\d|3\d)/.test(document.querySelector('[data-testid=sim-clock]').textContent), null, { timeout: 30000 });
  await page.getByTestId('run').click(); // pause
  const asg = await page.evaluate(() => JSON.parse(window.__stratus.scenario()).nodes.find((n) => n.kind === 'auto_scaling_group').id);
  const g = await nodeBox(page, asg);
  await page.mouse.click(g.cx, g.cy);
  await page.getByTestId('break-panel').waitFor();
  await f.check('Break panel of an Auto Scaling group (paused)');
  await page.mouse.click(g.cx, g.cy, { button: 'right' });
  await page.getByTestId('context-menu').waitFor();
  await f.check('context menu');
  await page.keyboard.press('Escape'); // closes the menu and clears the selection
  await page.mouse.click(g.cx, g.cy);
  await page.getByTestId('break-panel').locator('button.break').first().click();
  await page.getByTestId('tab-metrics').click();
  await page.getByTestId('fault-row').first().waitFor({ timeout: 20000 });
  await f.check('a fault, running');
  await page.mouse.move(g.cx, g.cy);
  await page.getByTestId('hover-card').waitFor({ timeout: 5000 }).catch(() => {});
  await f.check('hover card');
  await page.getByTestId('speed').selectOption('1000');
  await page.getByTestId('run-summary').waitFor({ timeout: 120000 });
  await f.check('run summary');
  await page.getByTestId('goal-toggle').click().catch(() => {});
  await f.check('goal checklist opened');

  // An instance's lifecycle actions, the Users inspector.
  await openExample(page, 'reference-web-app');
  const inst = await nodeBox(page, 'i-web-a1');
  await page.mouse.click(inst.cx, inst.cy);
  await page.getByTestId('act-stop').click();
  await page.getByTestId('act-start').waitFor({ timeout: 20000 });
  await f.check('a stopped instance');
  await page.getByTestId('stop').click();

  // Share and embed: their toasts; a new design; the embedded view in Korean.
  await page.getByTestId('share').click();
  await page.getByTestId('toast').waitFor();
  await f.check('share toast');
  await page.getByTestId('copy-embed').click();
  await page.waitForTimeout(300);
  await f.check('embed toast');
  await page.getByTestId('file-menu').click();
  await page.getByTestId('new-design').click();
  await f.check('new design');
  await page.getByTestId('file-menu').click();
  await f.check('File menu with designs');

  const envelope = JSON.stringify({ scenario: JSON.parse(await (await fetch(URL + 'examples/asg-az-outage.json')).text()) });
  const fragment = 'v1:' + Buffer.from(deflateSync(Buffer.from(envelope), { level: 9 })).toString('base64url');
  const embed = await openApp(browser, { url: URL + 'index.html?embed=1&lang=ko#' + fragment, example: null, scale: 1 });
  const fe = new Findings(embed.page);
  await fe.check('embed');
  await embed.page.getByTestId('embed-panels').click();
  await fe.check('embed, panels open');
  for (const [w, at] of fe.found) f.found.set(w, at);
  await embed.context.close();

  // Every kind of element a person can select was looked at.
  const kinds = ['region', 'vpc', 'subnet', 'route_table', 'security_group', 'network_acl', 'internet_gateway',
    'nat_gateway', 'instance', 'auto_scaling_group', 'load_balancer', 'rds_instance', 's3_bucket',
    'cloudfront_distribution', 'route53_record', 'internet', 'on_premises', 'vpn_gateway', 'users'];
  assert.deepEqual(kinds.filter((k) => !inspected.has(k)), [], `inspected: ${[...inspected]}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`# looked at the Korean UI in ${seconds} s`);
  assert.equal(f.found.size, 0, `${f.found.size} untranslated words in the Korean UI:\n${f.report()}`);
  assert.deepEqual(errors, []);
  await context.close();
});
