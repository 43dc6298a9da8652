import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { BarChart } from './chart';

describe('the SVG bar chart', () => {
  it('draws one bar per point, scaled to the largest, with labelled values', () => {
    const { container, getByRole } = render(
      <BarChart
        title="Earnings"
        points={[
          { label: '11-01', value: 1 },
          { label: '11-02', value: 2 },
          { label: '11-03', value: 0 },
        ]}
        format={(v) => `$${v}`}
      />,
    );
    expect(getByRole('img', { name: 'Earnings' })).toBeTruthy();
    const bars = [...container.querySelectorAll('rect.chart-bar')];
    expect(bars.map((b) => b.getAttribute('data-value'))).toEqual(['1', '2', '0']);
    const heights = bars.map((b) => Number(b.getAttribute('height')));
    expect(heights[1]).toBeCloseTo(heights[0] * 2);
    expect(heights[2]).toBe(0);
    expect(bars[1].querySelector('title')?.textContent).toBe('11-02: $2');
  });
});
