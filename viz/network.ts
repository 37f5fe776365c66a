// The network on the page: positions come with each week's frame (layout.ts, in the engine worker)
// and ease from one week to the next; the view fits them to the stage, with the user's pan and zoom
// (d3-zoom) on top; the picture is drawn in a render worker (render-worker.ts) and shown here.
import * as d3 from 'd3';
import type { RunData } from './engine-client.ts';
import type { SizeBy } from './marks.ts';
import { portrayActor, portrayMeeting } from './marks.ts';
import {
  type Box,
  batchTies,
  coordinatorLabels,
  drawNetwork,
  hullOf,
  isNamed,
  LABEL_MARGIN,
  labelFont,
  labelsOf,
  labelUnit,
  meetingsOf,
  nameLabels,
  placeLabels,
  type Scene,
  type TieBatch,
  textScale,
  worldBoxes,
  markDiscs as worldDiscs,
} from './network-draw.ts';
import { networkSVG, TITLE_LINE, titleLines } from './network-svg.ts';
import type { Frame } from './protocol.ts';
import type { RenderRequest } from './render-worker.ts';

/** Distance between consortium centres in layout units (a consortium spans about 300). */
const SPACING = 360;
/** A pane narrower than this (CSS px) has no room for a meeting's label beside a halo. */
const NARROW_PANE = 380;
/** The most a layout is stretched to its pane's shape (fitStretch): further, a round network reads as flattened. */
const STRETCH = 1.7;

export interface DrawStats {
  week: number;
  ties: number;
  actors: number;
  meetings: number;
}

/** A label as drawn on the network, with its box in CSS pixels (NetworkView.labels). */
export interface DrawnLabel {
  text: string;
  /** A partner's name shortened on screen: the name whole. */
  full?: string;
  /** The partner a name belongs to. */
  actor?: number;
  /** Lines it is set in. */
  lines: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The font it is set in on screen, in CSS px (never a world size scaled up by the zoom). */
  font: string;
}
export class NetworkView {
  readonly canvas: HTMLCanvasElement;
  private run: RunData | null = null;
  private frame: Frame | null = null;
  /** Positions on screen (world units), the week's positions they ease to, consortium centres. */
  private shown = new Float32Array(0);
  private target = new Float32Array(0);
  private centres: [number, number][] = [];
  /**
   * How much the week's layout is drawn wider (x) or taller (y) than the engine lays it out, so that
   * a round network fills a wide or tall pane (a single consortium; the same for A and B, whose
   * panes are one size). Marks keep their shape: only the distances between them stretch.
   */
  private stretch = { x: 1, y: 1 };
  private fitted = { k: 1, x: 0, y: 0 };
  private user = d3.zoomIdentity;
  private zoom: d3.ZoomBehavior<HTMLCanvasElement, unknown>;
  private size = { w: 0, h: 0 };
  private footH = 0;
  /** The same without the news line (measureFoot): the national grid's shape is chosen for it. */
  private footSteady = 0;
  /**
   * The lowest bottom edge, from the stage's top, of what stands over the network (the scenario's
   * name, a caption, the news line presenting), CSS px: labels keep below it.
   */
  private headH = 0;
  /** Width of the zoom buttons' column from the stage's right edge, CSS px. */
  private zoomW = 0;
  private hovered = -1;
  private _sizeBy: SizeBy = 'degree';
  private _follow = 0;
  private labelScale = 1;
  private frames = 0;
  private fitNow = true;
  /** The run shows its partners' names under their marks (a partner list). */
  private names = false;
  /** The fitted view was still easing at the last animation frame. */
  private fitting = true;
  /** Something changed since the last picture (the layout at rest is not redrawn every frame). */
  private dirty = true;
  private renderer: Worker | null = null;
  private inFlight = false;
  private local: { ctx: CanvasRenderingContext2D; batches: TieBatch[] } | null = null;
  stats: DrawStats = { week: 0, ties: 0, actors: 0, meetings: 0 };
  /** Height at the top of the stage the network keeps clear of (the presentation caption), CSS px. */
  private _insetTop = 0;
  /** The smallest type of a meeting's label, CSS px (presenting), or 0. */
  private minType = 0;
  get insetTop(): number {
    return this._insetTop;
  }
  set insetTop(v: number) {
    if (Math.abs(v - this._insetTop) < 1) return;
    this._insetTop = v;
    this.dirty = true;
    this.placeConsortia();
  }
  onHover: ((actor: number, x: number, y: number) => void) | null = null;

  constructor(readonly container: HTMLElement) {
    NetworkView.shown.add(this);
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'network-canvas';
    container.appendChild(this.canvas);
    if (typeof OffscreenCanvas !== 'undefined') {
      this.renderer = new Worker(new URL('./render-worker.ts', import.meta.url), { type: 'module' });
      const show = this.canvas.getContext('bitmaprenderer')!;
      this.renderer.onmessage = (e: MessageEvent<ImageBitmap>) => {
        show.transferFromImageBitmap(e.data);
        this.inFlight = false;
      };
      this.renderer.onerror = (e) => {
        console.error(`network renderer: ${e.message}`);
        this.inFlight = false;
      };
    } else this.local = { ctx: this.canvas.getContext('2d')!, batches: [] };
    // The stage's size, and the news line and badge under the network (taller in compare mode and on
    // a phone, where they wrap): the fit keeps the actors clear of them. The room they take is
    // measured from the stage's bottom edge to the top of those in its lower half (presenting, the
    // news line stands in the caption's band at the top, kept by insetTop).
    const foot = container.querySelector<HTMLElement>('.net-foot');
    const sizes = new ResizeObserver(() => {
      const w = container.clientWidth;
      const h = container.clientHeight;
      if (w !== this.size.w || h !== this.size.h) this.fitNow = true;
      this.size = { w, h };
      // The foot first: the grid is laid out clear of it.
      this.footH = this.measureFoot();
      this.placeConsortia();
      // The zoom buttons' column on the right (built after the view; absent in some tests' pages).
      const zoom = container.querySelector<HTMLElement>('.zoom-controls');
      this.zoomW = zoom ? container.clientWidth - zoom.offsetLeft : 0;
      this.dirty = true;
    });
    sizes.observe(container);
    if (foot) {
      sizes.observe(foot);
      for (const el of foot.children) sizes.observe(el);
    }
    this.zoom = d3
      .zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.5, 8])
      .on('zoom', (e: d3.D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        this.user = e.transform;
        this.dirty = true;
      });
    d3.select(this.canvas).call(this.zoom).on('dblclick.zoom', null);
    const pick = (e: PointerEvent) => {
      const rect = this.canvas.getBoundingClientRect();
      const i = this.pick(e.clientX - rect.left, e.clientY - rect.top);
      if (i !== this.hovered) this.dirty = true;
      this.hovered = i;
      this.onHover?.(i, e.clientX, e.clientY);
    };
    this.canvas.addEventListener('pointermove', pick);
    this.canvas.addEventListener('pointerdown', pick);
    // On a touch screen the tooltip stays after the finger lifts; a tap on empty space closes it.
    this.canvas.addEventListener('pointerleave', (e) => {
      if (e.pointerType === 'touch') return;
      this.setHovered(-1);
      this.onHover?.(-1, 0, 0);
    });
  }

  private post(m: RenderRequest): void {
    this.renderer?.postMessage(m);
  }

  setRun(run: RunData | null): void {
    const same = run && this.run && run.actors.length === this.run.actors.length;
    this.run = run;
    this.names = !!run?.actors.some(isNamed);
    this.frame = null;
    this.dirty = true;
    if (!same) this.shown = new Float32Array(0);
    if (!run) return;
    this.post({ type: 'run', actors: run.actors, threshold: run.scenario.observation.tieThreshold });
    this.cols = 0;
    this.placeConsortia();
    this.fitNow = true;
  }

  /**
   * Consortia on a grid shaped like the stage, laid again when the stage's shape asks for other
   * columns (a pane that was wide in watch mode and is half as wide in compare): A and B, in panes
   * of one size, share one grid, so consortium N sits in the same place in each.
   */
  private cols = 0;
  /** Every network view of the page (A and B): their grids share one shape. */
  private static shown = new Set<NetworkView>();
  /** Distance between rows of the grid (layout units): a cell and its name's band above it. */
  private rowStep = 0;
  private weekShown = 0;
  /**
   * The room a national run's consortia lie in, CSS px from each edge of the stage: below the
   * scenario's name (and the caption's band presenting) as measured, clear of the zoom buttons on
   * the right and of the news line and status below. fit() and the grid use the same, but the
   * grid's shape is chosen without the news line (`steady`): it comes and goes with the week, and
   * the grid is only drawn a little smaller while it stands there.
   */
  private gridMargins(
    ms: number,
    steady = false,
  ): { left: number; right: number; top: number; bottom: number } {
    const W = this.size.w;
    // The lowest scenario name of the panes on screen: A's name on two lines and B's on one gave
    // A five columns and B four.
    const head = this.shared('headH');
    // And the tallest foot: B's news line on two lines and A's empty gave them two grids.
    const foot = this.shared(steady ? 'footSteady' : 'footH');
    return {
      left: Math.min(24, 0.04 * W),
      right: Math.max(Math.min(72, Math.max(60, 0.05 * W + 8)), this.zoomW + 14 * ms),
      top: Math.max(head + 6, this._insetTop + 16),
      bottom: Math.max(24, foot + 4 + 13 * ms),
    };
  }

  /** The height a consortium's name takes over its cell, CSS px, its lift off the marks included. */
  private nameBand(ms: number): number {
    const unit = Math.max(0.85, ms, this.minType / 13);
    return this.nameSizes[1] * unit * 1.15 + 16 * ms + 5 * Math.max(0.85, ms) + 6 * ms;
  }

  /**
   * The type of the followed consortium's name and of the others' numbers, in label units (13 units
   * are the page's type presenting): presenting, the numbers are set in the page's type (at 17 units
   * they took a band so tall that they were left out for want of room).
   */
  private get nameSizes(): [number, number] {
    return this.minType > 0 ? [17, 13] : [22, 17];
  }

  /**
   * Consortia on a grid that fills the stage: of every shape (columns × rows), the one whose cells
   * come out largest in the room the fit leaves, each row with a band for the names above it sized in
   * screen pixels, so every consortium's number has room (rows a fixed distance apart in layout units
   * left them no room once zoomed out, and the numbers were dropped). Laid again when the stage's
   * size or the type asks for another grid (a pane that was wide in watch mode and is half as wide in
   * compare): A and B, in panes of one size, share one grid, so consortium N sits in the same place
   * in each.
   */
  private placeConsortia(): void {
    if (!this.run) return;
    const n = this.run.scenario.consortia;
    this.fitStretch(n);
    const { w: W, h: H } = this.size;
    // A consortium spans at most CELL layout units (its partners lie within 170 of its centre),
    // columns are SPACING apart.
    const CELL = 340;
    let best = { cols: Math.min(n, Math.ceil(Math.sqrt(n * 1.6))), k: 0, band: 0 };
    if (n > 1 && W > 0 && H > 0) {
      // The marks' scale hangs on the zoom: settled in a few rounds.
      let ms = this.markScale(best.k || this.view.k);
      for (let round = 0; round < 4; round++) {
        const m = this.gridMargins(ms, true);
        const band = this.nameBand(ms);
        const w = W - m.left - m.right;
        const h = H - m.top - m.bottom;
        best = { cols: best.cols, k: 0, band };
        for (let cols = 1; cols <= n; cols++) {
          const rows = Math.ceil(n / cols);
          const k = Math.min(
            w / ((cols - 1) * SPACING + CELL),
            (h - rows * band) / ((rows - 1) * (SPACING - CELL) + rows * CELL),
          );
          if (k > best.k + 1e-9) best = { cols, k, band };
        }
        if (best.k <= 0) break;
        ms = this.markScale(best.k);
      }
    }
    const cols = best.cols;
    // Rows a cell and a name's band apart (the band converted to layout units at the grid's zoom).
    const dy = n > 1 && best.k > 0 ? SPACING + best.band / best.k : SPACING + 50;
    if (cols === this.cols && Math.abs(dy - this.rowStep) < 0.02 * SPACING) return;
    this.cols = cols;
    this.rowStep = dy;
    const rows = Math.ceil(n / cols);
    this.centres = Array.from({ length: n }, (_, c) => [
      (c % cols) * SPACING - ((cols - 1) / 2) * SPACING,
      Math.floor(c / cols) * dy - ((rows - 1) / 2) * dy,
    ]);
    // The week on screen moves to the new grid.
    if (!this.frame) return;
    this.frame = null;
    this.setWeek(this.weekShown);
    this.fitNow = true;
  }

  /**
   * The stretch for the pane's shape now: the room the fit leaves (as for the grid above) against a
   * layout about as wide as it is tall, at most STRETCH either way. A national run's grid takes the
   * pane's shape already. When it changes, the week on screen moves to it.
   */
  private fitStretch(consortia: number): void {
    // One consortium of a national run shown large is framed as a single network, beside its index:
    // stretched to the room as one is (drawn about as wide as tall in a wide pane, it filled a third
    // of the pane's width, and the band and the foot kept it to 55–60% of its height presenting).
    const one = consortia === 1 || this.focused >= 0;
    const w = this.size.w - 110 - (consortia > 1 ? this.focusFoot : 0);
    const h = this.size.h - Math.max(72, this._insetTop + 16, this.underHead(40)) - 60;
    const a = one && w > 0 && h > 0 ? w / h / 1.1 : 1;
    const x = Math.min(STRETCH, Math.max(1, a));
    const y = Math.min(STRETCH, Math.max(1, 1 / a));
    if (Math.abs(x - this.stretch.x) < 0.02 && Math.abs(y - this.stretch.y) < 0.02) return;
    this.stretch = { x, y };
    if (!this.frame) return;
    this.frame = null;
    this.setWeek(this.weekShown);
    this.fitNow = true;
  }

  /** Watching (no caption's band kept), the scenario's name's lower edge and `room` under it; else 0. */
  private underHead(room: number): number {
    return this._insetTop > 0 ? 0 : this.shared('headH') + room;
  }

  /**
   * The scenario's name or the foot of the panes on screen, the tallest: A and B are fitted in one
   * room, so that the same network is drawn at one scale in both (at a comparison's first week A's
   * line of who the partners are drew A smaller than B, the same partners at two sizes).
   */
  private shared(band: 'headH' | 'footH' | 'footSteady'): number {
    let most = this[band];
    for (const v of NetworkView.shown) if (v.size.w > 0) most = Math.max(most, v[band]);
    return most;
  }

  /** A run's last frame, without its meetings: the picture of the weeks after the run ended. */
  private ended: Frame | null = null;

  /**
   * The frame of `week`: past the end of a run that has ended (the one of a comparison that finished
   * first), its last frame without the meetings of its last week (they were drawn as this week's,
   * halo and label, weeks after the run had ended).
   */
  private frameOf(week: number): Frame {
    const run = this.run!;
    const last = run.frame(week);
    if (!run.done || week <= run.lastWeek || last.meetings.length === 0) return last;
    if (this.ended?.xy !== last.xy) this.ended = { ...last, meetings: [] };
    return this.ended;
  }

  /** The columns of the consortia's grid (a national run). */
  get gridColumns(): number {
    return this.cols;
  }

  setWeek(week: number): void {
    if (!this.run || this.run.frames.length === 0) return;
    const f = this.frameOf(week);
    this.weekShown = week;
    if (f === this.frame) return;
    this.frame = f;
    this.dirty = true;
    const { actors } = this.run;
    this.target = new Float32Array(f.xy.length);
    // One consortium shown large: the others stand eight times as far from it, out of the picture.
    const [fx, fy] = this.focused >= 0 ? (this.centres[this.focused] ?? [0, 0]) : [0, 0];
    for (const a of actors) {
      let [cx, cy] = this.centres[a.consortium] ?? [0, 0];
      if (this.focused >= 0 && a.consortium !== this.focused) {
        cx = fx + (cx - fx) * 8;
        cy = fy + (cy - fy) * 8;
      }
      this.target[2 * a.id] = f.xy[2 * a.id] * this.stretch.x + cx;
      this.target[2 * a.id + 1] = f.xy[2 * a.id + 1] * this.stretch.y + cy;
    }
    // A new run starts where its first week is; later weeks ease there.
    if (this.shown.length !== this.target.length) {
      this.shown = this.target.slice();
      this.fitNow = true;
    }
    const { week: w, source, target, weight, active, engagement, degree, betweenness, meetings } = f;
    const drawFrame = { week: w, source, target, weight, active, engagement, degree, betweenness, meetings };
    if (this.local) this.local.batches = batchTies(f, actors);
    else this.post({ type: 'frame', frame: drawFrame });
    this.stats = {
      week: f.week,
      ties: f.weight.length,
      actors: f.active.reduce((a, b) => a + b, 0),
      meetings: f.meetings.length,
    };
  }

  get sizeBy(): SizeBy {
    return this._sizeBy;
  }
  set sizeBy(v: SizeBy) {
    this._sizeBy = v;
    this.dirty = true;
  }
  /** The consortium the panels follow, named in bold on the national view. */
  set follow(c: number) {
    this._follow = c;
    this.dirty = true;
  }

  /** The positions on screen have reached the week's layout (nothing left to ease). */
  get settled(): boolean {
    return this.shown.length === this.target.length && this.shown.every((v, i) => v === this.target[i]);
  }

  /** The positions and the fitted view have both come to rest (nothing left to ease). */
  get fitSettled(): boolean {
    return this.settled && !this.fitting;
  }

  /** Each actor's mark as drawn: centre and radius in CSS pixels relative to the canvas. */
  markDiscs(): { x: number; y: number; r: number }[] {
    const f = this.frame;
    if (!this.run || !f) return [];
    const { k, x, y } = this.view;
    const rs = this.markScale() / k;
    return this.run.actors.map((a) => {
      const m = portrayActor(a, f, this._sizeBy, rs);
      // The coordinator's outer ring, the triangle's corners reach beyond r.
      const r = (m.ring === 'coordinator' ? m.r + 4 * rs : m.shape === 'triangle' ? m.r * 1.25 : m.r) * k;
      return { x: this.shown[2 * a.id] * k + x, y: this.shown[2 * a.id + 1] * k + y, r };
    });
  }

  /** World positions of the actors as drawn (x, y pairs), for the tests' layout checks. */
  positions(): number[] {
    return [...this.shown];
  }

  /** Ease one step and draw if anything changed; called once per animation frame. */
  tick(): void {
    if (!this.run || !this.frame) return;
    const moving = this.ease();
    if (this.frames++ % 30 === 0) {
      // Marks follow the page's type size (it grows on large screens and with the large-type option).
      // Large type (AA) makes them larger than the page's type grows (style.css --marks).
      const root = getComputedStyle(document.documentElement);
      const marks = Number.parseFloat(root.getPropertyValue('--marks')) || 1;
      const px = (Number.parseFloat(root.fontSize) || 15) * marks;
      const type = px / 15;
      if (Math.abs(type - this.labelScale) > 0.01) {
        this.labelScale = type;
        this.dirty = true;
        this.placeConsortia();
      }
      // Presenting, a meeting's label is set no smaller than the page's type (it was 10 px across a
      // room); and labels keep clear of the zoom buttons' column, which grows with the type.
      const minType = document.documentElement.classList.contains('present') ? px : 0;
      const zoom = this.container.querySelector<HTMLElement>('.zoom-controls');
      const zoomW = zoom ? this.container.clientWidth - zoom.offsetLeft : 0;
      if (minType !== this.minType || Math.abs(zoomW - this.zoomW) > 0.5) {
        this.minType = minType;
        this.zoomW = zoomW;
        this.dirty = true;
        this.placeConsortia();
      }
    }
    // Every frame, not with the checks above: a caption comes up with the week that brings it, and
    // labels placed below the band it left empty sat under it until the next check (up to half a
    // second, presenting in compare).
    this.measureBands();
    const fitting = this.fit();
    this.fitting = fitting;
    if (!moving && !fitting && !this.dirty) return;
    if (this.inFlight) return;
    this.dirty = false;
    const dpr = window.devicePixelRatio || 1;
    const scene: Scene = {
      xy: this.shown.slice(),
      view: this.view,
      markScale: this.markScale(),
      sizeBy: this._sizeBy,
      hovered: this.hovered,
      consortia: this.consortiumLabels(),
      width: Math.max(1, Math.round(this.size.w * dpr)),
      height: Math.max(1, Math.round(this.size.h * dpr)),
      dpr,
      clear: this.clear,
      minType: this.minType,
      only: this.focused,
    };
    if (this.local) {
      if (this.canvas.width !== scene.width) this.canvas.width = scene.width;
      if (this.canvas.height !== scene.height) this.canvas.height = scene.height;
      const threshold = this.run.scenario.observation.tieThreshold;
      drawNetwork(this.local.ctx, this.run.actors, this.frame, this.local.batches, threshold, scene);
      return;
    }
    this.inFlight = true;
    this.post({ type: 'draw', scene });
  }

  /** Positions move a share of the way to this week's layout each animation frame, then snap. */
  private ease(): boolean {
    const s = this.shown;
    const t = this.target;
    let far = 0;
    for (let i = 0; i < s.length; i++) far = Math.max(far, Math.abs(t[i] - s[i]));
    if (far === 0) return false;
    if (far < 0.05) s.set(t);
    else for (let i = 0; i < s.length; i++) s[i] += (t[i] - s[i]) * 0.22;
    return true;
  }

  /**
   * The room the news line and status take at the stage's bottom now (the top of those in its lower
   * half). Kept as well: the room without the news line, which comes and goes with the week (the
   * national grid's shape is chosen for that: it went from seven columns to ten and back as the
   * followed consortium's news came and went, "Show consortium N large" raised over it).
   */
  private measureFoot(): number {
    const box = this.container.getBoundingClientRect();
    let top = box.bottom;
    let steady = box.bottom;
    const foot = [...(this.container.querySelector('.net-foot')?.children ?? [])];
    // A national grid's "Show consortium N large" stands over the foot on the left: the grid keeps
    // above it (it covered the last row's consortia on a tablet and a phone, presenting).
    const show = this.container.querySelector<HTMLElement>('.cons-index:not(.open)');
    if (show) foot.push(show);
    for (const el of foot) {
      const r = el.getBoundingClientRect();
      if (!(r.height > 0 && r.top > box.top + box.height / 2)) continue;
      top = Math.min(top, r.top);
      if (el.classList.contains('net-news')) continue;
      steady = Math.min(steady, r.top + (el === show ? Number(show.dataset.raised) || 0 : 0));
    }
    this.footSteady = box.bottom - steady;
    return box.bottom - top;
  }

  /**
   * The lowest bottom edge of what stands over the network now (the scenario's name, a caption, the
   * news line in the band), from the stage's top: the band is kept for the tallest caption of the
   * run, and labels may use its part left empty. Read from the page each time labels are placed.
   */
  private measureBands(): void {
    const top = this.container.getBoundingClientRect().top;
    let over = 0;
    for (const el of this.container.querySelectorAll<HTMLElement>(
      '.net-head, .caption-box, .net-news, .net-week',
    )) {
      const r = el.getBoundingClientRect();
      if (r.height > 0 && r.top - top < this.size.h / 2 && getComputedStyle(el).visibility !== 'hidden')
        over = Math.max(over, r.bottom - top);
    }
    if (Math.abs(over - this.headH) > 0.5) {
      this.headH = over;
      this.dirty = true;
      for (const v of NetworkView.shown) v.placeConsortia();
      if (this.run) this.fitStretch(this.run.scenario.consortia);
    }
    // And what stands under it (the status, the news line out of presentation): its text changes
    // with the week too.
    const steady = this.footSteady;
    const under = this.measureFoot();
    if (Math.abs(under - this.footH) > 0.5) {
      this.footH = under;
      this.dirty = true;
    }
    // A national grid's shape is chosen clear of the foot without the news line, for both panes (it
    // was chosen before the foot was measured, and kept the room of a news line long gone).
    if (Math.abs(steady - this.footSteady) > 0.5) for (const v of NetworkView.shown) v.placeConsortia();
    // And the consortium index, open over the pane's lower left with one consortium shown large:
    // the labels keep clear of its box (meetings' labels by the partners on the left were drawn
    // half under it, presenting a national comparison).
    const index = this.container.querySelector<HTMLElement>('.cons-index.open:not([hidden])');
    let box: Box | null = null;
    if (index && this.focused >= 0) {
      const c = this.canvas.getBoundingClientRect();
      const r = index.getBoundingClientRect();
      if (r.width > 0 && r.height > 0)
        box = {
          x0: r.left - c.left - 4,
          y0: r.top - c.top - 4,
          x1: r.right - c.left + 4,
          y1: r.bottom - c.top + 4,
        };
    }
    const was = this.indexBox;
    if (
      (box === null) !== (was === null) ||
      (box &&
        was &&
        Math.max(...(['x0', 'y0', 'x1', 'y1'] as const).map((q) => Math.abs(box[q] - was[q]))) > 0.5)
    ) {
      this.indexBox = box;
      this.dirty = true;
    }
  }

  /** The open consortium index's box on the canvas (CSS px, a few px of margin round it), or null. */
  private indexBox: Box | null = null;

  /** What labels keep clear of: the caption above, the zoom buttons on the right (CSS pixels). */
  private get clear(): Scene['clear'] {
    return {
      top: Math.max(4, this.headH + 4),
      right: Math.max(60, this.zoomW + LABEL_MARGIN),
      bottom: Math.max(4, this.footH + 4),
      boxes: this.indexBox ? [this.indexBox] : [],
    };
  }

  /** The fitted view with the user's pan and zoom on top. */
  private get view(): { k: number; x: number; y: number } {
    const f = this.fitted;
    const u = this.user;
    return { k: u.k * f.k, x: u.k * f.x + u.x, y: u.k * f.y + u.y };
  }

  /** Ease the fitted view towards the actors' bounding box so the network always fills the stage. */
  private fit(): boolean {
    const { w: W, h: H } = this.size;
    const s = this.shown;
    if (!s.length || !W || !H) return false;
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = x0;
    let x1 = -x0;
    let y1 = -x0;
    // One consortium shown large: its partners alone are framed.
    const only = this.focused;
    const actors = this.run?.actors;
    for (let i = 0; i < s.length; i += 2) {
      if (only >= 0 && actors?.[i / 2]?.consortium !== only) continue;
      x0 = Math.min(x0, s[i]);
      x1 = Math.max(x1, s[i]);
      y0 = Math.min(y0, s[i + 1]);
      y1 = Math.max(y1, s[i + 1]);
    }
    // Margins leave room for the title above, the outcome badge below, hull labels
    // and the zoom buttons on the right.
    let left = Math.min(40, 0.05 * W);
    // At least the width of the zoom buttons, also on a phone, and a mark's radius clear of them.
    let right = Math.max(Math.min(72, Math.max(60, 0.05 * W + 8)), this.zoomW + 14 * this.markScale());
    // Below the caption's band, room for a mark (a meeting's hull may reach under the band's lower
    // edge; its label is placed below the band); above the news line and badge (measured from the
    // stage's bottom edge), room for a mark and, with a partner list, its name under it. And,
    // watching, below the scenario's name (two or three lines in half a stage), room for a meeting's
    // label over a halo at the top: with the network filling its pane, one had nowhere to stand.
    // (Presenting, the band kept for the captions is the room, so that the network keeps its size
    // when they come and go.)
    const ms = this.markScale();
    // Presenting in a narrow pane (a tablet's compare), a line under the caption's band too: there a
    // meeting's label has no room beside a halo, and over the network filling its pane it had none
    // above it either, so every label was left out.
    const narrow = this._insetTop > 0 && W < NARROW_PANE;
    let top = Math.max(
      72,
      this._insetTop + 16 + (narrow ? 30 * Math.max(0.85, ms) : 0),
      this.underHead(40 * Math.max(0.85, ms)),
    );
    let bottom = Math.max(40, this.shared('footH') + 4 + 13 * ms + (this.names ? 26 * ms : 0));
    if ((this.run?.scenario.consortia ?? 1) > 1) {
      // A national run: the grid's own margins, the first row's names standing under the measured
      // scenario name (a fixed 72 + 32 px left an empty band of about 100 px over the grid).
      const m = this.gridMargins(ms);
      left = m.left;
      right = m.right;
      top = m.top + this.nameBand(ms);
      bottom = Math.max(m.bottom, this.names ? this.footH + 4 + 39 * ms : 0);
      // One consortium shown large: framed as a single network, beside its index.
      // (Presenting, under the caption's band as the single view: the band is the room, and 16 px
      // more over the 16 of its margin left a strip of 35 px empty under it; above the status as
      // the single view, a partner's name under its mark.)
      if (this.focused >= 0) {
        left = m.left + this.focusFoot;
        top = m.top + (this._insetTop > 0 ? 0 : 16 * ms);
        bottom = m.bottom + (this.names ? 26 * ms : 0);
      }
    }
    // The network keeps a third of its pane's height and width at least: where the caption's band,
    // the status and the zoom buttons took more (large type in a tablet's compare), the room left
    // was negative, the scale with it, and the marks' scale (its square root) not a number, for good.
    // There the margins give way, in proportion, and the network stands partly under the band.
    [top, bottom] = giveWay(top, bottom, H);
    [left, right] = giveWay(left, right, W);
    // The marks keep their size (markScale stops at 1.15; 1.67 for a handful of actors), so a small consortium may spread out to
    // fill its pane (at 2.2 at most, 14 named partners piled up in a fifth of a projector's screen).
    // (A pane smaller than its margins: a small network, not a negative scale the marks' scale
    // could not take the root of, nor a fit that never came to rest.)
    const k = Math.max(
      0.05,
      Math.min(4, (W - left - right) / Math.max(60, x1 - x0), (H - top - bottom) / Math.max(60, y1 - y0)),
    );
    // And no scale but a finite one is ever let in (positions not yet numbers, say); the floor above
    // keeps it positive.
    if (!Number.isFinite(k + x0 + x1 + y0 + y1)) return false;
    const x = left + (W - left - right) / 2 - (k * (x0 + x1)) / 2;
    // A national grid narrower than its room stands at the top of it, under the scenario's name
    // (centred, the room left over made an empty band over the grid).
    const national = (this.run?.scenario.consortia ?? 1) > 1 && this.focused < 0;
    const y = national ? top - k * y0 : top + (H - top - bottom) / 2 - (k * (y0 + y1)) / 2;
    const ease = this.fitNow ? 1 : 0.06;
    this.fitNow = false;
    const v = this.fitted;
    const dk = (k - v.k) * ease;
    const dx = (x - v.x) * ease;
    const dy = (y - v.y) * ease;
    if (Math.abs(dk) <= 1e-4 && Math.abs(dx) <= 0.05 && Math.abs(dy) <= 0.05) {
      // Near enough: the rest of the way at once, drawn once more. Eased on unseen, the view the
      // labels were placed in drifted from the picture on screen, and a choice made at a threshold
      // (a national run's names or numbers) differed between them.
      // (The margins hang on the marks' scale, so on the view: the target moves by rounding errors
      // once there, and only a move that shows counts.)
      const moved = Math.abs(k - v.k) > 1e-6 * k || Math.abs(x - v.x) > 1e-3 || Math.abs(y - v.y) > 1e-3;
      v.k = k;
      v.x = x;
      v.y = y;
      return moved;
    }
    v.k += dk;
    v.x += dx;
    v.y += dy;
    return true;
  }

  /** "consortium N" over each consortium of a national run; the followed one bold and framed. */
  private consortiumLabels(view = this.view, minType = this.minType): Scene['consortia'] {
    const run = this.run;
    if (!run || run.scenario.consortia < 2) return [];
    const box = this.centres.map(() => [Infinity, Infinity, -Infinity, -Infinity]);
    for (const a of run.actors) {
      const b = box[a.consortium];
      const x = this.shown[2 * a.id];
      const y = this.shown[2 * a.id + 1];
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
    // Just above the meeting hulls (padded 14 mark units round their attendees), or the frame.
    const ms = this.markScale(view.k);
    const lift = (16 * ms + 5 * Math.max(0.85, ms)) / view.k;
    // Names that would run into their neighbours shrink to the number (a phone), or go (but the
    // followed one's). Widths estimated at 0.6 em per character of bold sans.
    // Two neighbours (one perhaps the followed one, in larger type) need half their widths each.
    // The type unit is the one the labels are set in (presenting, no smaller than the page's type:
    // estimated at the marks' scale, names that did not fit were chosen over numbers that did).
    const unit = labelUnit(ms, view.k, minType) * view.k;
    const room = SPACING * view.k - 8;
    const [big, small] = this.nameSizes;
    const em = ((big + small) / 2) * unit * 0.6;
    const k = run.scenario.consortia;
    // Numbers are set in the small type but the followed one's: judged at the average of the two,
    // presenting with large type at 1366 B's grid, a few pixels narrower than A's, lost all its
    // numbers with room to spare between them (the followed one's neighbours may touch it).
    const emSmall = small * unit * 0.6;
    const words =
      room > em * `consortium ${k}`.length ? 'full' : room > emSmall * String(k).length ? 'number' : 'none';
    // With numbers only, the followed one is still spelled out when it clears its neighbours' numbers.
    const spelled = room > big * unit * 0.6 * ((`consortium ${k}`.length + String(k).length) / 2);
    return box.flatMap((b, c) => {
      const followed = c === this._follow;
      if (words === 'none' && !followed) return [];
      // One consortium shown large: no names (its neighbours' were pushed into the margins, and the
      // index and the news line say which it is).
      if (this.focused >= 0) return [];
      return {
        x: this.centres[c][0],
        y: b[1] - lift,
        text: words === 'full' || (followed && spelled) ? `consortium ${c + 1}` : String(c + 1),
        followed,
        box: followed ? (b as [number, number, number, number]) : undefined,
        size: followed ? big : small,
      };
    });
  }

  /** Screen pixels per mark unit: marks shrink a little when zoomed out (the national view). */
  private markScale(k = this.view.k): number {
    // A consortium of a handful (three to five partners and the coordinator), zoomed in to fill its
    // pane, has its marks drawn larger, up to 1.67 at four actors: at 1.15 its partners were dots of
    // 9 px in a pane of 500 (a consortium of 12 or more, or a national grid, keeps 1.15).
    const run = this.run;
    const n = run && run.scenario.consortia === 1 ? run.actors.length : 12;
    const cap = 1.15 * (1 + 0.45 * Math.max(0, Math.min(1, (12 - n) / 8)));
    return Math.max(0.5, Math.min(cap, Number.isFinite(k) && k > 0 ? Math.sqrt(k) : 1)) * this.labelScale;
  }

  /** Zoom by a factor about the centre (the buttons and keys), or back to the fitted view. */
  zoomBy(factor: number): void {
    d3.select(this.canvas).call(this.zoom.scaleBy, factor, [this.size.w / 2, this.size.h / 2]);
  }
  /** Pan by CSS pixels (Shift + arrow keys). */
  panBy(dx: number, dy: number): void {
    d3.select(this.canvas).call(this.zoom.translateBy, dx / this.user.k, dy / this.user.k);
  }
  resetZoom(): void {
    d3.select(this.canvas).call(this.zoom.transform, d3.zoomIdentity);
    if (this.focused >= 0) {
      this.focusOn(-1, 0);
      this.onFocusChange?.();
    }
  }

  /** The consortium of a national run shown large (consortium-index.ts), or -1: the whole grid. */
  focused = -1;
  /** The room on the pane's left the consortium shown large keeps clear of (its index), CSS px. */
  private focusFoot = 0;
  /** Told when the consortium shown large changes here (Fit returns to the grid). */
  onFocusChange: (() => void) | null = null;

  /** The consortium whose cell of the national grid holds a point of the canvas (CSS px), or -1. */
  consortiumAt(px: number, py: number): number {
    if (!this.run || this.run.scenario.consortia < 2) return -1;
    const { k, x, y } = this.view;
    const wx = (px - x) / k;
    const wy = (py - y) / k;
    let best = -1;
    let near = Number.POSITIVE_INFINITY;
    for (const [c, [cx, cy]] of this.centres.entries()) {
      const dx = Math.abs(wx - cx);
      const dy = Math.abs(wy - cy);
      if (dx > SPACING / 2 || dy > this.rowStep / 2) continue;
      if (dx * dx + dy * dy < near) {
        near = dx * dx + dy * dy;
        best = c;
      }
    }
    return best;
  }

  /**
   * Consortium `c` of a national run large: the fit frames its partners alone in the pane, clear of
   * the scenario's name, the band, the zoom buttons, the status and `foot` CSS px on the left (its
   * index), as the single view fits its network, and the other consortia move out of the picture;
   * -1 returns to the grid. The user's pan and zoom start afresh.
   */
  focusOn(c: number, foot: number): void {
    const to = c >= 0 && this.run && this.run.scenario.consortia > 1 ? c : -1;
    // (Already the grid: the user's pan and zoom stay as they are.)
    if (to === this.focused && (to < 0 || (foot === this.focusFoot && !this.zoomed))) return;
    this.focused = to;
    this.focusFoot = to >= 0 ? foot : 0;
    d3.select(this.canvas).call(this.zoom.transform, d3.zoomIdentity);
    // Stretched to the pane's shape, shown large; the grid unstretched (fitStretch).
    this.fitStretch(this.run?.scenario.consortia ?? 1);
    if (this.frame) {
      this.frame = null;
      this.setWeek(this.weekShown);
    }
    this.dirty = true;
  }
  get zoomed(): boolean {
    return this.user.k !== 1 || this.user.x !== 0 || this.user.y !== 0;
  }

  /** The combined scale of the fitted view and the user's zoom (screen pixels per layout unit). */
  get scale(): number {
    return this.view.k;
  }

  /** How many meetings the week on screen holds (each is labelled, or counted in a summary's "+N"). */
  get meetingCount(): number {
    return this.meetingConsortia.length;
  }

  /** The consortium of each meeting drawn this week (a national run's: the one shown large's alone). */
  get meetingConsortia(): number[] {
    return this.frame ? meetingsOf(this.frame, this.focused).map((m) => m.consortium) : [];
  }

  /**
   * The labels as drawn (meetings, consortia), each with its box in CSS pixels: placed here the
   * same way the render worker places them, for the tests' overlap checks.
   */
  labels(): DrawnLabel[] {
    const f = this.frame;
    if (!f) return [];
    this.measureBands();
    const { k, x, y } = this.view;
    const ms = this.markScale();
    const rs = ms / k;
    const fs = labelUnit(ms, k, this.minType);
    this.measurer ??= document.createElement('canvas').getContext('2d')!;
    const ctx = this.measurer;
    const hulls = meetingsOf(f, this.focused).map((m) => ({
      poly: hullOf(this.shown, m.attendees),
      mark: portrayMeeting(m),
    }));
    const placed = placeLabels(
      (l, text) => {
        ctx.font = labelFont(l, (fs * k) / textScale(k));
        return (ctx.measureText(text ?? l.text).width * textScale(k)) / k;
      },
      ...labelsOf(
        hulls,
        this.consortiumLabels(),
        rs,
        fs,
        nameLabels(this.run?.actors ?? [], f, this.shown, this._sizeBy, rs, fs),
        coordinatorLabels(
          this.run?.actors ?? [],
          f,
          this.shown,
          this._sizeBy,
          rs,
          fs,
          this.consortiumLabels(),
        ),
      ),
      {
        x0: (LABEL_MARGIN - x) / k,
        x1: (this.size.w - this.clear.right - x) / k,
        y0: (this.clear.top - y) / k,
        y1: (this.size.h - this.clear.bottom - y) / k,
      },
      worldDiscs(this.run?.actors ?? [], f, this.shown, this._sizeBy, rs),
      worldBoxes(this.clear.boxes, k, x, y),
    );
    return placed.map((l) => ({
      text: l.text,
      full: l.full,
      actor: l.actor,
      lines: l.lines?.length ?? 1,
      left: (l.x - l.w / 2) * k + x,
      right: (l.x + l.w / 2) * k + x,
      top: (l.y - l.h) * k + y,
      bottom: l.y * k + y,
      font: labelFont(l, fs * k),
    }));
  }

  private measurer: CanvasRenderingContext2D | null = null;

  /** Nearest actor under a point in CSS pixels, or the partner whose name is there, or -1. */
  pick(px: number, py: number): number {
    const i = this.pickMark(px, py);
    if (i >= 0 || !this.names) return i;
    // Over a partner's name (shortened where it did not fit whole): its partner, whose tooltip
    // names it whole.
    const l = this.labels().find(
      (l) => l.actor !== undefined && px >= l.left && px <= l.right && py >= l.top && py <= l.bottom + 3,
    );
    return l?.actor ?? -1;
  }

  private pickMark(px: number, py: number): number {
    if (!this.run || !this.frame) return -1;
    const { k, x, y } = this.view;
    const wx = (px - x) / k;
    const wy = (py - y) / k;
    let best = -1;
    let bestD = (16 / k) ** 2;
    for (let i = 0; i < this.shown.length / 2; i++) {
      const d = (this.shown[2 * i] - wx) ** 2 + (this.shown[2 * i + 1] - wy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /** Screen position (CSS pixels, relative to the canvas) of an actor. */
  screenOf(id: number): { x: number; y: number } | null {
    if (2 * id + 1 >= this.shown.length) return null;
    const { k, x, y } = this.view;
    return { x: this.shown[2 * id] * k + x, y: this.shown[2 * id + 1] * k + y };
  }

  setHovered(id: number): void {
    this.hovered = id;
    this.dirty = true;
  }

  /**
   * The current drawing as a standalone SVG document (same marks as the canvas), at `size`
   * (exportSize): the network fitted to the whole picture (the caption's band, the news line and the
   * zoom buttons are not in it), or, when the user has panned or zoomed, as on screen.
   */
  toSVG(title: string, size = this.exportSize(title)): string {
    const { width, height } = size;
    const view = this.zoomed ? this.view : this.exportView(width, height, title);
    return networkSVG(title, {
      run: this.run,
      frame: this.frame && { ...this.frame, meetings: meetingsOf(this.frame, this.focused) },
      xy: this.shown,
      view,
      markScale: this.markScale(view.k),
      sizeBy: this._sizeBy,
      width,
      height,
      // (Set in the export's own type, not the presentation's.)
      consortia: this.consortiumLabels(view, 0),
    });
  }

  /** The world box of the actors drawn, x0, y0, x1, y1. */
  private bounds(): [number, number, number, number] {
    const s = this.shown;
    const b: [number, number, number, number] = [s[0] ?? 0, s[1] ?? 0, s[0] ?? 0, s[1] ?? 0];
    for (let i = 0; i < s.length; i += 2) {
      b[0] = Math.min(b[0], s[i]);
      b[2] = Math.max(b[2], s[i]);
      b[1] = Math.min(b[1], s[i + 1]);
      b[3] = Math.max(b[3], s[i + 1]);
    }
    return b;
  }

  /** Margins of an exported picture round the actors' centres: room for marks, labels, a title. */
  private exportMargins(W: number, titled: boolean | string) {
    const side = Math.min(40, 0.04 * W) + 12;
    const named = (this.run?.scenario.consortia ?? 1) > 1 ? 32 : 0;
    // A title takes its lines as it wraps at this width (network-svg.ts titleLines).
    const lines = typeof titled === 'string' ? Math.max(1, titleLines(titled, W).length) : 1;
    const top = (titled ? 34 + (lines - 1) * TITLE_LINE : 0) + 40 + named;
    const bottom = 24 + (this.run?.actors.some(isNamed) ? 26 : 0);
    return { side, top, bottom };
  }

  /**
   * The size of an exported picture (CSS px): the stage's width, and the height the network takes
   * at that width, no more than the stage's height or three quarters of the width, whichever is
   * larger (a square network in a wide stage is drawn as wide as it can be, not as short as the
   * stage); as on screen when the user has panned or zoomed.
   */
  exportSize(titled: boolean | string = false): { width: number; height: number } {
    const width = this.size.w || 800;
    const height = this.size.h || 600;
    if (this.zoomed || !this.shown.length) return { width, height };
    const [x0, y0, x1, y1] = this.bounds();
    const { side, top, bottom } = this.exportMargins(width, titled);
    const k = Math.min(4, (width - 2 * side) / Math.max(60, x1 - x0));
    const natural = top + bottom + k * Math.max(60, y1 - y0);
    return { width, height: Math.round(Math.min(natural, Math.max(height, 0.75 * width))) };
  }

  /** The actors fitted to a picture of W×H. */
  private exportView(W: number, H: number, titled: boolean | string): { k: number; x: number; y: number } {
    if (!this.shown.length) return this.view;
    const [x0, y0, x1, y1] = this.bounds();
    const { side, top, bottom } = this.exportMargins(W, titled);
    const k = Math.min(4, (W - 2 * side) / Math.max(60, x1 - x0), (H - top - bottom) / Math.max(60, y1 - y0));
    return { k, x: W / 2 - (k * (x0 + x1)) / 2, y: top + (H - top - bottom) / 2 - (k * (y0 + y1)) / 2 };
  }
}

/**
 * Two margins of a pane `size` px long, shrunk in proportion where they leave the network less than
 * a third of it (they stay as they are where they leave more).
 */
export function giveWay(a: number, b: number, size: number): [number, number] {
  const most = (size * 2) / 3;
  if (!(a + b > most) || !(size > 0)) return [a, b];
  const f = most / (a + b);
  return [a * f, b * f];
}
