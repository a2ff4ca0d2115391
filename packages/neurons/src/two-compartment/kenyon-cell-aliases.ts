/**
 * Deprecated names of the two-compartment neuron, from when it was called "Kenyon cell" (the
 * larval model's use of it). Each is the same value or type as its new name; they will be removed
 * in a later minor version.
 */
import {
  NO_TWO_COMPARTMENT_NOISE,
  createTwoCompartmentParamGrads,
  createTwoCompartmentState,
  createTwoCompartmentStepOutput,
  defaultTwoCompartmentParams,
  defineTwoCompartmentParams,
} from './two-compartment-params';
import type { TwoCompartmentNoise, TwoCompartmentParamGrads, TwoCompartmentParams, TwoCompartmentParamsOptions, TwoCompartmentState, TwoCompartmentStepOutput } from './two-compartment-params';
import { TWO_COMPARTMENT_DET_EPSILON_PER_MS2, twoCompartmentPropagator } from './two-compartment-propagator';
import { twoCompartmentBackward, twoCompartmentForward } from './two-compartment-step';
import type { TwoCompartmentBackwardGrads, TwoCompartmentStepGradients } from './two-compartment-step';

/** @deprecated Renamed defineTwoCompartmentParams. */
export const defineKenyonCellParams = defineTwoCompartmentParams;
/** @deprecated Renamed defaultTwoCompartmentParams. */
export const defaultKenyonCellParams = defaultTwoCompartmentParams;
/** @deprecated Renamed createTwoCompartmentState. */
export const createKenyonCellState = createTwoCompartmentState;
/** @deprecated Renamed createTwoCompartmentStepOutput. */
export const createKenyonCellStepOutput = createTwoCompartmentStepOutput;
/** @deprecated Renamed createTwoCompartmentParamGrads. */
export const createKenyonCellParamGrads = createTwoCompartmentParamGrads;
/** @deprecated Renamed NO_TWO_COMPARTMENT_NOISE. */
export const NO_KENYON_CELL_NOISE = NO_TWO_COMPARTMENT_NOISE;
/** @deprecated Renamed twoCompartmentPropagator. */
export const kenyonPropagator = twoCompartmentPropagator;
/** @deprecated Renamed TWO_COMPARTMENT_DET_EPSILON_PER_MS2. */
export const KENYON_DET_EPSILON_PER_MS2 = TWO_COMPARTMENT_DET_EPSILON_PER_MS2;
/** @deprecated Renamed twoCompartmentForward. */
export const kenyonCellForward = twoCompartmentForward;
/** @deprecated Renamed twoCompartmentBackward. */
export const kenyonCellBackward = twoCompartmentBackward;
/** @deprecated Renamed TwoCompartmentParams. */
export type KenyonCellParams = TwoCompartmentParams;
/** @deprecated Renamed TwoCompartmentParamsOptions. */
export type KenyonCellParamsOptions = TwoCompartmentParamsOptions;
/** @deprecated Renamed TwoCompartmentState. */
export type KenyonCellState = TwoCompartmentState;
/** @deprecated Renamed TwoCompartmentNoise. */
export type KenyonCellNoise = TwoCompartmentNoise;
/** @deprecated Renamed TwoCompartmentStepOutput. */
export type KenyonCellStepOutput = TwoCompartmentStepOutput;
/** @deprecated Renamed TwoCompartmentParamGrads. */
export type KenyonCellParamGrads = TwoCompartmentParamGrads;
/** @deprecated Renamed TwoCompartmentStepGradients. */
export type KenyonCellStepGradients = TwoCompartmentStepGradients;
/** @deprecated Renamed TwoCompartmentBackwardGrads. */
export type KenyonCellBackwardGrads = TwoCompartmentBackwardGrads;
