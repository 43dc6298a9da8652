import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import '../ui/styles.css';
import { AdminApp } from './AdminApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AdminApp />
  </StrictMode>,
);
