import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import '../ui/styles.css';
import { launchFromLocation, MiniApp } from './MiniApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MiniApp launch={launchFromLocation()} />
  </StrictMode>,
);
