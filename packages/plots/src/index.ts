export { createSvgDocument, serializeSvg } from './svg/create-svg-document';
export { heatmap } from './heatmap/heatmap';
export type { HeatmapData, HeatmapOptions } from './heatmap/heatmap';
