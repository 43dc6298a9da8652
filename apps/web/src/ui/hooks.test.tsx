import { fireEvent, render, screen } from '@testing-library/react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';

import { useStateFrom } from './hooks';

function Editor({ source }: { source: { name: string } }) {
  const [value, setValue] = useStateFrom(source, (s) => s.name);
  return <input data-testid="name" value={value} onChange={(e) => setValue(e.target.value)} />;
}

const input = () => screen.getByTestId<HTMLInputElement>('name');

describe('useStateFrom', () => {
  // A form rendered by a fetch's answer, edited before React ran that render's effects (a busy
  // machine): with `useEffect(() => setValue(seed), [source])` the mount effect's reset is queued
  // behind the edit and wins, so the first thing the admin typed vanished.
  it('keeps an edit made before the first render’s effects ran', async () => {
    const act = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
    const was = act.IS_REACT_ACT_ENVIRONMENT;
    act.IS_REACT_ACT_ENVIRONMENT = false; // render as the browser does, effects on a later task
    const host = document.body.appendChild(document.createElement('div'));
    const root = createRoot(host);
    try {
      const typed = new Promise<void>((resolve) => {
        const committed = new MutationObserver(() => {
          committed.disconnect();
          fireEvent.change(host.querySelector('input')!, { target: { value: 'typed' } });
          resolve();
        });
        committed.observe(host, { childList: true });
      });
      root.render(<Editor source={{ name: 'saved' }} />);
      await typed;
      await new Promise((settled) => setTimeout(settled, 50));
      expect(host.querySelector('input')!.value).toBe('typed');
    } finally {
      root.unmount();
      host.remove();
      act.IS_REACT_ACT_ENVIRONMENT = was;
    }
  });

  it('keeps edits across re-renders with the same source and re-seeds when it changes', () => {
    const first = { name: 'v1' };
    const { rerender } = render(<Editor source={first} />);
    fireEvent.change(input(), { target: { value: 'draft' } });
    rerender(<Editor source={first} />);
    expect(input().value).toBe('draft');
    rerender(<Editor source={{ name: 'v2' }} />);
    expect(input().value).toBe('v2');
  });
});
