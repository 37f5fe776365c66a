// Typed arrays a run context refills (sim/engine.ts, RunContext): the array a previous run left,
// zeroed, when it has the length this run needs, else a new one. A zeroed array reads exactly as a
// new one, so a run cannot tell which it got.

type Typed = Float64Array | Int32Array | Uint8Array;

function refill<T extends Typed>(prev: T | undefined, length: number, make: (length: number) => T): T {
  if (prev === undefined || prev.length !== length) return make(length);
  prev.fill(0);
  return prev;
}

export const float64 = (prev: Float64Array | undefined, length: number): Float64Array =>
  refill(prev, length, (k) => new Float64Array(k));

export const int32 = (prev: Int32Array | undefined, length: number): Int32Array =>
  refill(prev, length, (k) => new Int32Array(k));

export const uint8 = (prev: Uint8Array | undefined, length: number): Uint8Array =>
  refill(prev, length, (k) => new Uint8Array(k));
