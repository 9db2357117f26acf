import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { OfflineReady } from './offline/OfflineReady.tsx';
import { queryClient, startRuntime } from './runtime.ts';
import { trpc, trpcClient } from './trpc.ts';
import './styles/index.css';

// The live stream belongs to the tab, not to a component: started here, once, before React renders.
startRuntime();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <OfflineReady client={queryClient}>
        <App />
      </OfflineReady>
    </trpc.Provider>
  </StrictMode>,
);
