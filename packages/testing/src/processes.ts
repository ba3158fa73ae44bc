// What benchmarks read of a process on Linux, from /proc.
import { readFileSync } from 'node:fs';

/** CPU time a process has used so far, in milliseconds (user + system); undefined once it has ended, or without /proc. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (which may hold spaces): utime and stime are the 12th and 13th fields, in clock ticks (100 a second).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
