// The benchmarks' clock: CPU time of this process (user + system), in ms. The machine is shared,
// and CPU time leaves out the time the process waits for a core, which wall time does not; on an
// idle machine the two agree for single-threaded work. Sweeps (several threads) use wall time.
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
