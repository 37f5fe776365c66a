// The render worker: draws the network on an OffscreenCanvas and hands the picture back as an
// ImageBitmap, so rasterising hundreds of actors and thousands of ties never blocks the page's main
// thread during playback (issue 12 item 8). The page sends the run once, each week's frame once,
// then scenes (positions, view, hover); one picture is in flight at a time.
import { batchTies, type DrawFrame, drawNetwork, type Scene, type TieBatch } from './network-draw.ts';
import type { ActorInfo } from './protocol.ts';

export type RenderRequest =
  | { type: 'run'; actors: ActorInfo[]; threshold: number }
  | { type: 'frame'; frame: DrawFrame }
  | { type: 'draw'; scene: Scene };

const scope = self as unknown as {
  postMessage(m: ImageBitmap, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<RenderRequest>) => void) | null;
};

let canvas: OffscreenCanvas | null = null;
let actors: ActorInfo[] = [];
let threshold = 0;
let frame: DrawFrame | null = null;
let batches: TieBatch[] = [];

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'run') {
    actors = m.actors;
    threshold = m.threshold;
    frame = null;
  } else if (m.type === 'frame') {
    frame = m.frame;
    batches = batchTies(frame, actors);
  } else {
    const { width, height } = m.scene;
    if (!canvas) canvas = new OffscreenCanvas(width, height);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const ctx = canvas.getContext('2d')!;
    if (frame) drawNetwork(ctx, actors, frame, batches, threshold, m.scene);
    else ctx.clearRect(0, 0, width, height);
    const bitmap = canvas.transferToImageBitmap();
    scope.postMessage(bitmap, [bitmap]);
  }
};
