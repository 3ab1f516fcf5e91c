import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StoreProvider } from './store/context';
import { createWizardStore } from './store/wizard-store';
import './styles.css';

const api = window.setup;
const store = createWizardStore(api);
void store.getState().init();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App api={api} />
    </StoreProvider>
  </StrictMode>,
);
