// Debian's chromium, headless, on a local file: the DOM it builds and screenshots at a given window size.
// A fresh profile per call and every background service off, so that it contacts nothing.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTool } from './required-tools.js';

const CHROMIUM = findTool('chromium');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function chromium(args: readonly string[]): Promise<string> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-chromium-'));
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM as string, [...FLAGS, `--user-data-dir=${profile}`, ...args], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      fs.rmSync(profile, { recursive: true, force: true });
      if (error) reject(new Error(`chromium failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The DOM after loading the file (scripts, if any, would have run). */
export function dumpDom(file: string): Promise<string> {
  return chromium(['--dump-dom', `file://${path.resolve(file)}`]);
}

export async function screenshot(file: string, width: number, height: number, out: string): Promise<void> {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await chromium([`--window-size=${width},${height}`, `--screenshot=${path.resolve(out)}`, `file://${path.resolve(file)}`]);
}
