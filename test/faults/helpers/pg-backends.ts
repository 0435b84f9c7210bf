import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * The local TCP ports a process uses for connections to `serverPort`, read from /proc: how a test
 * finds the Postgres backends of one child process (pg_stat_activity.client_port) on a server
 * shared with other tests, without giving the process a special application_name.
 */
export function clientPortsOf(pid: number, serverPort: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* fd closed meanwhile */
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const local = cols[1]!;
      const remote = cols[2]!;
      const inode = cols[9]!;
      if (!inodes.has(inode)) continue;
      if (parseInt(remote.split(':')[1]!, 16) !== serverPort) continue;
      ports.push(parseInt(local.split(':')[1]!, 16));
    }
  }
  return ports;
}
