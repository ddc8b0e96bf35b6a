/**
 * SVG from DOT with Graphviz compiled to WebAssembly (`@viz-js/viz`): no
 * system Graphviz, no network. The WASM module is instantiated once, when
 * this module loads (~60 ms), so rendering itself is synchronous and the
 * CLI's commands stay synchronous. Graphviz's layout is deterministic: the
 * same DOT gives the same bytes with the same Graphviz version (the version
 * is written into the SVG's header comment).
 */
import { instance } from '@viz-js/viz';

const viz = await instance();

/** Graphviz's version, e.g. `16.1.0`. */
export const graphvizVersion: string = viz.graphvizVersion;

/**
 * Renders DOT to an SVG document. Throws with Graphviz's own message when
 * the DOT is invalid; warnings (e.g. an `lhead` Graphviz cannot honour) are
 * returned to the caller that asks for them, never printed.
 */
export function renderSvg(dot: string): string {
  return renderSvgWithWarnings(dot).svg;
}

/** Where the drawing's font is missing (a browser without DejaVu Sans), a sans-serif of similar width. */
const withFallback = (svg: string): string => svg.replace(/font-family="DejaVu Sans"/g, 'font-family="DejaVu Sans,Verdana,sans-serif"');

export function renderSvgWithWarnings(dot: string): { svg: string; warnings: string[] } {
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success') {
    const message = result.errors.filter((e) => e.level === 'error').map((e) => e.message).join('; ');
    throw new Error(`Graphviz could not render the diagram: ${message || 'unknown error'}`);
  }
  return { svg: withFallback(result.output), warnings: result.errors.filter((e) => e.level !== 'error').map((e) => e.message) };
}
