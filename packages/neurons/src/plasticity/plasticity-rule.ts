import type { StdpRule } from './stdp';
import type { HomeostasisRule } from './homeostasis';
import type { EpropRewardRule } from './eprop';

/** Every plasticity rule a projection can carry, discriminated by `kind`. */
export type PlasticityRule = StdpRule | HomeostasisRule | EpropRewardRule;

/** The valid `kind`s, for error messages. */
export const PLASTICITY_RULE_KINDS = Object.freeze(['stdp-additive', 'stdp-multiplicative', 'homeostasis-multiplicative', 'eprop-reward'] as const);
