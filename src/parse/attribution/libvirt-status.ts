// libvirt's status file of a running domain, /run/libvirt/qemu/<domain>.xml (reference vf-attribution.md §3):
//   <domstatus state='running' reason='booted' pid='195139'> … <domain type='kvm' id='1'><name>…</name><uuid>…</uuid>
//     <metadata><nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1"><nova:name>…</nova:name>…
//     <devices>
//       <hostdev mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/></source><alias name='hostdev0'/>
//       <interface type='hostdev'><source><address type='pci' …/></source>…
//       <interface type='network'><source network='sriov-pool'/><actual type='hostdev'><source><address type='pci' …/></source></actual>
// Only the host side counts: the `<address>` right under a device is the guest's PCI slot, not the VF.
// The `pid` attribute ties the file to a process without ptrace. A persistent definition (<domain> at the
// root, /etc/libvirt/qemu) is configuration, not use, and is refused as the wrong document.

import { SaxesParser, type SaxesTagNS } from 'saxes';
import { pciAddressFromParts } from './pci-address-forms.js';
import { type Parsed, parseIssue } from '../../fact.js';

export interface LibvirtHostdev {
  /** The host's VF. */
  readonly address: string;
  /** libvirt's device alias (`hostdev0`; KubeVirt `ua-sriov-<network>`). */
  readonly alias?: string;
}

export interface NovaInstance {
  /** The metadata namespace's version (`1.0` on old instances, `1.1`). */
  readonly version: string;
  /** The display name the user gave the instance: tenant data, shown only when asked for. */
  readonly displayName?: string;
}

export interface LibvirtStatus {
  readonly name: string;
  readonly uuid?: string;
  readonly pid?: number;
  readonly state?: string;
  readonly hostdevs: readonly LibvirtHostdev[];
  readonly nova?: NovaInstance;
}

const NOVA_NS = /\/libvirt\/nova\/([0-9.]+)$/;

interface DeviceContext {
  /** Element depth of the device (hostdev or interface). */
  readonly depth: number;
  readonly type: string | undefined;
  address?: string;
  alias?: string;
}

export function parseLibvirtStatus(xml: string): Parsed<LibvirtStatus> {
  if (xml.trim() === '') return parseIssue('EEMPTY', 'empty file');
  const parser = new SaxesParser({ xmlns: true });
  const stack: string[] = [];
  let failure: Parsed<never> | undefined;
  let root: SaxesTagNS | undefined;
  let name: string | undefined;
  let uuid: string | undefined;
  let text = '';
  let device: DeviceContext | undefined;
  let actualType: string | undefined;
  let nova: { version: string; displayName?: string } | undefined;
  let novaDepth = -1;
  const hostdevs: LibvirtHostdev[] = [];

  // domstatus/domain/devices/<device> sits at depth 3 (0-based): the element paths below are fixed by libvirt.
  const at = (...path: string[]) => path.length === stack.length && path.every((p, i) => stack[i] === p);

  parser.on('error', (error) => {
    if (failure) return;
    const truncated = /unclosed tag|unexpected end/.test(error.message);
    failure = parseIssue(truncated ? 'ESHORT' : 'EPARSE', `XML: ${error.message}`);
  });
  parser.on('opentag', (tag) => {
    stack.push(tag.local);
    text = '';
    const attr = (key: string) => tag.attributes[key]?.value;
    if (stack.length === 1) root = tag;
    if (at('domstatus', 'domain', 'devices', 'hostdev') || at('domstatus', 'domain', 'devices', 'interface')) {
      device = { depth: stack.length, type: attr('type') };
      actualType = undefined;
    } else if (device && tag.local === 'actual' && stack.length === device.depth + 1) {
      actualType = attr('type');
    } else if (device && tag.local === 'alias' && stack.length === device.depth + 1) {
      device.alias = attr('name');
    } else if (device && tag.local === 'address' && stack[stack.length - 2] === 'source' && hostSide(device, stack, actualType)) {
      const type = attr('type');
      if (type === undefined || type === 'pci') {
        device.address = pciAddressFromParts({ domain: attr('domain'), bus: attr('bus'), slot: attr('slot'), function: attr('function') });
      }
    } else if (at('domstatus', 'domain', 'metadata', 'instance')) {
      const version = NOVA_NS.exec(tag.uri);
      if (version) {
        nova = { version: version[1] as string };
        novaDepth = stack.length;
      }
    }
  });
  parser.on('text', (chunk) => {
    text += chunk;
  });
  parser.on('closetag', (tag) => {
    if (at('domstatus', 'domain', 'name')) name = text.trim();
    else if (at('domstatus', 'domain', 'uuid')) uuid = text.trim().toLowerCase();
    else if (nova && tag.local === 'name' && stack.length === novaDepth + 1) nova.displayName = text.trim();
    if (device && stack.length === device.depth) {
      if (device.address !== undefined) hostdevs.push({ address: device.address, ...(device.alias !== undefined ? { alias: device.alias } : {}) });
      device = undefined;
    }
    if (stack.length === novaDepth) novaDepth = -1;
    stack.pop();
    text = '';
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    // saxes throws only without an error handler; kept as a last guard so that no input can throw.
    failure ??= parseIssue('EPARSE', `XML: ${(error as Error).message}`);
  }
  if (failure) return failure;
  if (root?.local !== 'domstatus') {
    return parseIssue('ESHAPE', root?.local === 'domain' ? 'a domain definition, not a status file (<domstatus>)' : `root element <${root?.local ?? ''}>, expected <domstatus>`);
  }
  if (name === undefined || name === '') return parseIssue('ESHAPE', 'no <domain><name>');
  const pidText = root.attributes.pid?.value;
  const pid = pidText !== undefined && /^\d{1,10}$/.test(pidText) ? Number(pidText) : undefined;
  const state = root.attributes.state?.value;
  return ({
    name,
    ...(uuid ? { uuid } : {}),
    ...(pid !== undefined ? { pid } : {}),
    ...(state !== undefined ? { state } : {}),
    hostdevs,
    ...(nova ? { nova } : {}),
  });
}

/** Whether a <source><address> inside this device names a host PCI device. */
function hostSide(device: DeviceContext, stack: readonly string[], actualType: string | undefined): boolean {
  const inner = stack.slice(device.depth); // below the device element: […, 'source', 'address']
  if (stack[device.depth - 1] === 'hostdev') return device.type === 'pci' && inner.length === 2;
  if (inner.length === 2) return device.type === 'hostdev'; // <interface type='hostdev'><source><address>
  return inner.length === 3 && inner[0] === 'actual' && actualType === 'hostdev'; // <actual type='hostdev'><source><address>
}
