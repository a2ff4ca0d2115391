import type { CounterRng } from '@olfactory/neurons';
import { BlockRng, ShapeMismatchError } from '@olfactory/neurons';
import type { CircuitNoiseSource, StepNoise } from './circuit-noise';
import { fillCircuitNoise, stepNoiseViews } from './circuit-noise';
import type { NoiseWorker } from './noise-worker';
import { createNoiseWorker } from './noise-worker';
import type { SpikingCircuit } from './spiking-circuit';
import type { VecCtor } from './engine-vectors';

/** The source of a buffer set's noise (a copy: the caller may reuse its sampleIds array). */
interface NoiseOrigin {
  readonly rng: CounterRng;
  readonly stream: number;
  readonly sampleIds: number[];
}

/** A prefetch the worker is running: its buffer set, job id and source. */
interface PendingNoise extends NoiseOrigin {
  readonly set: number;
  readonly job: number;
}

const originOf = (src: CircuitNoiseSource): NoiseOrigin => ({ rng: src.rng, stream: src.stream, sampleIds: Array.from(src.sampleIds) });

const sameSource = (p: NoiseOrigin, src: CircuitNoiseSource) =>
  p.rng === src.rng && p.stream === src.stream && p.sampleIds.length === src.sampleIds.length && p.sampleIds.every((id, i) => id === src.sampleIds[i]);

/**
 * Where each step's circuit noise comes from and when it is ready: generated in this thread
 * (straight into the kernel arena when the trajectory has buffers there), or by a
 * {@link NoiseWorker} on a second core into two shared buffer sets (double buffering: the set
 * the current forward/backward reads, and the set a prefetch fills for the next forward).
 *
 * With the worker, a forward whose source (generator, stream and sample ids) is the one of the
 * last forward, whose noise is complete in the active set, reads that set again instead of
 * generating it anew: the same numbers, so several models run on one batch (the recompute
 * evaluator) generate its noise once. A prefetch for another source is kept meanwhile.
 */
export class NoiseStaging {
  private readonly worker: NoiseWorker | null;
  private workerOk: boolean;
  /** One set in-thread (grown on demand); the worker's two shared sets otherwise. */
  private readonly sets: StepNoise[][];
  /** The set of the current forward and the worker job filling it (null = generated here). */
  private active = 0;
  private activeJob: number | null = null;
  private pending: PendingNoise | null = null;
  /** The source whose noise, all steps, is in the active set (null = none, or not complete). */
  private filled: NoiseOrigin | null = null;
  /** The current forward reads the `filled` set again (nothing to wait for or generate). */
  private reusing = false;
  private readonly scratch = new BlockRng();

  constructor(
    private readonly circuit: SpikingCircuit,
    private readonly batch: number,
    private readonly steps: number,
    private readonly dtype: VecCtor,
    useWorker: boolean,
  ) {
    this.worker = useWorker ? createNoiseWorker(circuit.noise, batch, steps, dtype === Float64Array) : null;
    this.workerOk = this.worker !== null;
    this.sets = this.worker !== null ? this.worker.sets.map((set) => set.map((buf) => stepNoiseViews(circuit, batch, buf))) : [[]];
  }

  /** Whether a worker generates the noise (the trajectory then keeps no in-arena noise buffers). */
  get hasWorker(): boolean {
    return this.worker !== null;
  }

  /**
   * Choose the buffers for a forward's noise and start filling them: `inArena` are the
   * trajectory's in-arena step buffers (or null). Step t's buffer is `bufferFor(result, t, ti)`.
   */
  begin(src: CircuitNoiseSource, record: boolean, inArena: StepNoise[] | null, steps: number): StepNoise[] {
    const worker = this.worker;
    this.reusing = false;
    if (worker !== null && this.workerOk) {
      if (this.filled !== null && sameSource(this.filled, src)) {
        this.reusing = true;
        this.activeJob = null;
        return this.sets[this.active]!;
      }
      this.filled = null;
      const pending = this.pending;
      this.pending = null;
      if (pending !== null && sameSource(pending, src)) {
        this.active = pending.set;
        this.activeJob = pending.job;
        return this.sets[this.active]!;
      }
      if (pending !== null) worker.cancelThrough(pending.job);
      this.active ^= 1;
      this.activeJob = worker.request(this.active, src.rng, src.sampleIds, src.stream);
      return this.sets[this.active]!;
    }
    this.activeJob = null;
    return worker !== null ? this.sets[this.active]! : this.local(record ? steps : 1, inArena);
  }

  /** The buffer of step `t` (`ti` = its trajectory index: t when recording, else 0). */
  bufferFor(bufs: StepNoise[], t: number, ti: number): StepNoise {
    return bufs[this.activeJob !== null || this.worker !== null ? t : ti]!;
  }

  /** Make step t's noise available in `sn` (wait for the worker, or generate it here). */
  ready(sn: StepNoise, src: CircuitNoiseSource, t: number): void {
    if (this.reusing) return;
    if (this.activeJob !== null) {
      if (this.worker!.waitStep(this.active, this.activeJob, t)) {
        // steps are waited for in order: after the last one the whole set holds src's noise
        if (t === this.steps - 1) this.filled = originOf(src);
        return;
      }
      this.workerOk = false; // the worker failed: generate everything from here on in this thread
      this.worker!.dispose();
      this.activeJob = null;
      this.filled = null;
      process.emitWarning('the circuit-noise worker failed; generating the noise in the main thread', { code: 'OLFACTORY_NOISE_WORKER' });
    }
    fillCircuitNoise(this.circuit.noise, src, t, sn.buf, this.scratch);
  }

  /** Start generating a later forward's noise on the worker (no effect without one). */
  prefetch(src: CircuitNoiseSource): void {
    const worker = this.worker;
    if (worker === null || !this.workerOk) return;
    if (src.sampleIds.length !== this.batch) {
      throw new ShapeMismatchError({ argument: 'noise.sampleIds', functionName: 'CircuitEngine.prefetchNoise', actual: `length ${src.sampleIds.length}`, expected: `the batch size ${this.batch}` });
    }
    // already in the active set: the next forward reads it again (a pending prefetch stays)
    if (this.filled !== null && sameSource(this.filled, src)) return;
    if (this.pending !== null) {
      if (sameSource(this.pending, src)) return;
      worker.cancelThrough(this.pending.job);
      this.pending = null;
    }
    const set = this.active ^ 1;
    const job = worker.request(set, src.rng, src.sampleIds, src.stream);
    this.pending = job === null ? null : { set, job, ...originOf(src) };
  }

  /** Stop the worker, if any (noise is then generated in this thread). */
  dispose(): void {
    this.worker?.dispose();
    this.workerOk = false;
    this.pending = null;
    this.activeJob = null;
    this.filled = null;
    this.reusing = false;
  }

  /** In-thread buffers: the trajectory's in-arena ones when there are enough, else ordinary arrays. */
  private local(nBuffers: number, inArena: StepNoise[] | null): StepNoise[] {
    if (inArena !== null && inArena.length >= nBuffers) return inArena;
    const set = this.sets[0]!;
    const perStep = this.circuit.noise.perSampleStep * this.batch;
    while (set.length < nBuffers) set.push(stepNoiseViews(this.circuit, this.batch, new this.dtype(perStep)));
    return set;
  }
}

/** The step's noise as the kernels read it: copied into the arena's staging buffer when there is one. */
export function stageNoise(staged: StepNoise | null, sn: StepNoise): StepNoise {
  if (staged === null || sn.buf.buffer === staged.buf.buffer) return sn;
  staged.buf.set(sn.buf);
  return staged;
}
