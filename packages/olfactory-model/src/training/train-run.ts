import type * as tfType from '@tensorflow/tfjs';
import { argmaxRows, accuracy, batchedActiveFraction, manciniRatio, meanSimilarityDecorrelation } from '@olfactory/metrics';
import type { CounterRng } from '@olfactory/neurons';
import { createRng } from '@olfactory/neurons';
import type { Checkpoint, CheckpointConfig, LoadedCheckpoint, TrainingHistoryEntry } from '../checkpoint/checkpoint';
import { CANONICAL_TRAINING, CHECKPOINT_FORMAT, CHECKPOINT_VERSION, parametersToRecord, trainingVariantFields } from '../checkpoint/checkpoint';
import { InvalidParameterError } from '@olfactory/neurons';
import { NOISE_STREAM } from '../data/noise-streams';
import { epochOrder, fillNoisyOdorSamples } from '../data/noisy-odor-samples';
import type { SpikingCircuit } from '../engine/spiking-circuit';
import type { StudentParameters } from '../engine/student-parameters';
import { initialStudentParameters } from '../engine/student-parameters';
import type { OlfactoryCircuit } from '@olfactory/connectome-data';
import { createRateTeacher, teacherVariableList } from '../teacher/rate-teacher';
import { evaluateRateTeacher, trainRateTeacher } from '../teacher/train-rate-teacher';
import type { TrainedTeacher } from '../teacher/teacher-cache';
import type { EvaluableStudent } from './evaluate-student';
import { evaluateStudentResponses } from './evaluate-student';
import type { StudentTrainerOptions } from './student-trainer';
import { CANONICAL_SPARSITY, createStudentTrainer } from './student-trainer';

type Tf = typeof tfType;

/** Everything one seed's training needs. */
export interface TrainRunOptions {
  readonly tf: Tf;
  readonly circuit: OlfactoryCircuit;
  readonly spiking: SpikingCircuit;
  /** Clean normalised odor matrix, classes × receptors (28 × 21). */
  readonly odors: Float32Array;
  readonly seed: number;
  /** Student epochs (default 300). */
  readonly epochs?: number;
  /** Teacher epochs (default 300). */
  readonly teacherEpochs?: number;
  readonly batchSize?: number;
  readonly trainRepeats?: number;
  readonly testRepeats?: number;
  /** Full monitoring (decorrelation, Mancini) every N epochs and at the end (default 50). */
  readonly monitorEvery?: number;
  /**
   * Test accuracy and KC sparsity (140 noisy test samples, eval mode) every N epochs, and always
   * on the fully monitored epochs and the last (default 1: every epoch). It costs about a fifth of a
   * training's time and changes nothing that is trained (the monitor draws its own noise
   * streams), so sweeps that use only the final model pass 50, the reference's schedule (spec §3.4).
   */
  readonly testEvery?: number;
  readonly data: Checkpoint['data'];
  readonly producer: Checkpoint['producer'];
  /** Ablations of §3.7: train with gap junctions / APL frozen off, without STD, or CE only. */
  readonly switches?: Partial<CheckpointConfig['switches']>;
  /** R1 energy term (§3.7): weight w (ramped over 60 epochs) on the mean rate of all neurons or of the KCs. Default none. */
  readonly energy?: { readonly weight: number; readonly population: 'all' | 'kc' } | null;
  /** Student raw APL gain = aplBoost × the teacher's (§3.3). Default 4. */
  readonly aplBoost?: number;
  /** Extra learning-rate factor of the APL gain. Default 1. */
  readonly aplLrMultiplier?: number;
  /** Generate the circuit noise on a second core while training (see `StudentTrainerOptions.noiseWorker`). */
  readonly noiseWorker?: boolean;
  /** Continue a run killed mid-way (its last completed epoch, Adam state and history). */
  readonly resume?: LoadedCheckpoint;
  /**
   * The rate teacher of this seed, already trained (e.g. from a teacher cache): used instead of
   * training it. It must be what training would give for the same circuit, odors, seed and
   * teacher epochs (see `teacherCacheKey`).
   */
  readonly teacher?: TrainedTeacher;
  /** Called with the freshly trained teacher (not when `teacher` was given or on resume), e.g. to cache it. */
  readonly onTeacherTrained?: (t: TrainedTeacher) => void | Promise<void>;
  readonly onTeacherEpoch?: (e: { epoch: number; epochs: number; loss: number }) => void;
  readonly onStep?: (e: { epoch: number; step: number; stepsPerEpoch: number; loss: number }) => void;
  readonly onEpoch?: (e: TrainingHistoryEntry) => void;
  /** Called with an in-progress checkpoint (with Adam state) after every epoch. */
  readonly saveProgress?: (c: Checkpoint) => Promise<void>;
}

const ZERO_ODORS_KC_INJECT_NA = 0.1;
/** The energy term ramps in over the same 60 epochs as the sparsity loss (§3.7). */
const ENERGY_RAMP_EPOCHS = 60;

/** The checkpoint's record of the circuit's preprocessing (a custom receptor table has no rebuildable record). */
function recordedPreprocessing(circuit: OlfactoryCircuit): Pick<CheckpointConfig, 'orMapping' | 'lnQuantile' | 'preprocessing'> {
  const { orMapping, ...rest } = circuit.preprocessing;
  if (orMapping === 'custom') return { orMapping, lnQuantile: rest.lnQuantile };
  return { orMapping, lnQuantile: rest.lnQuantile, preprocessing: { ...rest, orMapping } };
}

/**
 * Train one seed end to end (spec §3): the rate teacher, the ANN→SNN transfer and the spiking
 * student; returns the final checkpoint (without optimizer state). Every epoch's order and noise
 * come from the counter-based generator keyed by (seed, epoch), so a resumed run continues
 * exactly as an uninterrupted one would.
 */
export async function trainStudentRun(o: TrainRunOptions): Promise<Checkpoint> {
  const { tf, spiking } = o;
  const epochs = o.epochs ?? 300;
  const batchSize = o.batchSize ?? 16;
  const trainRepeats = o.trainRepeats ?? 10;
  const testRepeats = o.testRepeats ?? 5;
  const monitorEvery = o.monitorEvery ?? 50;
  const testEvery = o.testEvery ?? 1;
  for (const [name, n] of [
    ['monitorEvery', monitorEvery],
    ['testEvery', testEvery],
  ] as const) {
    if (!(Number.isInteger(n) && n >= 1)) throw new InvalidParameterError({ parameter: name, value: n, expected: 'an integer ≥ 1 (epochs)' });
  }
  const nReceptors = spiking.sizes.receptors;
  const nClasses = o.odors.length / nReceptors;
  const switches = { gapJunctions: true, apl: true, shortTermDepression: true, sparsityLoss: true, ...o.switches };
  const shuffleSeed = (o.circuit as { shuffleSeed?: number }).shuffleSeed;
  if (shuffleSeed !== undefined && shuffleSeed !== o.seed) {
    throw new InvalidParameterError({
      parameter: 'circuit',
      value: `shuffled with seed ${shuffleSeed}`,
      expected: `the connectome shuffled with the run's seed ${o.seed} (spec §1.4), or the unshuffled one`,
    });
  }
  const energy = o.energy ?? null;
  const aplBoost = o.aplBoost ?? CANONICAL_TRAINING.aplBoost;
  const aplLrMultiplier = o.aplLrMultiplier ?? CANONICAL_TRAINING.aplLrMultiplier;
  const variantFields = trainingVariantFields({ switches, energy, shuffledConnectome: shuffleSeed !== undefined, odorCount: nClasses, aplBoost, aplLrMultiplier });
  const config: CheckpointConfig = {
    seed: o.seed,
    ...recordedPreprocessing(o.circuit),
    epochs,
    teacherEpochs: o.teacherEpochs ?? 300,
    batchSize,
    trainRepeats,
    testRepeats,
    switches,
    surrogate: 'soft',
    ...variantFields,
  };
  const rng = createRng(o.seed);

  // ---- teacher (§3.2) and transfer (§3.3)
  let teacher: Checkpoint['teacher'];
  let params: StudentParameters;
  let decoderWeight: Float32Array;
  let decoderBias: Float32Array;
  let history: TrainingHistoryEntry[] = [];
  let startEpoch = 0;
  if (o.resume) {
    teacher = o.resume.checkpoint.teacher;
    params = o.resume.params;
    decoderWeight = o.resume.decoderWeight;
    decoderBias = o.resume.decoderBias;
    history = [...o.resume.checkpoint.history];
    startEpoch = o.resume.checkpoint.completedEpochs;
  } else if (o.teacher) {
    teacher = o.teacher.teacher;
    decoderWeight = Float32Array.from(o.teacher.decoderWeight);
    decoderBias = Float32Array.from(o.teacher.decoderBias);
  } else {
    ({ teacher, decoderWeight, decoderBias } = trainTeacherAndTransfer(o, nClasses, nReceptors));
    await o.onTeacherTrained?.({ teacher, decoderWeight: Float32Array.from(decoderWeight), decoderBias: Float32Array.from(decoderBias) });
  }
  if (o.resume) params = o.resume.params;
  else {
    params = initialStudentParameters(spiking, { orGains: teacher.orGains, aplGainRaw: teacher.aplGainRaw });
    if (aplBoost !== CANONICAL_TRAINING.aplBoost) params = withValues(params, { 'apl.gain': aplBoost * teacher.aplGainRaw });
    if (!switches.gapJunctions) params = withValues(params, { 'gap.lnLn.logG': Math.log(1e-30), 'gap.pnPn.logG': Math.log(1e-30), 'gap.elnPn.logG': Math.log(1e-30) });
    if (!switches.apl) params = withValues(params, { 'apl.gain': -100 });
  }

  const frozen = [
    ...(switches.gapJunctions ? [] : ['gap.lnLn.logG', 'gap.pnPn.logG', 'gap.elnPn.logG']),
    ...(switches.apl ? [] : ['apl.kcAplLogStrength', 'apl.kcDendGain', 'apl.gain', 'apl.logTau']),
  ];
  const trainerOptions: StudentTrainerOptions = {
    sparsity: switches.sparsityLoss ? CANONICAL_SPARSITY : null,
    frozen,
    disableDepression: !switches.shortTermDepression,
    noiseWorker: o.noiseWorker,
    ...(energy ? { energy: { ...energy, rampEpochs: ENERGY_RAMP_EPOCHS } } : {}),
    ...(aplLrMultiplier !== 1 ? { lrMultipliers: { 'apl.gain': aplLrMultiplier } } : {}),
  };
  const trainer = createStudentTrainer(tf, spiking, { params, decoderWeight, decoderBias, optimizer: o.resume?.checkpoint.optimizer }, trainerOptions);
  const nTrain = nClasses * trainRepeats;
  const x = new Float32Array(batchSize * nReceptors);
  const y = new Int32Array(batchSize);
  const stepsPerEpoch = Math.ceil(nTrain / batchSize);
  const snapshot = (completedEpochs: number, withOptimizer: boolean): Checkpoint => {
    const d = trainer.decoder();
    const nKc = spiking.sizes.kc;
    return {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      producer: o.producer,
      config,
      data: o.data,
      sizes: { ...spiking.sizes, classes: nClasses },
      parameters: parametersToRecord(trainer.parameters()),
      decoder: { weight: Array.from({ length: nClasses }, (_, c) => Array.from(d.weight.subarray(c * nKc, (c + 1) * nKc))), bias: Array.from(d.bias) },
      teacher,
      completedEpochs,
      history: [...history],
      ...(withOptimizer ? { optimizer: trainer.optimizerState() } : {}),
    };
  };
  try {
    for (let epoch = startEpoch; epoch < epochs; epoch++) {
      const t0 = Date.now();
      const stream = NOISE_STREAM.STUDENT_TRAIN_BASE + epoch;
      const order = epochOrder(nTrain, rng, stream);
      let lossSum = 0;
      let correct = 0;
      for (let s = 0, start = 0; start < nTrain; s++, start += batchSize) {
        const idx = order.subarray(start, Math.min(nTrain, start + batchSize));
        const B = idx.length;
        fillNoisyOdorSamples(o.odors, nReceptors, trainRepeats, idx, rng, stream, x, y);
        const nextStart = start + batchSize;
        const next = nextStart < nTrain ? { sampleIds: Array.from(order.subarray(nextStart, Math.min(nTrain, nextStart + batchSize))), stream } : undefined;
        const r = trainer.step({ receptors: x.subarray(0, B * nReceptors), labels: y.subarray(0, B), sampleIds: Array.from(idx), rng, stream, epoch, next });
        lossSum += r.loss * B;
        correct += r.correct;
        o.onStep?.({ epoch, step: s, stepsPerEpoch, loss: r.loss });
      }
      const student: EvaluableStudent = { circuit: spiking, params: trainer.parameters(), ...renameDecoder(trainer.decoder()) };
      const full = (epoch + 1) % monitorEvery === 0 || epoch === epochs - 1;
      const tested = full || (epoch + 1) % testEvery === 0;
      const mon = tested ? monitorStudent(student, o.odors, rng, epoch, testRepeats, full, switches.apl) : {};
      const entry: TrainingHistoryEntry = {
        epoch: epoch + 1,
        loss: lossSum / nTrain,
        trainAccuracy: correct / nTrain,
        ...mon,
        gSomaNs: Math.exp(student.params.values[student.params.offsets['kc.logGSoma']!]!) * 1e9,
        seconds: (Date.now() - t0) / 1000,
      };
      history.push(entry);
      o.onEpoch?.(entry);
      if (o.saveProgress) await o.saveProgress(snapshot(epoch + 1, true));
    }
    return snapshot(epochs, false);
  } finally {
    trainer.dispose();
  }
}

/** Trains the rate teacher (§3.2) and transfers it (§3.3): the teacher record and the student's initial decoder. */
function trainTeacherAndTransfer(o: TrainRunOptions, nClasses: number, nReceptors: number): { teacher: Checkpoint['teacher']; decoderWeight: Float32Array; decoderBias: Float32Array } {
  const { tf, spiking } = o;
  const t = createRateTeacher(tf, o.circuit, { seed: o.seed, nClasses, nReceptors });
  try {
    const teacherEpochs = o.teacherEpochs ?? 300;
    trainRateTeacher(t, { seed: o.seed, odors: o.odors, nReceptors, epochs: teacherEpochs, onEpoch: (e) => o.onTeacherEpoch?.({ ...e, epochs: teacherEpochs }) });
    const testAccuracy = evaluateRateTeacher(t, { seed: o.seed, odors: o.odors, nReceptors });
    const orGains = Array.from(t.variables.orGains.dataSync());
    const aplGainRaw = t.variables.aplGain.dataSync()[0]!;
    const nKc = spiking.sizes.kc;
    const wIn = t.variables.decoderWeight.dataSync(); // n_KC × classes
    const decoderWeight = new Float32Array(nClasses * nKc);
    for (let c = 0; c < nClasses; c++) for (let k = 0; k < nKc; k++) decoderWeight[c * nKc + k] = wIn[k * nClasses + c]!;
    void teacherVariableList;
    return { teacher: { testAccuracy, aplGainRaw, orGains }, decoderWeight, decoderBias: Float32Array.from(t.variables.decoderBias.dataSync()) };
  } finally {
    t.dispose();
  }
}

function renameDecoder(d: { weight: Float32Array; bias: Float32Array }) {
  return { decoderWeight: d.weight, decoderBias: d.bias };
}

function withValues(p: StudentParameters, set: Record<string, number>): StudentParameters {
  const v = Float64Array.from(p.values);
  for (const [k, x] of Object.entries(set)) v[p.offsets[k]!] = x;
  return { ...p, values: v };
}

/**
 * Training-time monitoring in evaluation mode (the smaller protocol of §3.4/§4.1): test accuracy
 * and KC sparsity on `testRepeats` noisy copies per odor every epoch; with `full`, mean-similarity
 * decorrelation (10 trials per odor) and the Mancini ratio (20 trials).
 */
export function monitorStudent(student: EvaluableStudent, odors: Float32Array, rng: CounterRng, epoch: number, testRepeats: number, full: boolean, withApl = true) {
  const nReceptors = student.circuit.sizes.receptors;
  const nClasses = odors.length / nReceptors;
  const nKc = student.circuit.sizes.kc;
  const stream = NOISE_STREAM.MONITOR + epoch;
  const n = nClasses * testRepeats;
  const x = new Float32Array(n * nReceptors);
  const y = new Int32Array(n);
  fillNoisyOdorSamples(
    odors,
    nReceptors,
    testRepeats,
    Int32Array.from({ length: n }, (_, i) => i),
    rng,
    stream,
    x,
    y,
  );
  const r = evaluateStudentResponses(student, x, { rng, stream });
  const testAccuracy = accuracy(argmaxRows(r.logits, nClasses), y);
  const kcSparsity = batchedActiveFraction(r.kc, nKc, { batchSize: 16 });
  if (!full) return { testAccuracy, kcSparsity };
  // mean-similarity decorrelation on 10 trials per odor
  const trials = 10;
  const m = nClasses * trials;
  const xd = new Float32Array(m * nReceptors);
  const yd = new Int32Array(m);
  const ds = stream + 0x0100_0000;
  fillNoisyOdorSamples(
    odors,
    nReceptors,
    trials,
    Int32Array.from({ length: m }, (_, i) => i),
    rng,
    ds,
    xd,
    yd,
  );
  const d = evaluateStudentResponses(student, xd, { rng, stream: ds });
  const nPn = student.circuit.sizes.pn;
  const mean = (src: Float32Array, dim: number) => {
    const out = new Float64Array(nClasses * dim);
    for (let i = 0; i < m; i++) for (let k = 0; k < dim; k++) out[Math.floor(i / trials) * dim + k]! += src[i * dim + k]! / trials;
    return out;
  };
  const dec = meanSimilarityDecorrelation({ or: mean(xd, nReceptors), pn: mean(d.pn, nPn), kc: mean(d.kc, nKc) }, nClasses);
  let manciniRatioValue: number | undefined;
  if (withApl) {
    const nM = 20;
    const zeros = new Float32Array(nM * nReceptors);
    const ms = stream + 0x0200_0000;
    const totals = (inject: number) => {
      const res = evaluateStudentResponses(student, zeros, { rng, stream: ms + (inject > 0 ? 1 : 0), kcInjectNa: ZERO_ODORS_KC_INJECT_NA, aplInject: inject });
      return Array.from({ length: nM }, (_, i) => res.kc.subarray(i * nKc, (i + 1) * nKc).reduce((a, b) => a + b, 0));
    };
    manciniRatioValue = manciniRatio(totals(0), totals(0.7)).ratio;
  }
  return { testAccuracy, kcSparsity, alDecorrelation: dec.alPercent, mbDecorrelation: dec.mbPercent, ...(manciniRatioValue === undefined ? {} : { manciniRatio: manciniRatioValue }) };
}
