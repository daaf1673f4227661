// A pod's log directory, /var/log/pods/<namespace>_<name>_<uid> (kubelet BuildPodLogsDirectory; world-readable).
// Namespaces are DNS labels and pod names DNS subdomains: neither can hold `_`, so the split is exact — the
// kubelet itself takes the UID as the last `_` field. The directory exists while the pod does.

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

const LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
// A UUID, or a static pod's 32-hex-digit manifest hash.
const UID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/;

export function parsePodLogDir(name: string): PodRef | undefined {
  const parts = name.split('_');
  if (parts.length !== 3) return undefined;
  const [namespace, pod, uid] = parts as [string, string, string];
  if (!LABEL.test(namespace) || !SUBDOMAIN.test(pod) || !UID.test(uid)) return undefined;
  return { namespace, name: pod, uid };
}

/**
 * The VM of a KubeVirt launcher pod, `virt-launcher-<vm>-<5 random characters>` (the pod's generateName is
 * `virt-launcher-<vmi name>-`) (inference: read from the naming, not from a file that says so).
 */
export function kubevirtVmOfPod(podName: string): string | undefined {
  const match = /^virt-launcher-(.+)-[a-z0-9]{5}$/.exec(podName);
  return match ? match[1] : undefined;
}
