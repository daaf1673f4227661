// The check table: every check sriov-check runs, in report order (layer by layer, in fix order within
// a layer). A check id is a public contract: docs/checks.md lists each one, and a test keeps them equal.

import type { CheckDefinition } from './check-types.js';
import { FIRMWARE_CHECKS } from './firmware-checks.js';
import { HYPERVISOR_CHECKS } from './hypervisor-checks.js';
import { NIC_CHECKS } from './nic-checks.js';

export const CHECKS: readonly CheckDefinition[] = [...NIC_CHECKS, ...FIRMWARE_CHECKS, ...HYPERVISOR_CHECKS];
