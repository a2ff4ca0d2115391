import { compileNetwork, createRng, createSimState, decodeSimState, encodeSimState, fixedProbabilityProjection, runSimulation, stdpAdditive, StateFormatError } from '../../src/index';
import type { NetworkSpec, SimState } from '../../src/index';

function network() {
  const ff = fixedProbabilityProjection({ name: 'ff', pre: 'in', post: 'out', synapse: 'exc', preSize: 30, postSize: 10, probability: 0.4, weightMv: 10, rng: createRng(2), delaySteps: 3 });
  const spec: NetworkSpec = {
    populations: [
      { kind: 'poisson', name: 'in', size: 30, rateHz: 100 },
      {
        kind: 'lif',
        name: 'out',
        size: 10,
        tauMemMs: 10,
        vRestMv: -74,
        vThresholdMv: -54,
        vResetMv: -60,
        refractoryMs: 2,
        synapses: { exc: { tauMs: 2 }, inh: { tauMs: 8 } },
        vInitMv: { kind: 'uniform', lowMv: -74, highMv: -60 },
      },
    ],
    projections: [{ ...ff, plasticity: [stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPreMv: 0.1, aPostMv: -0.11, wMaxMv: 12 })] }],
    monitors: [
      { kind: 'spikes', name: 's', population: 'out', windows: [{ startMs: 0, stopMs: 100 }], capacity: 1000 },
      { kind: 'state', name: 'v', population: 'out', variable: 'v', neurons: [0, 9], everyMs: 1, stopMs: 100 },
      { kind: 'weights', name: 'w', projection: 'ff', atMs: [0, 100] },
    ],
  };
  return compileNetwork(spec, { dtMs: 0.1, seed: 3 });
}

const plain = (s: SimState) => JSON.parse(JSON.stringify(s, (_k, v) => (ArrayBuffer.isView(v) ? { [v.constructor.name]: Array.from(v as unknown as ArrayLike<number>) } : v)));

describe('encodeSimState / decodeSimState', () => {
  it('a state saved after 50 ms, decoded and run 50 ms more equals a 100 ms run bit for bit', () => {
    const net = network();
    const whole = runSimulation(net, createSimState(net), 100);
    const half = runSimulation(net, createSimState(net), 50);
    const bytes = encodeSimState(half);
    expect(Array.from(bytes.subarray(0, 8), (c) => String.fromCharCode(c)).join('')).toBe('OSNNSTAT');
    const decoded = decodeSimState(bytes, 'half.state');
    expect(plain(decoded)).toEqual(plain(half)); // array types included
    expect(plain(runSimulation(net, decoded, 50))).toEqual(plain(whole));
    expect(whole.projections.ff!.weightsMv).not.toEqual(half.projections.ff!.weightsMv); // plasticity ran in both halves
  });

  it('rejects corrupt, truncated and foreign bytes with StateFormatError naming the source', () => {
    const bytes = encodeSimState(runSimulation(network(), createSimState(network()), 5));
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 3] ^= 0x40;
    const cases: [Uint8Array, RegExp][] = [
      [corrupt, /saved state "run.state": checksum [0-9a-f]+ does not match the recorded [0-9a-f]+; the data is corrupt\. Save the state again from a run\./],
      [bytes.slice(0, bytes.length - 8), /saved state "run.state": is \d+ bytes long; its header says \d+ \(truncated or padded\)/],
      [new TextEncoder().encode('{"formatVersion":1}......'), /does not start with "OSNNSTAT"; it is not a simulator state/],
      [bytes.slice(0, 10), /has 10 bytes; expected at least 16/],
    ];
    for (const [b, re] of cases) {
      let error: unknown;
      try {
        decodeSimState(b, 'run.state');
      } catch (e) {
        error = e;
      }
      expect(StateFormatError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(re);
    }
  });
});
