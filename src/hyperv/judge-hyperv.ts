// Every finding about a Windows Hyper-V host from one collector document: the host, its SR-IOV adapters, its
// external switches, and — when a VM is named — that VM's adapters. The verdict is report.ts's verdictOf, as on
// Linux.

import type { Finding } from '../checks/check-types.js';
import type { HypervDocument } from '../parse/hyperv-document.js';
import { judgeSriovAdapters } from './adapter-decisions.js';
import { judgeHypervHost } from './host-decisions.js';
import { judgeVirtualSwitches } from './switch-decisions.js';
import { judgeVmAdapters } from './vnic-decisions.js';

export interface HypervOptions {
  /** VFs each SR-IOV adapter must provide (`--vfs N`). */
  readonly vfs?: number;
  /** The VM whose adapters are judged (`--vm NAME`). */
  readonly vm?: string;
}

export function judgeHypervDocument(document: HypervDocument, options: HypervOptions = {}): Finding[] {
  return [
    ...judgeHypervHost(document),
    ...judgeSriovAdapters(document, options.vfs === undefined ? {} : { vfs: options.vfs }),
    ...judgeVirtualSwitches(document),
    ...(options.vm === undefined ? [] : judgeVmAdapters(document, options.vm)),
  ];
}
