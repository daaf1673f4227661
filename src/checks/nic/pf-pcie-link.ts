// nic.pf.pcie-link: a card in a slot narrower or slower than it supports caps every VF's throughput.

import { isIssue } from '../../fact.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { PfView } from '../host-view.js';
import { pass, skip, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';

const fix = remedies('pcie-full-slot');

export const pfPcieLink: PfCheck = {
  id: 'nic.pf.pcie-link',
  layer: 'nic',
  scope: 'pf',
  title: 'Does the PCIe link run at the speed and width the card supports?',
  reads: '<pf>/{current_link_speed,current_link_width,max_link_speed,max_link_width}',
  fix: 'Move the card to a slot wired for its full width and generation, or check the BIOS slot settings.',
  remedies: fix.codes,
  run,
};

function run(pf: PfView): Outcome {
  const { currentLinkSpeed: speed, currentLinkWidth: width, maxLinkSpeed: maxSpeed, maxLinkWidth: maxWidth } = pf.device;
  const what = 'PCIe link attributes';
  if (isIssue(speed)) return unknown(what, speed);
  if (isIssue(width)) return unknown(what, width);
  if (isIssue(maxSpeed)) return unknown(what, maxSpeed);
  if (isIssue(maxWidth)) return unknown(what, maxWidth);
  if (!speed || !width || !maxSpeed || !maxWidth) return skip('the kernel reports no PCIe link for this function');
  const now = `${speed.text} x${width}`;
  if (speed.gts < maxSpeed.gts || width < maxWidth) {
    const summary = `PCIe link runs at ${now}, the card supports ${maxSpeed.text} x${maxWidth}: VF throughput is capped by the slot`;
    return warn(summary, fix('pcie-full-slot'));
  }
  return pass(`PCIe link at ${now}`);
}
