import { InvalidParameterError, csrSum, csrToDense } from '@olfactory/neurons';
import { buildOlfactoryCircuit } from '../../src/circuit/build-olfactory-circuit';
import type { OlfactoryCircuit } from '../../src/circuit/build-olfactory-circuit';
import {
  DEFAULT_PREPROCESSING,
  PAPER_PREPROCESSING,
  PAPER_VARIANT,
  DATA_VARIANTS,
  REFERENCE_MATRIX_TOTALS,
  dataVariantByName,
  describePreprocessing,
  preprocessingKey,
  resolvePreprocessing,
  samePreprocessing,
} from '../../src/circuit/circuit-preprocessing';
import { KREHER_RECEPTORS } from '../../src/kreher/kreher-constants';
import { realConnectome } from '../helpers/load-real-data';

const sums = (c: OlfactoryCircuit) => Object.fromEntries(Object.keys(REFERENCE_MATRIX_TOTALS).map((k) => [k, csrSum(c.matrices[k as keyof OlfactoryCircuit['matrices']])]));
/** Per receptor: the ORN indices it drives. */
const driven = (c: OlfactoryCircuit) => {
  const nOrn = c.neurons.orn.length;
  return KREHER_RECEPTORS.map((_, i) => Array.from({ length: nOrn }, (_, j) => j).filter((j) => c.orToOrn[i * nOrn + j] === 1));
};

describe('connectome preprocessing variants (real Winding et al. 2023 data)', () => {
  const connectome = realConnectome();
  const build = (name: string) => buildOlfactoryCircuit(connectome, { preprocessing: dataVariantByName(name).preprocessing });
  const canonical = buildOlfactoryCircuit(connectome);

  it('the default build is the canonical preprocessing and records it', () => {
    expect(canonical.preprocessing).toEqual(DEFAULT_PREPROCESSING);
    const explicit = build('one-to-one');
    for (const k of Object.keys(canonical.matrices) as (keyof OlfactoryCircuit['matrices'])[]) expect(csrToDense(explicit.matrices[k])).toEqual(csrToDense(canonical.matrices[k]));
    expect(explicit.orToOrn).toEqual(canonical.orToOrn);
  });

  it('binary non-AD and KC dd masks reproduce every one of the reference’s own matrix totals; counts reproduce 9 of 15', () => {
    const ref = REFERENCE_MATRIX_TOTALS;
    expect(sums(build('reference-masks'))).toEqual(ref);
    const c = sums(canonical);
    expect(
      Object.keys(ref)
        .filter((k) => c[k] === ref[k])
        .sort(),
    ).toEqual(['apl_to_kc', 'kc_to_apl', 'kc_to_kc_aa', 'kc_to_kc_ad', 'kc_to_kc_da', 'kc_to_apl_da', 'ln_to_ln', 'pn_to_kc_nonad', 'pn_to_ln'].sort());
    // aa + da + dd counts: the public synapse totals, larger than the reference's
    expect([c.orn_to_ln_nonad, c.ln_to_pn_nonad, c.ln_to_ln_nonad, c.pn_to_ln_nonad, c.ln_to_orn_nonad, c.kc_to_kc_dd]).toEqual([1044, 1835, 3240, 2478, 1822, 1191]);
    // masks change values only, never which pairs are connected (so the gap masks are the same)
    const masks = build('reference-masks');
    expect(masks.matrices.ln_to_pn_nonad.colIdx).toEqual(canonical.matrices.ln_to_pn_nonad.colIdx);
    expect(Math.max(...masks.matrices.ln_to_pn_nonad.values)).toBe(1);
    expect(csrToDense(masks.gapMasks.lnLn)).toEqual(csrToDense(canonical.gapMasks.lnLn));
  });

  it('positional mappings give each receptor two ORNs and each ORN one receptor, in the named order', () => {
    const ids = Array.from(canonical.neurons.orn);
    const types = canonical.neurons.ornTypes;
    const annotation = driven(build('annotation-order'));
    expect(annotation).toEqual(KREHER_RECEPTORS.map((_, i) => [2 * i, 2 * i + 1]));
    const bySkeleton = [...ids.keys()].sort((a, b) => ids[a]! - ids[b]!);
    expect(driven(build('skeleton-id-order'))).toEqual(KREHER_RECEPTORS.map((_, i) => [bySkeleton[2 * i]!, bySkeleton[2 * i + 1]!].sort((a, b) => a - b)));
    const sideMajor = driven(build('side-major-order'));
    // 21 pairs: receptor i gets left ORNs of pairs 2i and 2i+1 (i < 10), receptor 10 the left of pair 20 and the right of pair 0
    expect(sideMajor[0]).toEqual([0, 2]);
    expect(sideMajor[10]).toEqual([1, 40]);
    expect(sideMajor[20]).toEqual([39, 41]);
    for (const name of ['annotation-order', 'skeleton-id-order', 'pn-partner-order', 'side-major-order']) {
      const d = driven(build(name));
      expect(d.every((orns) => orns.length === 2)).toBe(true);
      expect(d.flat().sort((a, b) => a - b)).toEqual([...ids.keys()]);
    }
    // pn-partner order keeps left/right pairs together and orders them by their uPN partner
    const pnPartner = driven(build('pn-partner-order'));
    expect(pnPartner.every(([a, b]) => b === a! + 1 && types[a!] === types[b!])).toBe(true);
    const firstPn = (orn: number) => canonical.neurons.pnGlomeruli.indexOf(types[orn]!);
    const order = pnPartner.map(([a]) => firstPn(a!));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('records and compares preprocessing records; describes the differences from canonical', () => {
    expect(describePreprocessing(DEFAULT_PREPROCESSING)).toBe('default');
    expect(PAPER_PREPROCESSING).toEqual({ ...DEFAULT_PREPROCESSING, orMapping: PAPER_VARIANT });
    expect(describePreprocessing(PAPER_PREPROCESSING)).toBe('orMapping=annotation-order');
    expect(describePreprocessing(dataVariantByName('reference-masks').preprocessing)).toBe('nonAdWeights=binary, kcDendroDendritic=binary');
    expect(samePreprocessing(resolvePreprocessing({ lnQuantile: 0.33 }), DEFAULT_PREPROCESSING)).toBe(true);
    expect(samePreprocessing(resolvePreprocessing({ lnQuantile: 0.5 }), DEFAULT_PREPROCESSING)).toBe(false);
    expect(preprocessingKey(resolvePreprocessing({ orMapping: 'by-name' }))).toBe(preprocessingKey({ ...DEFAULT_PREPROCESSING, orMapping: 'by-name' }));
    expect(new Set(DATA_VARIANTS.map((v) => preprocessingKey(v.preprocessing))).size).toBe(DATA_VARIANTS.length);
    expect(buildOlfactoryCircuit(connectome, { preprocessing: { orMapping: 'annotation-order' }, lnQuantile: 0.5 }).preprocessing).toEqual({
      ...DEFAULT_PREPROCESSING,
      orMapping: 'annotation-order',
      lnQuantile: 0.5,
    });
  });

  it('rejects unknown variants, fields and values with a typed error naming them', () => {
    expect(() => dataVariantByName('nope')).toThrow(InvalidParameterError);
    expect(() => dataVariantByName('nope')).toThrow(/variant.*nope.*one-to-one, by-name, annotation-order/);
    expect(() => resolvePreprocessing({ nonAdWeights: 'log' as never })).toThrow(/preprocessing\.nonAdWeights.*counts, binary/);
    expect(() => resolvePreprocessing({ lnQuantile: Number.NaN })).toThrow(/preprocessing\.lnQuantile/);
    expect(() => resolvePreprocessing({ orMapping: 'random' as never })).toThrow(/preprocessing\.orMapping/);
    expect(() => resolvePreprocessing({ colour: 'red' } as never)).toThrow(/preprocessing\.colour/);
  });
});
