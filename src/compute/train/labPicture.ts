/**
 * The lab table's 2D picture: a PCA frame fitted once and held still (so what moves is
 * training), re-fitted on request and rotated onto the previous picture, or a UMAP /
 * t-SNE layout warm-started from the previous picture (nonlinearFrame.ts). It also plans
 * how the timeline's saved pictures move into a new PCA frame. Pure; the lab session
 * owns one and reads the live table through the reference it was given.
 */
import type { Steppable } from '../task';
import { fitFrame, projectFrame, type Frame2D } from './frame';
import { createNonlinearFrame, nonlinearFrameLimit, NONLINEAR_MAX_ROWS, TSNE_MAX_ROWS, type NonlinearMethod } from './nonlinearFrame';
import { LabProblemError } from './labProblems';
import { LAB_FRAME_MODES, type LabFrameMode } from './labSessionTypes';
import { timelineReframe, type SnapshotTables, type TimelineReframe } from './timeline';

export class TablePicture {
  private frame2d: Frame2D;
  private version = 0;
  private mode: LabFrameMode = 'pca';
  /** The nonlinear picture (V × 2) while mode is not 'pca'. */
  private layout: Float32Array | null = null;
  private layoutTask: Steppable<null, Float32Array> | null = null;
  /** The running task is a full fit (the frame has no picture of its own before it ends). */
  private layoutFull = false;
  /** The table changed since the last layout started. */
  private dirty = false;
  /** How the saved pictures move into the PCA frame just adopted (sent with the next frame). */
  private reframe: TimelineReframe | null = null;

  constructor(
    private readonly table: Float32Array,
    private readonly V: number,
    private readonly dim: number,
    private readonly seed: number,
    private readonly snapshots: SnapshotTables,
  ) {
    this.frame2d = fitFrame(table, V, dim, { firstRow: 1, seed });
  }

  /** The PCA frame (also while a nonlinear mode is shown: it re-projects saved tables). */
  pca(): Frame2D {
    return this.frame2d;
  }

  frameVersion(): number {
    return this.version;
  }

  frameMode(): LabFrameMode {
    return this.mode;
  }

  /** The table changed: a nonlinear layout is due for a warm update. */
  touched(): void {
    this.dirty = true;
  }

  /** The reframe planned by the last PCA re-fit, once (the frame that carries it clears it). */
  takeReframe(): TimelineReframe | null {
    const r = this.reframe;
    this.reframe = null;
    return r;
  }

  /** A copy of the coordinates on screen (frames transfer their buffers). */
  coords(): Float32Array {
    if (this.mode === 'pca') return projectFrame(this.frame2d, this.table, this.V);
    // A nonlinear frame has no picture until its full fit ends: finish it now.
    if (!this.layout || this.layoutFull) this.settle();
    return (this.layout as Float32Array).slice();
  }

  /**
   * Re-fits the frame to the current table, aligned to the current picture. In a
   * nonlinear mode: starts a full layout from the current picture.
   */
  refit(): void {
    if (this.mode !== 'pca') {
      this.startLayout(this.mode, false);
      this.version++;
      return;
    }
    const current = projectFrame(this.frame2d, this.table, this.V);
    this.frame2d = fitFrame(this.table, this.V, this.dim, { firstRow: 1, align: current, seed: this.seed });
    this.planReframe(current);
    this.version++;
  }

  setMode(mode: LabFrameMode): void {
    if (!LAB_FRAME_MODES.includes(mode)) throw new Error(`unknown frame mode "${String(mode)}"`);
    if (mode === this.mode) return;
    if (mode !== 'pca') {
      if (nonlinearFrameLimit(this.V, mode)) {
        throw new LabProblemError({ code: 'frameTooLarge', method: mode, rows: this.V, limit: mode === 'tsne' ? TSNE_MAX_ROWS : NONLINEAR_MAX_ROWS });
      }
      // Start from the picture on screen (PCA, or the other nonlinear layout), fully.
      if (this.mode === 'pca') this.layout = projectFrame(this.frame2d, this.table, this.V);
      else this.settle();
      this.startLayout(mode, false);
    } else {
      // Back to PCA: the saved pictures (drawn in the nonlinear frame) move into it.
      this.settle();
      this.planReframe(this.layout ?? projectFrame(this.frame2d, this.table, this.V));
      this.layout = null;
      this.layoutTask = null;
      this.layoutFull = false;
    }
    this.mode = mode;
    this.version++;
  }

  startUpdate(): boolean {
    if (this.mode === 'pca' || this.layoutTask || !this.dirty) return false;
    this.startLayout(this.mode, true);
    return true;
  }

  advance(budget: number): boolean {
    const task = this.layoutTask;
    if (!task) return true;
    if (!task.step(budget)) return false;
    this.layout = task.result();
    this.layoutTask = null;
    this.layoutFull = false;
    return true;
  }

  settle(): void {
    while (!this.advance(1 << 20)) {
      /* keep stepping */
    }
  }

  private startLayout(method: NonlinearMethod, warm: boolean): void {
    const previous = this.layout ?? projectFrame(this.frame2d, this.table, this.V);
    this.layoutTask = createNonlinearFrame(
      { vectors: this.table, n: this.V, dim: this.dim, previous },
      // <unk> never trains: leave it out of the layout (the plot hides it too).
      { method, seed: this.seed, warm, firstRow: 1 },
    );
    this.layoutFull = !warm;
    this.dirty = false;
  }

  /** The PCA frame just changed from a picture `before` of the current table: plan the timeline's move. */
  private planReframe(before: Float32Array): void {
    const project = (table: Float32Array) => projectFrame(this.frame2d, table, this.V);
    this.reframe = timelineReframe(this.snapshots, project, before, project(this.table));
  }
}
