import type { CsrMatrix } from '@olfactory/neurons';
import type { OlfactoryCircuit, PathwayName } from '../circuit/build-olfactory-circuit';
import { excitatoryLnPnMask, sharedInputMask, symmetricContactMask } from '../circuit/gap-junction-masks';
import { splitLocalNeurons } from '../circuit/ln-split';
import { referenceShuffleInputs, shuffleConnectome } from './shuffle-connectome';

/** A circuit built on a shuffled connectome records the seed of its shuffle. */
export type ShuffledOlfactoryCircuit = OlfactoryCircuit & { readonly shuffleSeed: number };

/**
 * The R3 "shuffle" circuit (spec §1.4) of experiment seed `seed`: every group matrix of the
 * circuit gets its own row and column permutation from one `RandomState(seed + 1000)` stream in
 * the reference's file order ({@link referenceShuffleInputs}); the LN split and the three
 * gap-junction masks are then re-derived from the shuffled matrices, as the reference does when
 * it rebuilds the model from its shuffled data folder. The OR→ORN map is kept, so it now addresses
 * other ORNs (the reference's quirk, spec §8.19).
 *
 * The reference's folders also hold MBON/DAN matrices whose shapes the spec does not give; they
 * are left out of the stream (`skipUnknownShapes`), so the permutations of the files after them
 * differ from the reference's realisation while the statistics of the control are the same.
 * `allAll` (used only for the circuit summary) is not shuffled.
 */
export function shuffleOlfactoryCircuit(circuit: OlfactoryCircuit, seed: number): ShuffledOlfactoryCircuit {
  const available = new Map<string, CsrMatrix>(Object.entries(circuit.matrices));
  const { matrices } = shuffleConnectome(referenceShuffleInputs(available, { skipUnknownShapes: true }), { seed });
  const shuffled = { ...circuit.matrices } as Record<PathwayName, CsrMatrix>;
  for (const [name, m] of matrices) shuffled[name as PathwayName] = m;
  const lnSplit = splitLocalNeurons(shuffled.ln_to_pn, circuit.preprocessing.lnQuantile);
  return {
    ...circuit,
    matrices: shuffled,
    lnSplit,
    gapMasks: {
      lnLn: symmetricContactMask(shuffled.ln_to_ln),
      pnPn: sharedInputMask(shuffled.orn_to_pn),
      elnPn: excitatoryLnPnMask(shuffled.ln_to_pn, lnSplit.isExcitatory),
    },
    shuffleSeed: seed,
  };
}
