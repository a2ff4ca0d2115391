import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRateTeacher, teacherForward, teacherVariableList } from '../../src/teacher/rate-teacher';
import { evaluateRateTeacher, trainRateTeacher } from '../../src/teacher/train-rate-teacher';
import { realCircuit } from '../helpers/real-circuit';

jest.setTimeout(60_000);

describe('rate teacher (spec §3.2) on the real circuit', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('createRateTeacher has 4,304 learnable scalars with the reference initial values', async () => {
    const { circuit } = await realCircuit();
    const t = createRateTeacher(tf, circuit, { seed: 42 });
    expect(teacherVariableList(t).reduce((s, v) => s + v.size, 0)).toBe(4304);
    expect(t.variables.orGains.dataSync()[0]).toBe(1);
    expect(t.variables.strengths.pn_kc.dataSync()[0]).toBeCloseTo(0.1, 7);
    const w = t.variables.decoderWeight.dataSync();
    expect(Math.max(...w)).toBeLessThanOrEqual(1 / 12);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-1 / 12);
    t.dispose();
  });

  it('teacherForward gives 28 logits and non-negative KC outputs; the APL inhibits (lower KC drive with a larger APL gain)', async () => {
    const { circuit, data } = await realCircuit();
    const t = createRateTeacher(tf, circuit, { seed: 1 });
    const before = tf.memory().numTensors;
    const kcSum = (gain: number): number =>
      tf.tidy(() => {
        t.variables.aplGain.assign(tf.scalar(gain));
        const { logits, kc } = teacherForward(t, tf.tensor2d(data.odors.normalized, [28, 21]));
        expect(logits.shape).toEqual([28, 28]);
        expect(kc.min().dataSync()[0]).toBeGreaterThanOrEqual(0);
        return kc.sum().dataSync()[0]!;
      });
    const weak = kcSum(-5);
    const strong = kcSum(5);
    expect(strong).toBeLessThan(weak);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('trainRateTeacher learns the 28-odor task (≫ 1/28 chance after 15 epochs), deterministically, without leaking tensors', async () => {
    const { circuit, data } = await realCircuit();
    const run = () => {
      const t = createRateTeacher(tf, circuit, { seed: 42 });
      const before = tf.memory().numTensors;
      const { losses } = trainRateTeacher(t, { seed: 42, odors: data.odors.normalized, epochs: 15 });
      const acc = evaluateRateTeacher(t, { seed: 42, odors: data.odors.normalized });
      expect(tf.memory().numTensors).toBe(before);
      t.dispose();
      return { losses, acc };
    };
    const a = run();
    expect(a.losses[14]!).toBeLessThan(a.losses[0]!);
    expect(a.acc).toBeGreaterThan(0.5);
    const b = run();
    expect(b.losses).toEqual(a.losses);
  }, 60_000);
});
