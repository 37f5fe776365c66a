// Typed arrays a run context refills (sim/engine.ts, RunContext): the array a previous run left,
// zeroed, when it has the length this run needs, else a new one. A zeroed array reads exactly as a
// new one, so a run cannot tell which it got.

export function float64(prev: Float64Array | undefined, length: number): Float64Array {
  if (prev === undefined || prev.length !== length) return new Float64Array(length);
  prev.fill(0);
  return prev;
}

export function int32(prev: Int32Array | undefined, length: number): Int32Array {
  if (prev === undefined || prev.length !== length) return new Int32Array(length);
  prev.fill(0);
  return prev;
}

export function uint8(prev: Uint8Array | undefined, length: number): Uint8Array {
  if (prev === undefined || prev.length !== length) return new Uint8Array(length);
  prev.fill(0);
  return prev;
}
