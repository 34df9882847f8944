// Vega-Lite spec → SVG text, in Node without a browser or canvas (Vega's headless SVG renderer; text widths
// are estimated). One look for every chart: white background, DejaVu Sans, readable sizes.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

const CONFIG = {
  background: 'white',
  font: 'DejaVu Sans, Verdana, sans-serif',
  title: { fontSize: 15, anchor: 'start' as const, subtitleFontSize: 12, subtitleColor: '#555' },
  axis: { labelFontSize: 12, titleFontSize: 13, labelLimit: 320 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  header: { labelFontSize: 13, titleFontSize: 13 },
  padding: 12,
};

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const full = { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  // Vega-Lite warns about layouts it handles anyway (independent scales in facets); errors still throw.
  const view = new vega.View(vega.parse(compile(full, { logger: vega.logger(vega.Error) }).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
