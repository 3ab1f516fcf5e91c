// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/App';
import { passwordHolder } from '../../src/renderer/secret';
import { StoreProvider } from '../../src/renderer/store/context';
import { createWizardStore } from '../../src/renderer/store/wizard-store';
import { createFakeApi } from '../helpers/fake-api';
import { idleState } from '../helpers/fake-service';

const CANARY = 'Canary-Pw-98765';

async function renderWizard() {
  const fake = createFakeApi();
  const store = createWizardStore(fake.api);
  await store.getState().init();
  const view = render(
    <StoreProvider store={store}>
      <App api={fake.api} />
    </StoreProvider>,
  );
  return { ...fake, store, view };
}

afterEach(() => {
  cleanup();
  passwordHolder.take();
});

describe('Welcome page', () => {
  it('suggests the user name, validates as you type, and toggles the password visibility', async () => {
    await renderWizard();
    const user = screen.getByTestId('distro-user') as HTMLInputElement;
    expect(user.value).toBe('dev');
    fireEvent.change(user, { target: { value: 'Root!' } });
    expect(await screen.findByText(/Use 1 to 32 characters/)).toBeTruthy();
    const pw = screen.getByTestId('password') as HTMLInputElement;
    expect(pw.type).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Show password' }));
    expect((screen.getByTestId('password') as HTMLInputElement).type).toBe('text');
    fireEvent.click(screen.getByRole('button', { name: 'Hide password' }));
    expect((screen.getByTestId('password') as HTMLInputElement).type).toBe('password');
  });

  it('does not go on with mismatched passwords', async () => {
    await renderWizard();
    fireEvent.change(screen.getByTestId('password'), { target: { value: CANARY } });
    fireEvent.change(screen.getByTestId('password-confirm'), { target: { value: 'other' } });
    fireEvent.click(screen.getByRole('button', { name: /Next: check this PC/ }));
    expect(await screen.findByText('The two passwords are not the same.')).toBeTruthy();
    expect(document.querySelector('[data-page="welcome"]')).toBeTruthy();
  });

  it('takes the password out of the DOM and the store once you leave, and hands it to start only', async () => {
    const { store, service } = await renderWizard();
    fireEvent.change(screen.getByTestId('password'), { target: { value: CANARY } });
    fireEvent.change(screen.getByTestId('password-confirm'), { target: { value: CANARY } });
    fireEvent.click(screen.getByRole('button', { name: /Next: check this PC/ }));
    await waitFor(() => expect(document.querySelector('[data-page="check"]')).toBeTruthy());
    expect(document.documentElement.outerHTML).not.toContain(CANARY);
    expect(JSON.stringify(store.getState())).not.toContain(CANARY);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Next: see the plan/ }).hasAttribute('disabled')).toBe(false),
    );
    fireEvent.click(screen.getByRole('button', { name: /Next: see the plan/ }));
    await waitFor(() => expect(document.querySelector('[data-page="plan"]')).toBeTruthy());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Install' }).hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Install' }));
    await waitFor(() => expect(service.calls.some((c) => c.method === 'start')).toBe(true));
    const start = service.calls.find((c) => c.method === 'start');
    expect(start?.args[1]).toBe(CANARY);
    expect(passwordHolder.peek()).toBeNull();
    expect(document.documentElement.outerHTML).not.toContain(CANARY);
  });
});

describe('System check page', () => {
  it('shows each check with an icon and words, not colour alone', async () => {
    const { store } = await renderWizard();
    act(() => store.getState().goTo('check'));
    const row = await waitFor(() => {
      const el = document.querySelector('[data-check="build"]');
      if (!el) throw new Error('not yet');
      return el;
    });
    expect(row.textContent).toContain('Passed');
    expect(row.textContent).toContain('Windows build');
  });
});

describe('Install page', () => {
  it('shows a troubleshooting card for a failed step, with Fix it and Retry', async () => {
    const { store, service } = await renderWizard();
    const state = idleState({ phase: 'failed', runId: 'r1' });
    const step = state.steps.find((s) => s.id === 'docker-desktop');
    if (!step) throw new Error('no step');
    Object.assign(step, {
      status: 'failed',
      title: 'Install Docker Desktop',
      error: { code: 'exit:1603', message: 'The installer ended with 1603.' },
      diagnosis: {
        id: 'msi-1603',
        title: 'The Docker Desktop installer failed',
        explanation: 'Windows Installer error 1603.',
        fixSteps: ['Restart and try again.'],
        links: [],
        fixId: 'retry-docker',
      },
    });
    act(() => {
      store.getState().goTo('install');
      service.emitState(state);
    });
    const card = await screen.findByTestId('troubleshooting-card');
    expect(card.textContent).toContain('The Docker Desktop installer failed');
    expect(card.textContent).toContain('The installer ended with 1603.');
    fireEvent.click(screen.getByRole('button', { name: 'Fix it' }));
    await waitFor(() =>
      expect(service.calls.some((c) => c.method === 'runFix' && c.args[0] === 'retry-docker')).toBe(true),
    );
  });
});

describe('Welcome back page', () => {
  it('asks for the password again when the engine needs it after a restart', async () => {
    const { store, service } = await renderWizard();
    act(() =>
      service.emitState(
        idleState({
          phase: 'running',
          needsPassword: true,
          resumed: { kind: 'restart', confirmed: true, message: 'Restart confirmed. Continuing with step 7 of 12.' },
        }),
      ),
    );
    expect(store.getState().page).toBe('resumed');
    const prompt = await screen.findByTestId('password-prompt');
    expect(prompt).toBeTruthy();
    expect(screen.getByText(/Restart confirmed/, { selector: 'h1 ~ *' })).toBeTruthy();
    const inputs = prompt.querySelectorAll('input');
    fireEvent.change(inputs[0] as Element, { target: { value: CANARY } });
    fireEvent.change(inputs[1] as Element, { target: { value: CANARY } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(service.calls.some((c) => c.method === 'resume' && c.args[0] === CANARY)).toBe(true));
  });
});
