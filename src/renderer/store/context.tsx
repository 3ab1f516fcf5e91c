import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { WizardState, WizardStore } from './wizard-store';

const StoreContext = createContext<WizardStore | null>(null);

export function StoreProvider({ store, children }: { store: WizardStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useWizardStore(): WizardStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useWizard must be used inside <StoreProvider>.');
  return store;
}

export function useWizard<T>(selector: (state: WizardState) => T): T {
  return useStore(useWizardStore(), selector);
}
