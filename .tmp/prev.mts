import { Resvg } from '@resvg/resvg-js';
import { readFileSync, writeFileSync } from 'node:fs';
// Downscale a PNG by wrapping it in an SVG <image> rendered at width W.
const [src, out, w] = process.argv.slice(2);
const buf = readFileSync(src!);
const W = buf.readUInt32BE(16), H = buf.readUInt32BE(20);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}"><image width="${W}" height="${H}" xlink:href="data:image/png;base64,${buf.toString('base64')}"/></svg>`;
writeFileSync(out!, new Resvg(svg, { fitTo: { mode: 'width', value: Number(w ?? 1000) } }).render().asPng());
