import type { BinnedSchedule } from '@olfactory/neurons';
import type { LateralLineParams } from '../params/lateral-line-params';
import { afferentRatesHz, dipoleFlowAlongBody, neuromastPositionsCm } from './dipole-flow';

/** The training stimulus: held snapshots in forward/backward sweeps of the body. */
export interface TrainingStream {
  /** Afferent rates as a repeating schedule (one bin per snapshot, nLl values each, Hz). */
  readonly schedule: BinnedSchedule;
  /** Sphere position of each snapshot of one period, cm. */
  readonly snapshotXCm: Float64Array;
  /** One period of the stream, ms (2·nLl snapshots). */
  readonly periodMs: number;
}

/**
 * The reference's training stream with ordered sweeps and no training noise: the sphere sits at
 * one of nLl equally spaced positions on [0, bodyLengthCm] at distance trainingDistanceCm and is
 * held for holdMs (a static snapshot; U only sets the dipole amplitude). Positions run head →
 * tail, then tail → head (the end positions twice), and repeat, so every position gets equal
 * time. The rates do not depend on the seed, so the stream is one repeating schedule of
 * 2·nLl × nLl values (160 kB at full size) however many trials are run — the reference
 * precomputes the whole 9.6 GB stream instead.
 */
export function trainingStream(p: LateralLineParams): TrainingStream {
  const sensors = neuromastPositionsCm(p.nLl, p.bodyLengthCm);
  const positions = neuromastPositionsCm(p.nLl, p.bodyLengthCm);
  const nBins = 2 * positions.length;
  const values = new Float64Array(nBins * p.nLl);
  const snapshotXCm = new Float64Array(nBins);
  const flow = new Float64Array(p.nLl);
  for (let b = 0; b < nBins; b++) {
    const x = b < positions.length ? positions[b]! : positions[nBins - 1 - b]!;
    snapshotXCm[b] = x;
    dipoleFlowAlongBody(sensors, { xCm: x, yCm: p.trainingDistanceCm, speedCmPerS: p.speedCmPerS, radiusCm: p.sphereRadiusCm, direction: p.direction }, 0, flow);
    afferentRatesHz(flow, p, null, values.subarray(b * p.nLl, (b + 1) * p.nLl));
  }
  return { schedule: { kind: 'schedule', binMs: p.holdMs, values, repeat: true }, snapshotXCm, periodMs: nBins * p.holdMs };
}

/** Sphere position (cm) at training time `tMs` (ms from the start of training). */
export function trainingPositionCm(stream: TrainingStream, tMs: number): number {
  const n = stream.snapshotXCm.length;
  const bin = Math.floor(tMs / stream.schedule.binMs) % n;
  return stream.snapshotXCm[bin]!;
}
