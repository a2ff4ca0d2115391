import { csrGet, csrNnz, csrSum, csrTranspose, csrToDense } from '@olfactory/neurons';
import { buildOlfactoryCircuit } from '../../src/circuit/build-olfactory-circuit';
import type { OlfactoryCircuit } from '../../src/circuit/build-olfactory-circuit';
import { summarizeCircuit } from '../../src/circuit/circuit-summary';
import { buildKreherMatrix } from '../../src/kreher/build-kreher-matrix';
import { realConnectome, realDoorTables } from '../helpers/load-real-data';

describe('buildOlfactoryCircuit (real Winding et al. 2023 data)', () => {
  let circuit: OlfactoryCircuit;
  beforeAll(() => {
    circuit = buildOlfactoryCircuit(realConnectome());
  });

  it('selects 42 ORN, 108 LN, 72 PN, 144 KC and 2 APL neurons', () => {
    const s = summarizeCircuit(circuit);
    expect(s.neurons).toEqual({ orn: 42, ln: 108, pn: 72, kc: 144, apl: 2, total: 368 });
  });

  it('counts 52,058 all-all contacts on 11,853 edges among the 368 neurons', () => {
    expect(summarizeCircuit(circuit).synapses).toEqual({ contacts: 52058, edges: 11853 });
  });

  it('reproduces the reference AD pathway totals', () => {
    const p = summarizeCircuit(circuit).pathways;
    expect(p.orn_to_pn).toEqual({ synapses: 6361, edges: 455 });
    expect(p.orn_to_ln!.synapses).toBe(5982);
    expect(p.ln_to_pn!.synapses).toBe(3354);
    expect(p.ln_to_ln!.synapses).toBe(1716);
    expect(p.pn_to_ln!.synapses).toBe(1397);
    expect(p.pn_to_kc!.synapses).toBe(4019);
    expect(p.kc_to_apl!.synapses).toBe(925);
    expect(p.apl_to_kc!.synapses).toBe(681);
    expect(p.kc_to_kc!.synapses).toBe(12);
  });

  it('reproduces the KC compartment totals (aa 13,621, dd 1,191, da 30, KC→APL da 578)', () => {
    const c = summarizeCircuit(circuit).compartments;
    expect(c.kc_to_kc_aa!.synapses).toBe(13621);
    expect(c.kc_to_kc_dd!.synapses).toBe(1191);
    expect(c.kc_to_kc_da!.synapses).toBe(30);
    expect(c.kc_to_kc_ad!.synapses).toBe(12);
    expect(c.kc_to_apl_da!.synapses).toBe(578);
  });

  it('builds non-AD matrices as aa + da + dd', () => {
    const c = realConnectome();
    const m = circuit.matrices.pn_to_kc_nonad;
    // Spot-check one stored entry against the three source files.
    const r = m.rowPtr.findIndex((v, i) => i < m.nRows && m.rowPtr[i + 1]! > v);
    const col = m.colIdx[m.rowPtr[r]!]!;
    const pre = circuit.neurons.pn[r]!;
    const post = circuit.neurons.kc[col]!;
    const at = (name: 'aa' | 'da' | 'dd'): number => {
      const lm = c.matrices[name];
      return csrGet(lm.matrix, lm.rowIds.indexOf(pre), lm.colIds.indexOf(post));
    };
    expect(csrGet(m, r, col)).toBe(at('aa') + at('da') + at('dd'));
    expect(csrSum(circuit.matrices.ln_to_orn_nonad)).toBeGreaterThan(0);
  });

  it('splits the LNs 9 excitatory : 17 inhibitory with 82 without PN targets', () => {
    expect(summarizeCircuit(circuit).lnSplit).toMatchObject({ excitatory: 9, inhibitory: 17, withoutPnTargets: 82 });
  });

  it('derives 354 LN–LN, 929 PN–PN and 103 eLN–PN gap junctions', () => {
    expect(summarizeCircuit(circuit).gapJunctionPairs).toEqual({ lnLn: 354, pnPn: 929, elnPn: 103 });
    const ll = circuit.gapMasks.lnLn;
    // Symmetric with zero diagonal.
    expect(Array.from(csrToDense(csrTranspose(ll)))).toEqual(Array.from(csrToDense(ll)));
    for (let i = 0; i < ll.nRows; i++) expect(csrGet(ll, i, i)).toBe(0);
  });

  it('gives every ORN pair a receptor type, both sides the same, 21 distinct types', () => {
    const types = circuit.neurons.ornTypes;
    expect(types).toHaveLength(42);
    for (let i = 0; i < 42; i += 2) expect(types[i]).toBe(types[i + 1]);
    expect(new Set(types)).toEqual(new Set(['1a', '13a', '22c', '24a', '30a', '33a', '35a', '42a', '42b', '45a', '45b', '47a&33b', '49a', '59a', '63a', '67b', '74a', '82a', '83a', '85c', '94a&94b']));
    // ORN 3464773 → 42a PN (spec §1.2 example).
    expect(types[Array.from(circuit.neurons.orn).indexOf(3464773)]).toBe('42a');
  });

  it('one-to-one mapping drives all 42 ORNs, each receptor exactly one pair', () => {
    expect(circuit.orMapping.name).toBe('one-to-one');
    const m = circuit.orToOrn;
    for (let i = 0; i < 21; i++) {
      let s = 0;
      for (let j = 0; j < 42; j++) s += m[i * 42 + j]!;
      expect(s).toBe(2);
    }
    expect(summarizeCircuit(circuit).orMapping.drivenOrns).toBe(42);
  });

  it('by-name mapping leaves 33a, 63a and 94a&94b undriven and drives 47a&33b by two receptors', () => {
    const byName = buildOlfactoryCircuit(realConnectome(), { orMapping: 'by-name' });
    expect(summarizeCircuit(byName).orMapping).toEqual({ name: 'by-name', drivenOrns: 36 });
    const j = byName.neurons.ornTypes.indexOf('47a&33b');
    let receptors = 0;
    for (let i = 0; i < 21; i++) receptors += byName.orToOrn[i * 42 + j]!;
    expect(receptors).toBe(2);
  });

  it('LN quantile variants give the reference sensitivity splits', () => {
    const split = (q: number) => summarizeCircuit(buildOlfactoryCircuit(realConnectome(), { lnQuantile: q })).lnSplit;
    expect(split(0.2)).toMatchObject({ excitatory: 6, inhibitory: 20 });
    expect(split(0.417)).toMatchObject({ excitatory: 12, inhibitory: 14 });
    expect(split(0.5)).toMatchObject({ excitatory: 13, inhibitory: 13 });
  });

  it('reports the Kreher matrix statistics of spec §1.1', () => {
    const s = summarizeCircuit(circuit, buildKreherMatrix(realDoorTables()));
    expect(s.odors).toEqual({ conditions: 28, receptors: 21, sfrRowSum: 3.634, meanOdorRowSum: 5.3594, pairsCosineAbove0_9: 60 });
  });

  it('keeps group matrices consistent with the all-all matrix (ad ≤ all-all per edge)', () => {
    expect(csrNnz(circuit.matrices.orn_to_pn)).toBeLessThanOrEqual(csrNnz(circuit.allAll));
  });
});
