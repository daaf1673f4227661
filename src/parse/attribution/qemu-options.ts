// QEMU's option syntax (QemuOpts, util/qemu-option.c): `key=value,key=value`, a comma inside a value written
// twice (`guest=a,,b` is `a,b`), and for some options an implied first key (`-name web01` is guest=web01,
// `-device vfio-pci,…` is driver=vfio-pci). A key without `=` elsewhere is a boolean switched on.

/** The options of one QemuOpts value, in order; `implied` names the key of a leading bare value. */
export function parseQemuOpts(text: string, implied?: string): ReadonlyMap<string, string> {
  const options = new Map<string, string>();
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== ',') {
      current += c;
    } else if (text[i + 1] === ',') {
      current += ',';
      i++;
    } else {
      parts.push(current);
      current = '';
    }
  }
  parts.push(current);
  parts.forEach((part, index) => {
    const eq = part.indexOf('=');
    if (eq >= 0) options.set(part.slice(0, eq), part.slice(eq + 1));
    else if (index === 0 && implied !== undefined) options.set(implied, part);
    else if (part !== '') options.set(part, 'on');
  });
  return options;
}
