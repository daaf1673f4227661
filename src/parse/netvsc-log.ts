// hv_netvsc's kernel log lines about a synthetic NIC's VF (drivers/net/hyperv/netvsc.c and netvsc_drv.c):
//   hv_netvsc <instance> eth0: VF slot 1 added | removed           (the host offered or took away the VF)
//   hv_netvsc <instance> eth0: VF registering: eth1 | VF unregistering: enP53091s1np0
//   hv_netvsc <instance> eth0: Data path switched to VF: enP53091s1np0 | … from VF: …
// Real lines in reference/hyperv.md §5. Syslog prefixes and dmesg timestamps are allowed before them. Give it
// one boot's log (`journalctl -k -b`): an event of an earlier boot says nothing about this one.

export type NetvscEventKind = 'vf-added' | 'vf-removed' | 'vf-registering' | 'vf-unregistering' | 'datapath-to-vf' | 'datapath-from-vf';

export interface NetvscEvent {
  readonly kind: NetvscEventKind;
  /** The VMBus instance GUID of the synthetic NIC. */
  readonly instance: string;
  /** The synthetic NIC's name when the line was written. */
  readonly netdev: string;
  /** Seconds since boot, when the line has a dmesg timestamp. */
  readonly seconds?: number;
  readonly slot?: number;
  /** The VF's netdev name (registering, unregistering, data path). */
  readonly vf?: string;
  readonly line: string;
}

const LINE = /(?:\[\s*(?<seconds>\d+\.\d+)\]\s+)?hv_netvsc (?<instance>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) (?<netdev>[^\s:]+): (?<message>.*)$/i;

export function parseNetvscEvents(text: string): NetvscEvent[] {
  const events: NetvscEvent[] = [];
  for (const raw of text.split('\n')) {
    const groups = LINE.exec(raw)?.groups;
    if (groups === undefined) continue;
    const message = (groups.message as string).trim();
    const base = {
      instance: (groups.instance as string).toLowerCase(),
      netdev: groups.netdev as string,
      ...(groups.seconds !== undefined ? { seconds: Number(groups.seconds) } : {}),
      line: raw.trim(),
    };
    let m: RegExpExecArray | null;
    if ((m = /^VF slot (\d+) (added|removed)$/.exec(message))) events.push({ ...base, kind: m[2] === 'added' ? 'vf-added' : 'vf-removed', slot: Number(m[1]) });
    else if ((m = /^VF (registering|unregistering): (\S+)$/.exec(message))) events.push({ ...base, kind: m[1] === 'registering' ? 'vf-registering' : 'vf-unregistering', vf: m[2] as string });
    else if ((m = /^Data path switched (to|from) VF: (\S+)$/.exec(message))) events.push({ ...base, kind: m[1] === 'to' ? 'datapath-to-vf' : 'datapath-from-vf', vf: m[2] as string });
  }
  return events;
}
