import { readFileSync } from 'node:fs';
import { chromium, expect, test } from '@playwright/test';
import { allStats, treeOf } from '../bench/proc';
import { CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES, resolveChromium } from './chromium';

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return ''; // the process ended between the listing and the read
  }
}

function disabledFeatures(command: string): string[] {
  const matches = [...command.matchAll(/--disable-features=(\S+)/g)];
  return (matches.at(-1)?.[1] ?? '').split(',').filter(Boolean);
}

test('the run repeats every feature Playwright turns off (Chromium keeps only the last --disable-features)', async () => {
  // `args: []`: the self-test config's launch options would otherwise add the run's own flags.
  const server = await chromium.launchServer({ executablePath: resolveChromium(), args: [] });
  try {
    const pid = server.process().pid;
    const playwrights = disabledFeatures(pid === undefined ? '' : commandLine(pid));
    expect(playwrights.length, 'Playwright starts Chromium with features turned off').toBeGreaterThan(0);
    expect(playwrights.filter((feature) => !PLAYWRIGHT_DISABLED_FEATURES.includes(feature)), 'Playwright turns these off and the run would turn them back on').toEqual([]);
  } finally {
    await server.close();
  }
});

test('a browser context of a run starts no address-bar renderer of its own', async () => {
  const server = await chromium.launchServer({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    for (let index = 0; index < 3; index++) {
      const page = await (await browser.newContext()).newPage();
      await page.setContent(`<p>context ${index}</p>`);
    }
    const root = server.process().pid;
    const renderers = treeOf(allStats(), root === undefined ? [] : [root]).map(commandLine).filter((command) => command.includes('--type=renderer'));
    expect(renderers.length).toBeGreaterThanOrEqual(3);
    expect(renderers.filter((command) => command.includes('--top-chrome-webui')), 'WebUI renderers (one per window since Chromium 151)').toEqual([]);
    // The renderers inherit the browser's switches: Playwright's features stay off beside ours.
    expect(disabledFeatures(renderers[0] ?? '')).toEqual(expect.arrayContaining([...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup']));
    await browser.close();
  } finally {
    await server.close();
  }
});
