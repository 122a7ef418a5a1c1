/**
 * Hand-drawn SVG charts: no library, no script. Colours come from the stylesheet (classes), so
 * they follow light and dark mode.
 */
interface Bar {
  label: string;
  value: number;
}

const W = 320;
const H = 160;

/** Horizontal bars, a label and a value per row (MRR by plan). */
export function HBarChart(props: { title: string; bars: Bar[]; format: (v: number) => string }) {
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const row = 20;
  const height = Math.max(row, props.bars.length * row);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={props.title}>
        {props.bars.map((b, i) => {
          const width = Math.max(1, Math.round((b.value / max) * (W - 170)));
          return (
            <g>
              <title>{`${b.label}: ${props.format(b.value)}`}</title>
              <text x={0} y={i * row + 14} class="label">
                {b.label.slice(0, 14)}
              </text>
              <rect x={100} y={i * row + 3} width={width} height={row - 6} class="bar" />
              <text x={104 + width} y={i * row + 14} class="label">
                {props.format(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Columns over a series (quality bands, days, runs); every `labelEvery`th label is written. */
export function ColumnChart(props: {
  title: string;
  bars: Bar[];
  labelEvery?: number;
  unit?: string;
}) {
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const plot = H - 20;
  const step = W / Math.max(1, props.bars.length);
  const every = props.labelEvery ?? 1;
  return (
    <figure class="chart">
      <figcaption>
        {props.title}{" "}
        <span class="muted">
          (max {max.toLocaleString("en-US")}
          {props.unit ?? ""})
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
        <line x1={0} y1={plot} x2={W} y2={plot} class="axis" />
        {props.bars.map((b, i) => {
          const h = Math.round((b.value / max) * (plot - 4));
          return (
            <g>
              <title>{`${b.label}: ${b.value.toLocaleString("en-US")}${props.unit ?? ""}`}</title>
              <rect
                x={i * step + 1}
                y={plot - h}
                width={Math.max(1, step - 2)}
                height={h}
                class="bar"
              />
              {i % every === 0 ? (
                <text x={i * step + step / 2} y={H - 6} class="label" text-anchor="middle">
                  {b.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
