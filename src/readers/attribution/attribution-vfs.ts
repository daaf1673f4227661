// The topology's VFs as attribution takes them: address, driver, host netdev, IOMMU group. One mapping for the
// exporter's attribution collector, the preflight and the benchmark.

import type { AttributionVf } from '../../attribution/consumer-types.js';
import type { Topology } from '../topology-reader.js';

export function attributionVfs(topology: Topology): AttributionVf[] {
  return topology.pfs.flatMap((pf) =>
    pf.vfs.map((vf) => ({
      address: vf.address,
      ...(vf.driver !== undefined ? { driver: vf.driver } : {}),
      ...(vf.netdev !== undefined ? { netdev: vf.netdev } : {}),
      ...(vf.iommuGroup !== undefined ? { iommuGroup: vf.iommuGroup } : {}),
    })),
  );
}
