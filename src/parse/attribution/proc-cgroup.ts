// /proc/<pid>/cgroup → the Kubernetes pod the process runs in, by the pod UID in the kubelet's cgroup names:
//   systemd driver: …/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid, '-' written '_'>.slice/…
//   cgroupfs driver: …/kubepods/burstable/pod<uid>/<container id>   (Guaranteed pods sit right under kubepods)
// cgroup v1 lists one line per hierarchy, v2 one line "0::/…"; any line naming a pod will do.
// A static pod's UID is the hash of its manifest (32 hex digits, no dashes).

const SYSTEMD = /kubepods(?:-[a-z]+)?-pod([0-9a-f_]{32,36})\.slice/;
const CGROUPFS = /\/kubepods\/(?:[a-z]+\/)?pod([0-9a-f-]{32,36})(?:\/|$)/;

/** The pod UID (dashed, as the API and /var/log/pods write it), or undefined outside a pod. */
export function podUidFromCgroup(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const match = SYSTEMD.exec(line) ?? CGROUPFS.exec(line);
    if (match) return (match[1] as string).replace(/_/g, '-');
  }
  return undefined;
}
