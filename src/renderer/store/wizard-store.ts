/**
 * The renderer's one zustand store, from two slices: `run` mirrors what main pushes (the run state,
 * the environment); `wizard` is UI-only (page, the non-secret options, check/plan results, notices).
 * The distro password is never in here: it lives in the Welcome page's component state and a
 * short-lived in-memory holder until `start` (see secret.ts).
 */
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import {
  type DockerSource,
  LinuxUserSchema,
  type Plan,
  type RunOptionsInput,
  type RunState,
  type StepId,
  type SystemCheck,
  WINDOWS_ACCOUNT_PATTERN,
} from '../../common/contract';
import type { AppEnvironment, IpcResult, SetupApi } from '../../common/ipc';
import { derivePage, type PageId } from './routing';

export interface WizardOptions {
  distroUser: string;
  dockerSource: DockerSource;
  enableHyperV: boolean;
  firewallRule: boolean;
  buildAgent: boolean;
  serviceAccount: string;
}

export const DEFAULT_SERVICE_ACCOUNT = 'NT AUTHORITY\\NETWORK SERVICE';

export interface Notice {
  intent: 'error' | 'warning' | 'info' | 'success';
  text: string;
}

interface RunSlice {
  run: RunState | null;
  env: AppEnvironment | null;
  applyState(state: RunState): void;
}

interface WizardSlice {
  page: PageId;
  options: WizardOptions;
  checks: SystemCheck[] | null;
  checksLoading: boolean;
  plan: Plan | null;
  planLoading: boolean;
  busy: boolean;
  notice: Notice | null;
  acknowledgedResume: boolean;
  diagnosticsPath: string | null;
  logFolder: string | null;
  validationLoading: boolean;
  goTo(page: PageId): void;
  setOptions(patch: Partial<WizardOptions>): void;
  dismissNotice(): void;
  init(): Promise<void>;
  runPreflight(): Promise<void>;
  makePlan(): Promise<void>;
  startRun(password: string | null): Promise<void>;
  resumeRun(password: string | null): Promise<void>;
  acknowledgeResume(): void;
  cancelRun(): Promise<void>;
  restartNow(): Promise<void>;
  restartLater(): Promise<void>;
  revalidate(): Promise<void>;
  runFix(fixId: string): Promise<void>;
  retry(): Promise<void>;
  exportDiagnostics(): Promise<void>;
  openLogFolder(): Promise<void>;
  relaunchElevated(): Promise<void>;
  stepLog(stepId: StepId): Promise<string | null>;
}

export type WizardState = RunSlice & WizardSlice;
export type WizardStore = StoreApi<WizardState>;

export function toRunOptions(o: WizardOptions): RunOptionsInput {
  return {
    distroUser: o.distroUser,
    dockerSource: o.dockerSource,
    enableHyperV: o.enableHyperV,
    firewallRule: o.firewallRule,
    serviceAccount: o.buildAgent ? o.serviceAccount.trim() : null,
  };
}

/** Inline validation of the Welcome page's non-secret fields; null when valid. */
export function validateOptions(o: WizardOptions): { distroUser: string | null; serviceAccount: string | null } {
  const user = LinuxUserSchema.safeParse(o.distroUser);
  return {
    distroUser: user.success ? null : (user.error.issues[0]?.message ?? 'Not a valid Linux user name.'),
    serviceAccount:
      o.buildAgent && !WINDOWS_ACCOUNT_PATTERN.test(o.serviceAccount.trim())
        ? 'Type an account as DOMAIN\\name, for example NT AUTHORITY\\NETWORK SERVICE.'
        : null,
  };
}

function errorText(result: IpcResult<unknown>): string {
  return result.ok ? '' : result.error.message;
}

export function createWizardStore(api: SetupApi): WizardStore {
  const runSlice: StateCreator<WizardState, [], [], RunSlice> = (set, get) => ({
    run: null,
    env: null,
    applyState(state) {
      const page = derivePage(get().page, state, get().acknowledgedResume);
      set({ run: state, page });
    },
  });

  const wizardSlice: StateCreator<WizardState, [], [], WizardSlice> = (set, get) => {
    /** Runs an action that returns a RunState: mirrors it, or shows why it failed. */
    const runAction = async (call: () => Promise<IpcResult<RunState>>, long = false): Promise<boolean> => {
      // A long action (start, resume, restart) resolves only when the run stops: the UI stays usable meanwhile.
      set({ busy: !long, notice: null });
      try {
        const result = await call();
        if (result.ok) {
          get().applyState(result.value);
          return true;
        }
        set({ notice: { intent: 'error', text: errorText(result) } });
        return false;
      } finally {
        set({ busy: false });
      }
    };
    return {
      page: 'welcome',
      options: {
        distroUser: '',
        dockerSource: 'winget',
        enableHyperV: false,
        firewallRule: false,
        buildAgent: false,
        serviceAccount: DEFAULT_SERVICE_ACCOUNT,
      },
      checks: null,
      checksLoading: false,
      plan: null,
      planLoading: false,
      busy: false,
      notice: null,
      acknowledgedResume: true,
      diagnosticsPath: null,
      logFolder: null,
      validationLoading: false,
      goTo: (page) => set({ page, notice: null }),
      setOptions: (patch) => set({ options: { ...get().options, ...patch }, plan: null }),
      dismissNotice: () => set({ notice: null }),
      async init() {
        api.onState((state) => get().applyState(state));
        const [env, state] = await Promise.all([api.getEnvironment(), api.getState()]);
        if (env.ok) {
          const options = get().options;
          set({
            env: env.value,
            // Started by the resume task: show "Welcome back" first.
            acknowledgedResume: !env.value.resumed,
            options: {
              ...options,
              ...(env.value.suggestedOptions.dockerSource
                ? { dockerSource: env.value.suggestedOptions.dockerSource }
                : {}),
              ...(env.value.suggestedOptions.enableHyperV !== undefined
                ? { enableHyperV: env.value.suggestedOptions.enableHyperV }
                : {}),
              ...(env.value.suggestedOptions.firewallRule !== undefined
                ? { firewallRule: env.value.suggestedOptions.firewallRule }
                : {}),
              ...(env.value.suggestedOptions.serviceAccount
                ? { buildAgent: true, serviceAccount: env.value.suggestedOptions.serviceAccount }
                : {}),
              distroUser: options.distroUser || env.value.suggestedUser,
            },
          });
        }
        if (state.ok) {
          const s = state.value;
          if (s.options) {
            const o = s.options;
            set({
              options: {
                distroUser: o.distroUser,
                dockerSource: o.dockerSource,
                enableHyperV: o.enableHyperV,
                firewallRule: o.firewallRule,
                buildAgent: o.serviceAccount !== null,
                serviceAccount: o.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT,
              },
            });
          }
          get().applyState(s);
        } else set({ notice: { intent: 'error', text: errorText(state) } });
      },
      async runPreflight() {
        set({ checksLoading: true, notice: null });
        const result = await api.preflight();
        set(
          result.ok
            ? { checks: result.value, checksLoading: false }
            : { checksLoading: false, notice: { intent: 'error', text: errorText(result) } },
        );
      },
      async makePlan() {
        set({ planLoading: true, notice: null });
        const result = await api.plan(toRunOptions(get().options));
        set(
          result.ok
            ? { plan: result.value, planLoading: false }
            : { planLoading: false, notice: { intent: 'error', text: errorText(result) } },
        );
      },
      async startRun(password) {
        set({ page: 'install', acknowledgedResume: true });
        await runAction(() => api.start({ options: toRunOptions(get().options), password }), true);
      },
      async resumeRun(password) {
        set({ acknowledgedResume: true, page: 'install' });
        await runAction(() => api.resume({ password }), true);
      },
      acknowledgeResume() {
        const run = get().run;
        set({ acknowledgedResume: true, page: run ? derivePage('install', run, true) : 'install' });
      },
      cancelRun: async () => {
        await runAction(() => api.cancel());
      },
      restartNow: async () => {
        // A new boot ahead: the Welcome back page must be seen again.
        set({ acknowledgedResume: false });
        await runAction(() => api.restartNow(), true);
      },
      restartLater: async () => {
        if (await runAction(() => api.restartLater())) {
          set({
            notice: {
              intent: 'info',
              text: 'Restart when you are ready. Pupperware Setup opens again by itself after you sign in and continues.',
            },
          });
        }
      },
      async revalidate() {
        set({ validationLoading: true, notice: null });
        const result = await api.revalidate();
        const run = get().run;
        if (result.ok && run) set({ run: { ...run, validation: result.value } });
        set({
          validationLoading: false,
          ...(result.ok ? {} : { notice: { intent: 'error' as const, text: errorText(result) } }),
        });
      },
      runFix: async (fixId) => {
        await runAction(() => api.runFix({ fixId }));
      },
      retry: async () => {
        set({ page: 'install' });
        await runAction(() => api.start({ options: toRunOptions(get().options), password: null }), true);
      },
      async exportDiagnostics() {
        const result = await api.exportDiagnostics();
        set(
          result.ok
            ? {
                diagnosticsPath: result.value.path,
                notice: { intent: 'success', text: `Diagnostics saved to ${result.value.path}` },
              }
            : { notice: { intent: 'error', text: errorText(result) } },
        );
      },
      async openLogFolder() {
        const result = await api.openLogFolder();
        if (!result.ok) set({ notice: { intent: 'error', text: errorText(result) } });
        else
          set({
            logFolder: result.value.path,
            notice: result.value.opened ? null : { intent: 'info', text: `The logs are in ${result.value.path}` },
          });
      },
      async relaunchElevated() {
        const result = await api.relaunchElevated();
        if (!result.ok) set({ notice: { intent: 'error', text: errorText(result) } });
      },
      async stepLog(stepId) {
        const result = await api.stepLog({ stepId });
        return result.ok ? result.value : null;
      },
    };
  };

  return createStore<WizardState>()((...a) => ({ ...runSlice(...a), ...wizardSlice(...a) }));
}
