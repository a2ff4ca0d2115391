/**
 * Bit flags saved per neuron by the spiking kernels (`flags[b * n + i]`) and read by their
 * backward passes. They record the non-differentiable selections of the forward pass, which act
 * like `torch.where` / `torch.clamp`: the gradient flows through the selected branch only.
 *
 * - `canFire`: the neuron was not refractory this step (ρ' = max(ρ − dt, 0) ≤ 0).
 * - `fired`: the reset trigger s > 0.5 (≡ u > 0) fired: voltage reset, refractory timer set.
 *   Also the hard (0/1) spike of the step, whatever the spike function.
 * - `aboveFloor`: the (axonal / only) voltage was ≥ V_min before the floor clamp (gradient passes).
 * - `aboveFloorDendrite`: same for the dendrite of a two-compartment neuron.
 */
export const SpikeFlag = Object.freeze({
  canFire: 1,
  fired: 2,
  aboveFloor: 4,
  aboveFloorDendrite: 8,
} as const);
