// What a program may touch: Deno-style `--allow-net`, `--allow-read`, `--allow-write`.
//
// With none of the flags everything is allowed, as a Go program may do anything. With
// any of them, only what they grant: `--allow-net` alone allows every address and no
// file at all. A flag without a value grants its whole kind; with a value it grants
// the listed items (comma-separated, the flag may be repeated):
//
//   --allow-net=HOST[:PORT],...   a host (any port) or one port of it; hosts as written
//                                 in the program ("localhost" and "127.0.0.1" differ)
//   --allow-read=PATH,...         these files and everything below these directories
//   --allow-write=PATH,...        (paths resolved against the working directory)
//
// The host checks every operation that names a path or an address before doing it
// (poller.ts); a refusal is an io::Error of kind PermissionDenied whose message names
// the flag that would allow it (std/io.gos). stdin, stdout and stderr are always open.
//
// This module imports only node:path; the browser host can share it.

import path from 'node:path';

interface Grant { all: boolean; items: string[] }

export interface Permissions {
  net: Grant;
  read: Grant;
  write: Grant;
}

const FLAGS = ['net', 'read', 'write'] as const;
type Kind = typeof FLAGS[number];

/**
 * Takes the leading permission flags off `args` (for `gossamer run` they come before
 * FILE; for a built program before its own arguments; `--` ends them). Returns null
 * permissions when there were none: everything is allowed.
 */
export function takePermissionFlags(args: string[]): { permissions: Permissions | null; rest: string[] } {
  let perms: Permissions | null = null;
  let i = 0;
  for (; i < args.length; i++) {
    const flag = parsePermissionFlag(args[i]);
    if (flag === null) {
      if (args[i] === '--') i++;
      break;
    }
    perms ??= emptyPermissions();
    addGrant(perms, flag.kind, flag.value);
  }
  return { permissions: perms, rest: args.slice(i) };
}

/** `--allow-KIND` or `--allow-KIND=a,b`; null if `arg` is not a permission flag. */
export function parsePermissionFlag(arg: string): { kind: Kind; value: string | null } | null {
  const m = /^--allow-(net|read|write)(?:=(.*))?$/.exec(arg);
  return m ? { kind: m[1] as Kind, value: m[2] ?? null } : null;
}

export function emptyPermissions(): Permissions {
  return { net: { all: false, items: [] }, read: { all: false, items: [] }, write: { all: false, items: [] } };
}

export function addGrant(perms: Permissions, kind: Kind, value: string | null): void {
  const g = perms[kind];
  if (value === null || value === '') { g.all = true; return; }
  for (const item of value.split(',').map(s => s.trim()).filter(Boolean)) {
    g.items.push(kind === 'net' ? item.toLowerCase() : path.resolve(item));
  }
}

/** The permissions as command-line flags (to hand them to a launcher process). */
export function permissionFlags(perms: Permissions | null): string[] {
  if (!perms) return [];
  const out: string[] = [];
  for (const kind of FLAGS) {
    const g = perms[kind];
    if (g.all) out.push(`--allow-${kind}`);
    else if (g.items.length > 0) out.push(`--allow-${kind}=${g.items.join(',')}`);
  }
  // Some flag was given: keep the restriction even if it granted nothing expressible.
  return out.length > 0 ? out : ['--allow-net='];
}

export function allowsNet(perms: Permissions | null, host: string, port: number): boolean {
  if (!perms || perms.net.all) return true;
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return perms.net.items.some(item => {
    const g = splitHostPort(item);
    return g.host === h && (g.port === null || g.port === port);
  });
}

/** "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address. */
export function splitHostPort(item: string): { host: string; port: number | null } {
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(item);
  if (v6) return { host: v6[1], port: v6[2] === undefined ? null : Number(v6[2]) };
  const colons = item.split(':').length - 1;
  if (colons === 1) {
    const at = item.indexOf(':');
    return { host: item.slice(0, at), port: /^\d+$/.test(item.slice(at + 1)) ? Number(item.slice(at + 1)) : null };
  }
  return { host: item, port: null };
}

export function allowsPath(perms: Permissions | null, kind: 'read' | 'write', file: string): boolean {
  if (!perms || perms[kind].all) return true;
  const abs = path.resolve(file);
  return perms[kind].items.some(item => abs === item || abs.startsWith(item.endsWith(path.sep) ? item : item + path.sep));
}
