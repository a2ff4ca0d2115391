import { COHERENCES, MAZE_PROBLEMS, RNG_STREAMS, goNogoTask, makeTask, mazeTask, perceptualDecisionTask, randomSource } from '../../src/index';

const src = () => randomSource(7, RNG_STREAMS.train);

describe('tasks', () => {
  it('mazeTask has the expected defaults: 50 steps × 8 channels, goal 20 steps, delay 10, two choices 20, 4 classes', () => {
    const d = mazeTask({ trials: 64, source: src() });
    expect([d.steps, d.channels, d.classes, d.inputs.length]).toEqual([50, 8, 4, 64 * 50 * 8]);
    for (let n = 0; n < 64; n++) {
      const at = (t: number) => Array.from(d.inputs.subarray((n * 50 + t) * 8, (n * 50 + t + 1) * 8));
      const goal = at(0);
      expect(goal.slice(0, 4).reduce((a, b) => a + b)).toBe(1);
      expect(at(19)).toEqual(goal);
      expect(at(20)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(at(29)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      const choice = at(30);
      expect(choice.slice(0, 4)).toEqual([0, 0, 0, 0]);
      expect(choice.slice(4).reduce((a, b) => a + b)).toBe(2);
      expect(at(49)).toEqual(choice);
      // the label is one of the two available directions and identifies one of the 8 problems
      expect(choice[4 + d.labels[n]]).toBe(1);
      const goalNode = [7, 9, 17, 19][goal.indexOf(1)];
      const dirs = ['l', 'u', 'r', 'd'].filter((_, k) => choice[4 + k] === 1).join('');
      expect(MAZE_PROBLEMS.some((p) => p.goal === goalNode && [...p.choices].sort().join('') === [...dirs].sort().join('') && p.next === 'lurd'[d.labels[n]])).toBe(true);
    }
  });

  it('goNogoTask: 5 fixation, 20 stimulus (NoGo ch 1 / Go ch 2), 10 fixation delay, 5 silent decision steps', () => {
    const d = goNogoTask({ trials: 40, source: src() });
    expect([d.steps, d.channels, d.classes]).toEqual([40, 3, 2]);
    for (let n = 0; n < 40; n++) {
      const at = (t: number) => Array.from(d.inputs.subarray((n * 40 + t) * 3, (n * 40 + t + 1) * 3));
      expect(at(0)).toEqual([1, 0, 0]);
      expect(at(5)).toEqual(d.labels[n] === 0 ? [0, 1, 0] : [0, 0, 1]);
      expect(at(24)).toEqual(at(5));
      expect(at(25)).toEqual([1, 0, 0]);
      expect(at(34)).toEqual([1, 0, 0]);
      expect(at(35)).toEqual([0, 0, 0]);
    }
    const go = d.labels.reduce((a, b) => a + b, 0);
    expect(go).toBeGreaterThan(8);
    expect(go).toBeLessThan(32);
  });

  it('perceptualDecisionTask: 41 steps, fixation always on, ring inputs 0.5 ± coh/200 + N(0, 0.1²) for 30 steps', () => {
    const d = perceptualDecisionTask({ trials: 2000, source: src() });
    expect([d.steps, d.channels, d.classes]).toEqual([41, 3, 2]);
    let diffSum = 0;
    let resid2 = 0;
    let count = 0;
    for (let n = 0; n < d.trials; n++) {
      const base = n * 41 * 3;
      expect(d.inputs[base + 1]).toBe(0); // t = 0: fixation only
      expect(d.inputs[base + 31 * 3 + 1]).toBe(0); // delay
      for (let t = 0; t < 41; t++) expect(d.inputs[base + t * 3]).toBe(1);
      const sign = d.labels[n] === 0 ? 1 : -1;
      for (let t = 1; t <= 30; t++) {
        const a = d.inputs[base + t * 3 + 1];
        const b = d.inputs[base + t * 3 + 2];
        diffSum += sign * (a - b);
        resid2 += (a + b - 1) ** 2; // sum of the two channels: 1 + noise with variance 2σ²
        count++;
      }
    }
    const meanCoh = COHERENCES.reduce((a, b) => a + b) / COHERENCES.length;
    expect(diffSum / count).toBeCloseTo((2 * meanCoh) / 200, 2); // (a − b) = 2·coh/200·cos… on average
    expect(Math.sqrt(resid2 / count / 2)).toBeCloseTo(0.1, 2);
  });

  it('makeTask rejects an unknown task and a bad trial count with InvalidParameterError', () => {
    expect(() => makeTask('maze', 0, src())).toThrow(/^invalid trials: 0; expected an integer ≥ 1/);
    expect(() => makeTask('flanker' as 'maze', 4, src())).toThrow(/^invalid task: "?flanker"?; expected one of maze, go-nogo, perceptual-decision/);
  });
});
