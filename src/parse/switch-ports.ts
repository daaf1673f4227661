// Which netdev of a PF's PCI function is the PF itself and which stand for its VFs. A PF whose embedded switch is
// in switchdev mode (devlink eswitch mode switchdev: mlx5, ice, nfp…) carries, beside its own netdev (the
// uplink), one representor netdev per VF on the same PCI device; without a udev rule the kernel names them eth0,
// eth1…, so only their `phys_port_name` tells them apart (net/devlink/port.c __devlink_port_phys_port_name_get):
//   p<port>[s<split>]           the physical port: the uplink, the PF's own netdev
//   [c<controller>]pf<pf>       a PF representor (a SmartNIC's host PF)
//   [c<controller>]pf<pf>vf<vf> a VF representor; a controller other than the local one is another host's VF
//   [c<controller>]pf<pf>sf<sf> a subfunction representor
//   pf<pf>vfr<vf>               ice's own format, for kernels where its VF had no devlink port yet
// All representors and the uplink of one switch share `phys_switch_id`.

export type PortName =
  | { readonly kind: 'physical'; readonly port: number }
  | { readonly kind: 'pf'; readonly controller?: number; readonly pf: number }
  | { readonly kind: 'vf'; readonly controller?: number; readonly pf: number; readonly vf: number }
  | { readonly kind: 'sf'; readonly controller?: number; readonly pf: number; readonly sf: number };

const PHYSICAL = /^p(\d+)(?:s\d+)?$/;
const FUNCTION = /^(?:c(\d+))?pf(\d+)(?:(vfr?|sf)(\d+))?$/;

/** A phys_port_name; undefined for anything else (the driver's own text, or none). */
export function parsePortName(text: string): PortName | undefined {
  const name = text.trim();
  const physical = PHYSICAL.exec(name);
  if (physical) return { kind: 'physical', port: Number(physical[1]) };
  const fn = FUNCTION.exec(name);
  if (!fn) return undefined;
  const controller = fn[1] === undefined ? {} : { controller: Number(fn[1]) };
  const pf = Number(fn[2]);
  if (fn[3] === undefined) return { kind: 'pf', ...controller, pf };
  if (fn[3] === 'sf') return { kind: 'sf', ...controller, pf, sf: Number(fn[4]) };
  return { kind: 'vf', ...controller, pf, vf: Number(fn[4]) };
}

/** A netdev of a PF's PCI function, as far as its role goes. */
export interface PortNetdev {
  readonly name: string;
  /** phys_port_name, when the driver gives one. */
  readonly portName?: string;
  /** phys_switch_id, when the netdev is a port of an embedded switch. */
  readonly switchId?: string;
}

export interface PfPorts {
  /** The PF's own netdev — in switchdev mode its uplink: a physical port, or else a netdev that represents nothing. */
  readonly uplink?: string;
  /** This PF's VFs' representors, by VF index. */
  readonly vfRepresentors: ReadonlyMap<number, string>;
  /** Representors of anything else on this PCI device (the PF itself, subfunctions, other PFs' or hosts' VFs). */
  readonly otherRepresentors: readonly string[];
  /** The switch the uplink is a port of. */
  readonly switchId?: string;
}

/**
 * Sorts a PF's netdevs (given in name order) into its own and its representors. `pfNumber` is the PF's number
 * as the representors name it (`pf<N>vf…`): its PCI function number.
 */
export function pfPorts(pfNumber: number, netdevs: readonly PortNetdev[]): PfPorts {
  const vfRepresentors = new Map<number, string>();
  const otherRepresentors: string[] = [];
  let physical: PortNetdev | undefined;
  let plain: PortNetdev | undefined;
  for (const netdev of netdevs) {
    const port = netdev.portName === undefined ? undefined : parsePortName(netdev.portName);
    if (port === undefined) plain ??= netdev;
    else if (port.kind === 'physical') physical ??= netdev;
    // Another controller's functions belong to another host: nothing of this PF.
    else if (port.kind === 'vf' && port.controller === undefined && port.pf === pfNumber && !vfRepresentors.has(port.vf)) vfRepresentors.set(port.vf, netdev.name);
    else otherRepresentors.push(netdev.name);
  }
  const uplink = physical ?? plain;
  return {
    ...(uplink ? { uplink: uplink.name } : {}),
    vfRepresentors,
    otherRepresentors,
    ...(uplink?.switchId ? { switchId: uplink.switchId } : {}),
  };
}

/** `0000:3b:00.1` → 1: the function number a PF's representors name it by. */
export function functionNumber(pciAddress: string): number {
  return Number(pciAddress.slice(pciAddress.lastIndexOf('.') + 1)) || 0;
}
