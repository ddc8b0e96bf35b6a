/**
 * PNG from a drawing's SVG without a browser: `@resvg/resvg-js` (resvg, a
 * Rust SVG renderer, as prebuilt npm binaries). resvg reads no stylesheet
 * variables and finds no fonts by itself, so the SVG it is given has every
 * colour as an attribute (the DOT themes set them all) and the font comes
 * from the `dejavu-fonts-ttf` package, the one the layout was measured in:
 * the same PNG bytes on every machine, whatever fonts it has installed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { FONT } from './dot.ts';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => join(fontDir, f));

/** Pixels per SVG unit: 2 draws a 700 pt wide chart 1,867 px wide, sharp on a high-density screen. */
export const PNG_SCALE = 2;

/**
 * `var(--name, fallback)` resolved to its fallback, and every font family
 * pointed at the bundled font: what resvg needs to draw text and colours.
 */
export function rasterReady(svg: string): string {
  return svg
    .replace(/var\(--[\w-]+,\s*([^()]+?)\)/g, '$1')
    .replace(/font-family="[^"]*"/g, `font-family="${FONT}"`);
}

export function renderPng(svg: string, scale: number = PNG_SCALE): Buffer {
  const resvg = new Resvg(rasterReady(svg), {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT, sansSerifFamily: FONT },
    shapeRendering: 2,
    textRendering: 1,
  });
  return resvg.render().asPng();
}
