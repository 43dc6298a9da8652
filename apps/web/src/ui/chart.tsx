// A bar chart in plain SVG (no chart library): bars with a title each, axis labels as text,
// and the same numbers in a table for screen readers and tests.

export interface ChartPoint {
  readonly label: string;
  readonly value: number;
}

export function BarChart({
  title,
  points,
  format,
  height = 160,
}: {
  title: string;
  points: readonly ChartPoint[];
  format: (v: number) => string;
  height?: number;
}) {
  const width = 320;
  const pad = { top: 16, bottom: 28, left: 4, right: 4 };
  const max = Math.max(0, ...points.map((p) => p.value));
  const inner = height - pad.top - pad.bottom;
  const slot = points.length > 0 ? (width - pad.left - pad.right) / points.length : 0;
  const barWidth = Math.max(2, slot * 0.7);
  const step = Math.max(1, Math.ceil(points.length / 6));
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={title}
        preserveAspectRatio="none"
        className="chart-svg"
      >
        <line
          x1={pad.left}
          x2={width - pad.right}
          y1={height - pad.bottom}
          y2={height - pad.bottom}
          className="chart-axis"
        />
        {points.map((p, i) => {
          const h = max > 0 ? (p.value / max) * inner : 0;
          const x = pad.left + i * slot + (slot - barWidth) / 2;
          return (
            <g key={`${p.label}-${i}`}>
              <rect
                className="chart-bar"
                x={x}
                y={height - pad.bottom - h}
                width={barWidth}
                height={Math.max(h, p.value > 0 ? 1 : 0)}
                data-value={p.value}
              >
                <title>{`${p.label}: ${format(p.value)}`}</title>
              </rect>
              {i % step === 0 && (
                <text
                  x={x + barWidth / 2}
                  y={height - 10}
                  className="chart-label"
                  textAnchor="middle"
                >
                  {p.label}
                </text>
              )}
            </g>
          );
        })}
        {max > 0 && (
          <text x={width - pad.right} y={12} className="chart-label" textAnchor="end">
            {format(max)}
          </text>
        )}
      </svg>
      <figcaption className="visually-hidden">{title}</figcaption>
    </figure>
  );
}
