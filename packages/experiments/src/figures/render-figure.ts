import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * A Vega-Lite spec to SVG (vega's own headless renderer, pure JS) and to PNG (resvg, a prebuilt
 * binary): no browser and no canvas build needed.
 */
export async function renderFigure(spec: Record<string, unknown>, scale = 2): Promise<{ svg: string; png: Uint8Array }> {
  const { spec: compiled } = compile(spec as unknown as TopLevelSpec);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true } })
      .render()
      .asPng();
    return { svg, png };
  } finally {
    view.finalize();
  }
}
