// What the attribution readers need of HostFs, as a type of its own so that a test can wrap it: count the
// reads (the caches' point) or refuse some paths with EACCES (root in CI reads everything).

import type { HostFs } from '../../host/host-fs.js';

export type AttributionFs = Pick<HostFs, 'list' | 'readLink' | 'readText' | 'exists' | 'version'>;
