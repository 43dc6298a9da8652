import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

import { setAccessToken } from '../api/client';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
  setAccessToken(undefined);
  window.location.hash = '';
});
