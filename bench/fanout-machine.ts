/** The machine a benchmark ran on (fan-out and frame-apply record it): CPU count and how busy it already was. */
import { cpus, loadavg } from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  /** 1-minute load average when the benchmark finished; near or above `cpus` means other work competed for the CPU. */
  loadAverage1m: number;
}

export function machineNow(): MachineInfo {
  const list = cpus();
  return { cpus: list.length, cpuModel: list[0]?.model ?? 'unknown', loadAverage1m: Math.round(loadavg()[0] * 100) / 100 };
}
