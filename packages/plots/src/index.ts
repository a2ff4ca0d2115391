export { createSvgDocument, serializeSvg } from './svg/create-svg-document';
export { heatmap } from './heatmap/heatmap';
export type { HeatmapData, HeatmapOptions } from './heatmap/heatmap';
export { renderPng, renderRgba, FontNotFoundError } from './png/render-png';
export type { RenderPngOptions } from './png/render-png';
export { DEFAULT_FONT_FAMILY } from './internal/figure-frame';
export type { FigureBaseOptions } from './internal/figure-frame';
export { similarityFigure, SIMILARITY_TITLES } from './similarity/similarity-figure';
export type { SimilarityFigureData, SimilarityFigureOptions, SimilarityPanel } from './similarity/similarity-figure';
