// The collector table: every collector of sriov-exporter, in exposition order. Each is switched on and off
// with --[no-]collector.<name>; docs/metrics.md has a section per collector.

import type { CollectorDefinition } from './collector-types.js';
import { inventoryCollector } from './inventory-collector.js';
import { readinessCollector } from './readiness-collector.js';
import { vfQueuesCollector } from './vf-queues-collector.js';
import { vfTrafficCollector } from './vf-traffic-collector.js';

export const COLLECTORS: readonly CollectorDefinition[] = [inventoryCollector, vfTrafficCollector, vfQueuesCollector, readinessCollector];
