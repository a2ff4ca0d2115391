import { r2, type Sel } from './figure-frame';

/** Draws a row-major nRows × nCols matrix as `<rect class="cell">`s (crisp edges, NaN → light grey). */
export function drawMatrixCells(g: Sel, values: readonly number[], nRows: number, nCols: number, cellW: number, cellH: number, color: (v: number) => string): void {
  const cells = g.append('g').attr('class', 'cells').attr('shape-rendering', 'crispEdges');
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) {
      const v = values[i * nCols + j]!;
      cells
        .append('rect')
        .attr('class', 'cell')
        .attr('x', r2(j * cellW))
        .attr('y', r2(i * cellH))
        .attr('width', r2(cellW + 0.05))
        .attr('height', r2(cellH + 0.05))
        .attr('fill', Number.isFinite(v) ? color(v) : '#dddddd');
    }
  }
}
