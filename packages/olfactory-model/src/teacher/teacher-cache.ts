import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OlfactoryCircuit } from '@olfactory/connectome-data';
import { writeFileAtomic } from '@olfactory/connectome-data';
import type { Checkpoint } from '../checkpoint/checkpoint';
import { TEACHER_PATHWAYS } from './rate-teacher';

/** What the student takes from a trained rate teacher (spec §3.3): its recorded summary and its decoder. */
export interface TrainedTeacher {
  readonly teacher: Checkpoint['teacher'];
  /** Row-major classes × n_KC (the student's decoder layout). */
  readonly decoderWeight: Float32Array;
  readonly decoderBias: Float32Array;
}

/** Everything the rate teacher's training reads; its key is the sha256 of exactly these. */
export interface TeacherCacheInput {
  readonly circuit: OlfactoryCircuit;
  /** Clean normalised odor matrix, classes × receptors. */
  readonly odors: Float32Array;
  readonly seed: number;
  readonly teacherEpochs: number;
  readonly nReceptors: number;
  /** The TensorFlow.js backend that trains it (another backend may round differently). */
  readonly backend: string;
}

const MATRIX: Record<(typeof TEACHER_PATHWAYS)[number], keyof OlfactoryCircuit['matrices']> = {
  orn_ln: 'orn_to_ln',
  orn_pn: 'orn_to_pn',
  ln_pn: 'ln_to_pn',
  pn_kc: 'pn_to_kc',
  kc_apl: 'kc_to_apl',
  apl_kc: 'apl_to_kc',
};

const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * The cache key of a rate teacher: sha256 over exactly what its training reads — the six AD
 * matrices it is built from (so the connectome shuffle and the receptor mapping are in the key,
 * while the LN split, gap junctions, APL and STD switches of the student are not), the
 * receptor→ORN map, the odor matrix (so the number of odors), the seed, the teacher epochs and
 * the TensorFlow.js backend. Two jobs with the same key train bit-identical teachers.
 */
export function teacherCacheKey(input: TeacherCacheInput): string {
  const hash = createHash('sha256');
  hash.update(`olfactory-rate-teacher v1\0seed ${input.seed}\0epochs ${input.teacherEpochs}\0receptors ${input.nReceptors}\0backend ${input.backend}\0kc ${input.circuit.neurons.kc.length}\0`);
  for (const p of TEACHER_PATHWAYS) {
    const m = input.circuit.matrices[MATRIX[p]];
    hash.update(`${p} ${m.nRows}x${m.nCols}\0`);
    hash.update(bytes(m.rowPtr));
    hash.update(bytes(m.colIdx));
    hash.update(bytes(m.values));
  }
  hash.update('orToOrn\0');
  hash.update(bytes(input.circuit.orToOrn));
  hash.update(`odors ${input.odors.length}\0`);
  hash.update(bytes(input.odors));
  return hash.digest('hex');
}

interface TeacherCacheFile {
  readonly format: 'olfactory-teacher-cache';
  readonly version: 1;
  readonly key: string;
  readonly seed: number;
  readonly teacherEpochs: number;
  readonly teacher: Checkpoint['teacher'];
  readonly decoder: { readonly classes: number; readonly kc: number; readonly weight: readonly number[]; readonly bias: readonly number[] };
  /** sha256 of the JSON of `teacher` and `decoder`: a damaged entry is never used. */
  readonly sha256: string;
}

const payloadSha = (f: Pick<TeacherCacheFile, 'teacher' | 'decoder'>) =>
  createHash('sha256')
    .update(JSON.stringify({ teacher: f.teacher, decoder: f.decoder }))
    .digest('hex');

/** The file of a key in a teacher-cache folder. */
export function teacherCacheFile(dir: string, key: string, seed: number): string {
  return join(dir, `seed-${seed}-${key.slice(0, 24)}.json`);
}

/** The outcome of a cache lookup: a verified teacher, nothing cached, or an entry that failed verification (and why). */
export type TeacherCacheLookup =
  | { readonly status: 'hit'; readonly teacher: TrainedTeacher; readonly file: string }
  | { readonly status: 'miss'; readonly file: string }
  | { readonly status: 'invalid'; readonly file: string; readonly problem: string };

/**
 * Look a teacher up in a cache folder. An entry is used only when its key, seed, epochs, shape
 * and sha256 all check out and every number is finite; anything else is `invalid` (with the
 * reason), and the caller retrains and overwrites it.
 */
export async function readCachedTeacher(dir: string, key: string, input: Pick<TeacherCacheInput, 'seed' | 'teacherEpochs'> & { classes: number; kc: number }): Promise<TeacherCacheLookup> {
  const file = teacherCacheFile(dir, key, input.seed);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { status: 'miss', file };
  }
  const invalid = (problem: string): TeacherCacheLookup => ({ status: 'invalid', file, problem });
  let f: TeacherCacheFile;
  try {
    f = JSON.parse(text) as TeacherCacheFile;
  } catch (e) {
    return invalid(`not valid JSON (${(e as Error).message})`);
  }
  if (f?.format !== 'olfactory-teacher-cache' || f.version !== 1) return invalid('not a teacher-cache file of version 1');
  if (f.key !== key || f.seed !== input.seed || f.teacherEpochs !== input.teacherEpochs) return invalid('made for another key, seed or number of epochs');
  const d = f.decoder;
  if (!d || d.classes !== input.classes || d.kc !== input.kc || !Array.isArray(d.weight) || d.weight.length !== d.classes * d.kc || !Array.isArray(d.bias) || d.bias.length !== d.classes)
    return invalid(`decoder is not ${input.classes} × ${input.kc}`);
  if (!f.teacher || !Array.isArray(f.teacher.orGains)) return invalid('teacher summary missing');
  const numbers = [...d.weight, ...d.bias, ...f.teacher.orGains, f.teacher.aplGainRaw, f.teacher.testAccuracy];
  if (!numbers.every((x) => typeof x === 'number' && Number.isFinite(x))) return invalid('holds a value that is not a finite number');
  if (payloadSha(f) !== f.sha256) return invalid('sha256 does not match its content');
  return { status: 'hit', file, teacher: { teacher: f.teacher, decoderWeight: Float32Array.from(d.weight), decoderBias: Float32Array.from(d.bias) } };
}

/** Store a trained teacher under its key, atomically (temp file + rename); concurrent writers of one key write the same bytes. */
export async function writeCachedTeacher(dir: string, key: string, input: Pick<TeacherCacheInput, 'seed' | 'teacherEpochs'>, t: TrainedTeacher): Promise<string> {
  const classes = t.decoderBias.length;
  const body = {
    teacher: { testAccuracy: t.teacher.testAccuracy, aplGainRaw: t.teacher.aplGainRaw, orGains: [...t.teacher.orGains] },
    decoder: { classes, kc: t.decoderWeight.length / classes, weight: Array.from(t.decoderWeight), bias: Array.from(t.decoderBias) },
  };
  const f: TeacherCacheFile = { format: 'olfactory-teacher-cache', version: 1, key, seed: input.seed, teacherEpochs: input.teacherEpochs, ...body, sha256: payloadSha(body) };
  const file = teacherCacheFile(dir, key, input.seed);
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(f)}\n`);
  return file;
}
