// The browser half of `cargo xtask bench`: the production build in headless Chromium runs
// the same models as `stratus bench` (M/M/4 events/s; the reference web app for one
// simulated hour) through the page's `window.__stratus` hooks. Prints one JSON line.
import { launch, openApp, nodeBox } from '../e2e/browser.mjs';

/// A 500-node design: one VPC with 20 subnets in two AZs, 471 instances, one ALB in front
/// of all of them (471 links), laid out on a grid.
export function bigDesign() {
  const nodes = [
    { id: 'internet', kind: 'internet' },
    { id: 'r', kind: 'region', code: 'ap-northeast-2' },
    { id: 'az-a', kind: 'availability_zone', region: 'r', zone: 'ap-northeast-2a' },
    { id: 'az-c', kind: 'availability_zone', region: 'r', zone: 'ap-northeast-2c' },
    { id: 'v', kind: 'vpc', region: 'r', cidr: '10.0.0.0/16' },
    { id: 'igw', kind: 'internet_gateway', vpc: 'v' },
    { id: 'rt', kind: 'route_table', vpc: 'v', main: true, routes: [{ destination: '0.0.0.0/0', target: 'igw' }] },
    { id: 'sg', kind: 'security_group', vpc: 'v', inbound: [{ protocol: 'tcp', ports: '80', cidr: '0.0.0.0/0' }], outbound: [{ protocol: 'all', ports: 'all', cidr: '0.0.0.0/0' }] },
  ];
  const layout = { internet: { x: -120, y: 300 }, r: { x: 0, y: 0, w: 1840, h: 1260 }, v: { x: 30, y: 60, w: 1780, h: 1170 }, igw: { x: 30, y: 300 } };
  const subnets = [];
  for (let i = 0; i < 20; i++) {
    const id = `s${i}`;
    subnets.push(id);
    nodes.push({ id, kind: 'subnet', vpc: 'v', az: i < 10 ? 'az-a' : 'az-c', cidr: `10.0.${i}.0/24` });
    layout[id] = { x: 80 + (i % 5) * 345, y: 150 + Math.floor(i / 5) * 265, w: 320, h: 230 };
  }
  const targets = [];
  for (let j = 0; j < 471; j++) {
    const s = j % 20;
    const k = Math.floor(j / 20);
    const id = `i${j}`;
    targets.push(id);
    nodes.push({ id, kind: 'instance', instance_type: 't3.micro', subnet: `s${s}`, security_groups: ['sg'] });
    const at = layout[`s${s}`];
    layout[id] = { x: at.x + 40 + (k % 6) * 48, y: at.y + 70 + Math.floor(k / 6) * 45 };
  }
  nodes.push({ id: 'alb', kind: 'load_balancer', type: 'alb', subnets: ['s0', 's10'], security_groups: ['sg'], targets });
  layout.alb = { x: 900, y: 110 };
  return { format: 1, name: '500 nodes', nodes, layout };
}

/// Drop a scenario file on the canvas, as a person imports one.
async function importDesign(page, design) {
  const before = await page.evaluate(() => window.__stratus.scenario());
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'big.json', { type: 'application/json' }));
    document.querySelector('[data-testid=diagram]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, JSON.stringify(design));
  await page.waitForFunction((b) => window.__stratus.scenario() !== b, before);
}

/// Drag with the mouse in `steps` moves while recording each frame's script work.
async function profiledDrag(page, from, dx, dy, steps) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.evaluate(() => window.__stratus.profile(true));
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(from.x + (dx * i) / steps, from.y + (dy * i) / steps);
    // Let a frame happen now and then, as a real pointer does between events.
    if (i % 2 === 0) await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  const frames = JSON.parse(await page.evaluate(() => window.__stratus.frameTimes()));
  await page.evaluate(() => window.__stratus.profile(false));
  await page.mouse.up();
  return frames;
}

/// p50, p95 and max of the frames of dragging a subnet (with its instances) and one instance.
async function editorDrag(browser) {
  const { page, context } = await openApp(browser, { example: null, scale: 1, viewport: { width: 1600, height: 1000 } });
  const design = bigDesign();
  await importDesign(page, design);
  const sub = await nodeBox(page, 's6');
  await page.mouse.click(sub.x + 8, sub.y + 6);
  const frames = await profiledDrag(page, { x: sub.x + 8, y: sub.y + 6 }, 120, 80, 120);
  const one = await nodeBox(page, 'i100');
  frames.push(...(await profiledDrag(page, { x: one.cx, y: one.cy }, -150, 60, 120)));
  await context.close();
  const sorted = [...frames].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { nodes: design.nodes.length, frames: frames.length, p50_ms: q(0.5), p95_ms: q(0.95), max_ms: sorted[sorted.length - 1] };
}

/// The reference web app running (the simulation in its worker): the page's script per
/// drawn frame at 100x, the particles on screen, and the frame rate at 1000x.
async function running(browser) {
  const { page, context } = await openApp(browser, { example: 'reference-web-app', scale: 1 });
  await page.getByTestId('speed').selectOption('100');
  await page.getByTestId('run').click();
  await page.waitForFunction(() => /0:00:[1-5]\d|0:0[1-9]:/.test(document.querySelector('[data-testid=sim-clock]').textContent), null, { timeout: 30000 });
  await page.evaluate(() => window.__stratus.profile(true));
  await page.waitForTimeout(3000);
  const frames = JSON.parse(await page.evaluate(() => window.__stratus.frameTimes()));
  await page.evaluate(() => window.__stratus.profile(false));
  const particles = JSON.parse(await page.evaluate(() => window.__stratus.overlay())).live?.particles ?? 0;
  await page.getByTestId('speed').selectOption('1000');
  const fps = await page.evaluate(() => new Promise((done) => {
    let n = 0;
    const start = performance.now();
    const count = () => { n++; if (performance.now() - start < 2000) requestAnimationFrame(count); else done(n / ((performance.now() - start) / 1000)); };
    requestAnimationFrame(count);
  }));
  await context.close();
  const sorted = [...frames].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { speed: 100, frames: frames.length, p50_ms: q(0.5), p95_ms: q(0.95), max_ms: sorted[sorted.length - 1], particles, fps_at_1000x: fps };
}

const browser = await launch();
try {
  const { page } = await openApp(browser, { example: null, scale: 1 });
  const customers = Number(process.env.MMC_CUSTOMERS ?? 2000000);
  const mmc = JSON.parse(await page.evaluate((n) => window.__stratus.benchMmc(n), customers));
  const hour = JSON.parse(await page.evaluate(() => window.__stratus.bench('reference-web-app', 3600, 1)));
  const drag = await editorDrag(browser);
  const run = await running(browser);
  console.log(JSON.stringify({
    editor_drag: drag,
    running: run,
    mmc: { customers, events: mmc.events, wall_s: mmc.wall_ms / 1000, events_per_s: mmc.events / (mmc.wall_ms / 1000) },
    reference_web_app: { wall_s: hour.wall_ms / 1000, events: hour.events, requests: hour.requests, fingerprint: hour.fingerprint, wasm_memory_mib: hour.wasm_memory_mib },
    browser: await browser.version(),
  }));
} finally {
  await browser.close();
}
