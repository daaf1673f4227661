// Label values of a consumer under the operator's name policy (reference vf-attribution.md §7.4). VM and pod
// names are chosen by tenants and /metrics is often unauthenticated, so:
//   name  the names as found (Nova's display name only when asked for: it is customer data);
//   id    stable IDs instead of tenant-chosen names: a VM's UUID (Proxmox: its VMID), a pod's UID; a consumer
//         with no ID falls back to its hash. Namespaces stay: the cluster's administrators create them;
//   hash  a salted SHA-256 of the name and of the namespace, 16 hex digits: the same name gives the same value
//         (dashboards still group by it) without saying it.
// DPDK prefixes and comms are the host operator's, not a tenant's: they pass under every policy.
// Every value is sanitised: well-formed UTF-8, no control or bidirectional-override characters, at most 128
// characters.

import { createHash } from 'node:crypto';
import type { VfConsumer } from './consumer-types.js';

export type NamePolicy = 'name' | 'id' | 'hash';

export const NAME_POLICIES: readonly NamePolicy[] = ['name', 'id', 'hash'];

export const MAX_LABEL_CHARACTERS = 128;

export interface NameOptions {
  readonly policy: NamePolicy;
  /** Mixed into every hash so that a name cannot be found by hashing guesses elsewhere. */
  readonly salt?: string;
  /** Publish Nova's display name (policy `name` only). */
  readonly displayNames?: boolean;
}

export interface ConsumerLabels {
  readonly consumer_kind: string;
  readonly consumer: string;
  readonly consumer_namespace: string;
  /** Set only under policy `name` with displayNames. */
  readonly display_name?: string;
}

// C0/C1 controls and DEL (\p{Cc}), and the bidirectional embeddings, overrides and isolates that can make a
// value display as another.
const UNSAFE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;
// A surrogate without its pair is no character: UTF-8 cannot encode it (String.prototype.toWellFormed is ES2024).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function sanitizeLabelValue(text: string, max = MAX_LABEL_CHARACTERS): string {
  const clean = text.replace(LONE_SURROGATE, '\ufffd').replace(UNSAFE, '');
  if (clean.length <= max) return clean;
  // Cut by code points, so that a surrogate pair is never split.
  return Array.from(clean).slice(0, max).join('');
}

export function hashName(value: string, salt = ''): string {
  return createHash('sha256').update(salt).update('\u0000').update(value).digest('hex').slice(0, 16);
}

export function consumerLabels(consumer: VfConsumer, options: NameOptions): ConsumerLabels {
  const tenantNamed = consumer.kind === 'vm' || consumer.kind === 'pod';
  let name = consumer.consumer;
  let namespace = consumer.namespace;
  if (tenantNamed && name !== '' && options.policy === 'id') {
    const d = consumer.details;
    const id = consumer.kind === 'vm' ? (d.vmUuid ?? (d.vmid !== undefined ? String(d.vmid) : undefined)) : d.podUid;
    name = id ?? hashName(name, options.salt);
  } else if (tenantNamed && options.policy === 'hash') {
    if (name !== '') name = hashName(name, options.salt);
    if (namespace !== '') namespace = hashName(namespace, options.salt);
  }
  const display = options.policy === 'name' && options.displayNames ? consumer.details.displayName : undefined;
  return {
    consumer_kind: consumer.kind,
    consumer: sanitizeLabelValue(name),
    consumer_namespace: sanitizeLabelValue(namespace),
    ...(display !== undefined ? { display_name: sanitizeLabelValue(display) } : {}),
  };
}
