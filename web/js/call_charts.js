// call_charts.js — one small live chart of a figure over time, drawn by
// uPlot (canvas; its style sheet is linked in index.html): a call-quality
// figure over the last minute, or a vital sign over the last minutes of a
// call or the last day, week or month. One or two lines against time, a y
// axis from zero (or around the values), no legend or cursor (the current
// value is written beside the title as text for everyone, screen readers
// included). The chart keeps its uPlot instance and only hands it new data
// on each reading.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { html } from './html.js';

export const WINDOW_SECONDS = 60;
const WIDTH = 260; // until the box is measured
const HEIGHT = 90;
const COLOURS = ['#0b6e6e', '#b07d00']; // --brand, and the stars' amber

// span: the seconds shown; until: the end of the time shown (seconds since
// the epoch), or none to follow the readings; fromZero: the y axis starts
// at zero (a small wobble stays small), else it fits the values.
function options(lines, { span, until, fromZero, height }) {
  return {
    width: WIDTH,
    height,
    legend: { show: false },
    cursor: { show: false },
    // span from the oldest reading kept: the line fills the chart as the
    // call goes on, then moves along with the newest reading
    scales: {
      x: { time: true, range: (u, min, max) => (until ? [until - span, until] : min == null ? [0, span]
        : max - min < span ? [min, min + span] : [max - span, max]) },
      y: { range: (u, min, max) => (fromZero || min == null ? [0, max > 0 ? max * 1.15 : 1]
        : [Math.floor(min - Math.max(2, (max - min) * 0.15)), Math.ceil(max + Math.max(2, (max - min) * 0.15))]) },
    },
    axes: [
      { show: false },
      { size: 42, font: '11px system-ui, sans-serif', stroke: '#586868', ticks: { show: false },
        grid: { stroke: '#e3ebeb', width: 1 }, values: (u, splits) => splits.map((v) => (v >= 1000 ? `${Math.round(v / 100) / 10}k` : String(Math.round(v * 10) / 10))) },
    ],
    series: [{}, ...lines.map((line, i) => ({
      label: line.label, stroke: line.colour || COLOURS[i % COLOURS.length], width: 1.5, points: { show: false },
      ...(line.dash && { dash: line.dash }),
    }))],
  };
}

// times: seconds since the epoch, one per reading; lines: [{ label, values,
// colour?, dash? }] with one value per time. caption: what the chart shows, with its figures.
// span, until, fromZero: see options(); height in CSS pixels.
export function LiveChart({ name, caption, times, lines, span = WINDOW_SECONDS, until, fromZero = true, height = HEIGHT }) {
  const box = useRef(null);
  const plot = useRef(null);
  const data = [times, ...lines.map((l) => l.values)];
  useEffect(() => {
    const el = box.current;
    plot.current = new uPlot(options(lines, { span, until, fromZero, height }), data, el);
    // as wide as its box, which a closed panel or a narrow screen changes
    const fit = new ResizeObserver(() => {
      if (el.clientWidth > 0) plot.current.setSize({ width: el.clientWidth, height });
    });
    fit.observe(el);
    return () => { fit.disconnect(); plot.current.destroy(); plot.current = null; };
  }, [lines.length, span, until, height]);
  useEffect(() => {
    if (!plot.current) return;
    plot.current.setData(data);
    box.current.dataset.points = String(plot.current.data[0].length); // what is drawn
  }, [times]);
  return html`<figure class="quality-chart" data-chart=${name}>
    <figcaption>${caption}</figcaption>
    <div class="quality-chart-plot" ref=${box} aria-hidden="true"></div>
  </figure>`;
}
