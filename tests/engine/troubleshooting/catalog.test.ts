import { describe, expect, it } from 'vitest';
import { RunOptionsSchema, STEP_IDS } from '../../../src/common/contract';
import {
  CatalogError,
  type DiagnoseInput,
  diagnose,
  diagnoseDetailed,
  FIX_IDS,
  FIXES,
  loadCatalog,
  parseCatalog,
} from '../../../src/engine/troubleshooting';
import rawCatalog from '../../../src/engine/troubleshooting/catalog.json';
import { evaluateValidation } from '../../../src/engine/validation';
import {
  asMisdecodedUtf16,
  quoted,
  quotedSampleNames,
  quotedSource,
  shared,
} from '../../fixtures/troubleshooting/load';

/**
 * Real-world samples, each the output of a real failure: `shared:` files come from
 * tests/fixtures/windows-outputs (sources in its SOURCES.md), `quoted:` files from
 * tests/fixtures/troubleshooting (source on their first line).
 */
interface Sample {
  entry: string;
  from: string;
  input: () => DiagnoseInput;
}

const text = (name: string): (() => DiagnoseInput) =>
  name.startsWith('shared:') ? () => ({ text: shared(name.slice(7)) }) : () => ({ text: quoted(name.slice(7)) });
const withStep =
  (name: string, stepId: string): (() => DiagnoseInput) =>
  () => ({ ...text(name)(), stepId });

const options = RunOptionsSchema.parse({ distroUser: 'puppet' });
/** The diagnosis lookup a failing validation check makes, from facts built on real outputs. */
const fromCheck =
  (checkId: string, facts: Record<string, unknown>, opts = options): (() => DiagnoseInput) =>
  () => {
    const check = evaluateValidation(facts, { options: opts, interactiveUser: 'DESKTOP-PUP\\dev' }).find(
      (c) => c.id === checkId,
    );
    if (check?.status !== 'fail') throw new Error(`${checkId} did not fail`);
    return { checkId, text: check.observed };
  };
const out = (stdout: string, exitCode = 0) => ({ exitCode, stdout, stderr: '' });

const SAMPLES: Sample[] = [
  {
    entry: 'hypervisor-not-running',
    from: 'shared:wsl-install.en.7-hcs-hyperv-not-installed-kali.txt',
    input: text('shared:wsl-install.en.7-hcs-hyperv-not-installed-kali.txt'),
  },
  {
    entry: 'hypervisor-not-running',
    from: 'shared:docker-desktop-log.en.1-wsl-import-hcs-hyperv-not-installed.txt',
    input: text('shared:docker-desktop-log.en.1-wsl-import-hcs-hyperv-not-installed.txt'),
  },
  {
    entry: 'hypervisor-not-running',
    from: 'shared:wsl-set-version.en.1-hcs-service-not-available.txt',
    input: text('shared:wsl-set-version.en.1-hcs-service-not-available.txt'),
  },
  {
    entry: 'hypervisor-not-running',
    from: 'quoted:hypervisor-not-running.docker-for-win-14443.txt',
    input: text('quoted:hypervisor-not-running.docker-for-win-14443.txt'),
  },
  {
    entry: 'hypervisor-not-running',
    from: 'quoted:hypervisor-not-running.docker-for-win-14082-service-not-available.txt',
    input: text('quoted:hypervisor-not-running.docker-for-win-14082-service-not-available.txt'),
  },
  {
    entry: 'virtualization-off',
    from: 'quoted:virtualization-off.wsl-8730.txt',
    input: text('quoted:virtualization-off.wsl-8730.txt'),
  },
  {
    entry: 'virtualization-off',
    from: 'quoted:virtualization-off.wsl-6306.txt',
    input: text('quoted:virtualization-off.wsl-6306.txt'),
  },
  {
    entry: 'wsl-kernel-update',
    from: 'shared:wsl-distro-launcher.en.1-0x800701bc.txt',
    input: text('shared:wsl-distro-launcher.en.1-0x800701bc.txt'),
  },
  {
    entry: 'wsl-kernel-update',
    from: 'shared:wsl-set-default-version.en.1-kernel-update-required.txt',
    input: text('shared:wsl-set-default-version.en.1-kernel-update-required.txt'),
  },
  {
    entry: 'wsl-kernel-update',
    from: 'shared:wsl-set-default-version.en.2-0x1bc.txt',
    input: text('shared:wsl-set-default-version.en.2-0x1bc.txt'),
  },
  {
    entry: 'wsl-kernel-update',
    from: 'shared:wsl-status.kernel-missing.1.txt',
    input: text('shared:wsl-status.kernel-missing.1.txt'),
  },
  {
    entry: 'wsl-optional-component',
    from: 'shared:wsl-status.en.4-optional-component-required.txt',
    input: text('shared:wsl-status.en.4-optional-component-required.txt'),
  },
  {
    entry: 'wsl-optional-component',
    from: 'shared:wsl-install.en.4-0x8007019e-launcher.txt',
    input: text('shared:wsl-install.en.4-0x8007019e-launcher.txt'),
  },
  {
    entry: 'wsl-optional-component',
    from: 'quoted:wsl-optional-component.wsl-13438.txt',
    input: text('quoted:wsl-optional-component.wsl-13438.txt'),
  },
  {
    entry: 'wsl-msi-failed',
    from: 'shared:wsl-update.en.2-callmsi-e-abort.txt',
    input: withStep('shared:wsl-update.en.2-callmsi-e-abort.txt', 'wsl-update'),
  },
  {
    entry: 'wsl-msi-failed',
    from: 'quoted:wsl-msi-failed.wsl-14242.txt',
    input: text('quoted:wsl-msi-failed.wsl-14242.txt'),
  },
  {
    entry: 'wsl-msi-failed',
    from: 'quoted:wsl-msi-failed.msdocs-wsl-1899.it-IT.txt',
    input: withStep('quoted:wsl-msi-failed.msdocs-wsl-1899.it-IT.txt', 'wsl-update'),
  },
  {
    entry: 'wsl-service-failed',
    from: 'shared:wsl-l-v.en.6-server-execution-failed.txt',
    input: text('shared:wsl-l-v.en.6-server-execution-failed.txt'),
  },
  {
    entry: 'docker-installer-failed',
    from: 'quoted:docker-installer-failed.docker-for-win-12840.txt',
    input: withStep('quoted:docker-installer-failed.docker-for-win-12840.txt', 'docker-desktop'),
  },
  {
    entry: 'docker-installer-failed',
    from: 'quoted:docker-installer-failed.docker-for-win-13823.txt',
    input: withStep('quoted:docker-installer-failed.docker-for-win-13823.txt', 'docker-desktop'),
  },
  {
    entry: 'docker-installer-failed',
    from: 'exit code 1603 of the Docker Desktop step',
    input: () => ({
      code: 'exit:1603',
      text: 'Docker Desktop Installer.exe ended with exit code 1603.',
      stepId: 'docker-desktop',
    }),
  },
  {
    entry: 'msi-busy',
    from: 'quoted:msi-busy.azure-bicep-ptn-aiml-landing-zone-30.txt',
    input: withStep('quoted:msi-busy.azure-bicep-ptn-aiml-landing-zone-30.txt', 'docker-desktop'),
  },
  {
    entry: 'msi-busy',
    from: 'quoted:msi-busy.chef-windows-146.txt',
    input: text('quoted:msi-busy.chef-windows-146.txt'),
  },
  {
    entry: 'installer-needs-elevation',
    from: 'shared:winget-install-docker.en.1-fail-requires-elevation-4.18.txt',
    input: withStep('shared:winget-install-docker.en.1-fail-requires-elevation-4.18.txt', 'docker-desktop'),
  },
  {
    entry: 'installer-needs-elevation',
    from: 'shared:winget-install-docker.en.2-fail-exit-4294967291-4.15.txt',
    input: withStep('shared:winget-install-docker.en.2-fail-exit-4294967291-4.15.txt', 'docker-desktop'),
  },
  {
    entry: 'choco-install-failed',
    from: 'shared:choco-install.en.4-generic-fail-summary-cursor.txt',
    input: withStep('shared:choco-install.en.4-generic-fail-summary-cursor.txt', 'docker-desktop'),
  },
  {
    entry: 'docker-wsl-incomplete',
    from: 'quoted:docker-wsl-incomplete.docker-for-win-12791.txt',
    input: text('quoted:docker-wsl-incomplete.docker-for-win-12791.txt'),
  },
  {
    entry: 'docker-wsl-incomplete',
    from: 'quoted:docker-wsl-incomplete.docker-for-win-8589.txt',
    input: text('quoted:docker-wsl-incomplete.docker-for-win-8589.txt'),
  },
  {
    entry: 'wsl-inbox',
    from: 'shared:wsl-version.inbox-error.en.1.txt',
    input: text('shared:wsl-version.inbox-error.en.1.txt'),
  },
  {
    entry: 'wsl-inbox',
    from: 'quoted:wsl-inbox.rancher-desktop-6415.txt',
    input: text('quoted:wsl-inbox.rancher-desktop-6415.txt'),
  },
  {
    entry: 'windows-too-old',
    from: 'shared:wsl-l-v.en.5-pre-wsl2-build-usage.txt',
    input: text('shared:wsl-l-v.en.5-pre-wsl2-build-usage.txt'),
  },
  {
    entry: 'windows-too-old',
    from: 'shared:enable-windowsoptionalfeature.vmp.en.3-unknown-old-build.txt',
    input: text('shared:enable-windowsoptionalfeature.vmp.en.3-unknown-old-build.txt'),
  },
  {
    entry: 'windows-too-old',
    from: 'shared:dism-enable-feature.wsl.en.1-0x800f080c-unknown.txt',
    input: text('shared:dism-enable-feature.wsl.en.1-0x800f080c-unknown.txt'),
  },
  {
    entry: 'windows-too-old',
    from: 'quoted:windows-too-old.msdocs-wsl-419.txt',
    input: text('quoted:windows-too-old.msdocs-wsl-419.txt'),
  },
  {
    entry: 'wsl-missing-prompt',
    from: 'quoted:wsl-missing-prompt.wsl-stub-no-wsl.txt',
    input: text('quoted:wsl-missing-prompt.wsl-stub-no-wsl.txt'),
  },
  {
    entry: 'hyperv-unavailable-edition',
    from: 'shared:enable-windowsoptionalfeature.hyperv.en.1-unknown-home.txt',
    input: withStep('shared:enable-windowsoptionalfeature.hyperv.en.1-unknown-home.txt', 'features'),
  },
  {
    entry: 'hyperv-unavailable-edition',
    from: 'shared:enable-windowsoptionalfeature.hyperv.en.2-unknown.txt',
    input: text('shared:enable-windowsoptionalfeature.hyperv.en.2-unknown.txt'),
  },
  {
    entry: 'nested-virtualization-off',
    from: 'quoted:nested-virtualization-off.docker-for-win-7135.txt',
    input: text('quoted:nested-virtualization-off.docker-for-win-7135.txt'),
  },
  {
    entry: 'nested-virtualization-off',
    from: 'quoted:nested-virtualization-off.docker-for-win-4470.txt',
    input: text('quoted:nested-virtualization-off.docker-for-win-4470.txt'),
  },
  {
    entry: 'docker-users-missing',
    from: 'shared:docker-users.en.1-dd-17.06-dialog.txt',
    input: text('shared:docker-users.en.1-dd-17.06-dialog.txt'),
  },
  {
    entry: 'docker-users-missing',
    from: 'shared:docker-users.en.2-dd-2.4-dialog-as-typed.txt',
    input: text('shared:docker-users.en.2-dd-2.4-dialog-as-typed.txt'),
  },
  {
    entry: 'docker-users-missing',
    from: 'shared:docker-users.en.4-visual-studio-tools.txt',
    input: text('shared:docker-users.en.4-visual-studio-tools.txt'),
  },
  {
    entry: 'docker-windows-containers',
    from: 'quoted:docker-windows-containers.docker-for-win-1949.txt',
    input: text('quoted:docker-windows-containers.docker-for-win-1949.txt'),
  },
  {
    entry: 'docker-windows-containers',
    from: 'quoted:docker-windows-containers.docker-for-win-1912.txt',
    input: text('quoted:docker-windows-containers.docker-for-win-1912.txt'),
  },
  {
    entry: 'compose-missing',
    from: 'shared:docker-compose.missing-plugin.en.1.txt',
    input: text('shared:docker-compose.missing-plugin.en.1.txt'),
  },
  {
    entry: 'docker-engine-not-running',
    from: 'shared:docker-version.dd-wsl2.en.3-engine-not-running-4.49.txt',
    input: text('shared:docker-version.dd-wsl2.en.3-engine-not-running-4.49.txt'),
  },
  {
    entry: 'docker-engine-not-running',
    from: 'shared:docker-version.dd-wsl2.en.6-engine-not-running-4.36-admin-group-change.txt',
    input: text('shared:docker-version.dd-wsl2.en.6-engine-not-running-4.36-admin-group-change.txt'),
  },
  {
    entry: 'docker-engine-not-running',
    from: 'shared:docker-ps.dd-wsl2.en.1-engine-not-running-4.49.txt',
    input: text('shared:docker-ps.dd-wsl2.en.1-engine-not-running-4.49.txt'),
  },
  {
    entry: 'docker-engine-not-running',
    from: 'shared:docker-version.legacy.en.1-docker_engine-pipe-not-running.txt',
    input: text('shared:docker-version.legacy.en.1-docker_engine-pipe-not-running.txt'),
  },
  {
    entry: 'docker-engine-not-running',
    from: 'shared:docker-error.linux-engine-pipe-old.en.1.txt',
    input: text('shared:docker-error.linux-engine-pipe-old.en.1.txt'),
  },
  {
    entry: 'docker-engine-not-running',
    from: 'shared:docker-run.legacy.en.1-docker_engine-pipe-not-running.txt',
    input: text('shared:docker-run.legacy.en.1-docker_engine-pipe-not-running.txt'),
  },
  {
    entry: 'docker-engine-not-running',
    from: 'quoted:docker-engine-not-running.docker-for-win-7310-docker-info.txt',
    input: text('quoted:docker-engine-not-running.docker-for-win-7310-docker-info.txt'),
  },
  {
    entry: 'docker-engine-not-running',
    from: 'quoted:docker-engine-not-running.docker-for-win-13841-docker-version.txt',
    input: text('quoted:docker-engine-not-running.docker-for-win-13841-docker-version.txt'),
  },
  {
    entry: 'docker-desktop-missing',
    from: 'quoted:docker-desktop-missing.stable-diffusion-webui-docker-665.txt',
    input: text('quoted:docker-desktop-missing.stable-diffusion-webui-docker-665.txt'),
  },
  {
    entry: 'firewall-rule-missing',
    from: 'quoted:firewall-rule-missing.rdpcontrol-10.txt',
    input: withStep('quoted:firewall-rule-missing.rdpcontrol-10.txt', 'firewall'),
  },
  {
    entry: 'features-inactive',
    from: 'shared:wsl-launch.en.1-vmp-not-enabled.txt',
    input: text('shared:wsl-launch.en.1-vmp-not-enabled.txt'),
  },
  // Check-only signatures: the failing check that evaluateValidation derives from real outputs.
  {
    entry: 'distro-not-wsl2',
    from: 'quoted:distro-not-wsl2.msdocs-wsl-1061-wsl-l-v.txt (distro-wsl2 check)',
    input: fromCheck('distro-wsl2', {
      commands: { wslListVerbose: out(quoted('distro-not-wsl2.msdocs-wsl-1061-wsl-l-v.txt')) },
    }),
  },
  {
    entry: 'distro-not-wsl2',
    from: 'shared:wsl-l-v.en.1.txt with distro Ubuntu-18.04 (distro-wsl2 check)',
    input: () =>
      fromCheck(
        'distro-wsl2',
        { commands: { wslListVerbose: out(shared('wsl-l-v.en.1.txt')) } },
        { ...options, distro: 'Ubuntu-18.04' },
      )(),
  },
  {
    entry: 'wsl-default-version-1',
    // RECONSTRUCTED: wsl-status.store.2.txt with the value 1, the only other value the format string takes.
    from: 'shared:wsl-status.store.2.txt, Default Version 1 (wsl-default-version check)',
    input: () =>
      fromCheck('wsl-default-version', {
        commands: {
          wslStatus: out(shared('wsl-status.store.2.txt').replace('Default Version: 2', 'Default Version: 1')),
        },
      })(),
  },
  {
    entry: 'distro-user-missing',
    // A fresh distro installed with `--no-launch` has only root (DefaultUid 0 in HKCU\...\Lxss).
    from: 'facts: distroDefaultUser root (distro-default-user check)',
    input: fromCheck('distro-default-user', { distroDefaultUser: 'root' }),
  },
  { entry: 'docker-users-missing', from: 'check id docker-users', input: () => ({ checkId: 'docker-users' }) },
  { entry: 'compose-missing', from: 'check id docker-compose', input: () => ({ checkId: 'docker-compose' }) },
  { entry: 'docker-engine-not-running', from: 'check id docker-engine', input: () => ({ checkId: 'docker-engine' }) },
  { entry: 'firewall-rule-missing', from: 'check id firewall-rule', input: () => ({ checkId: 'firewall-rule' }) },
  {
    entry: 'docker-desktop-missing',
    from: 'check id docker-installed',
    input: () => ({ checkId: 'docker-installed' }),
  },
];

/** Real failures that no catalog entry is about: each must diagnose to nothing at all. */
const UNRELATED: { from: string; input: () => DiagnoseInput }[] = [
  {
    from: 'shared:wsl-update.en.1-catastrophic-failure.txt',
    input: text('shared:wsl-update.en.1-catastrophic-failure.txt'),
  },
  { from: 'shared:wsl-install.en.8-already-exists.txt', input: text('shared:wsl-install.en.8-already-exists.txt') },
  { from: 'shared:wsl-launch.en.2-0x80040326.txt', input: text('shared:wsl-launch.en.2-0x80040326.txt') },
  { from: 'shared:wsl-install.en.5-0x80040321.txt', input: text('shared:wsl-install.en.5-0x80040321.txt') },
  { from: 'shared:wsl-install.en.2-pending-reboot.txt', input: text('shared:wsl-install.en.2-pending-reboot.txt') },
  {
    from: 'shared:docker-run-hello-world.dd-wsl2.en.1.txt',
    input: text('shared:docker-run-hello-world.dd-wsl2.en.1.txt'),
  },
  {
    from: 'shared:dism-enable-feature.vmp-wsl.en.2-success.txt',
    input: text('shared:dism-enable-feature.vmp-wsl.en.2-success.txt'),
  },
  {
    from: 'shared:choco-install-docker-desktop.en.1-success-4.3.1.txt',
    input: withStep('shared:choco-install-docker-desktop.en.1-success-4.3.1.txt', 'docker-desktop'),
  },
  { from: 'shared:wsl-launch.en.1 exit line only', input: () => ({ text: '[process exited with code 4294967295]' }) },
  { from: 'a generic exit code', input: () => ({ code: 'exit:1' }) },
  { from: 'exit -1 as unsigned', input: () => ({ code: 'exit:4294967295' }) },
  {
    from: 'a registry error',
    input: () => ({
      text: "Error response from daemon: pull access denied for pupperware/nothing, repository does not exist or may require 'docker login'",
    }),
  },
  { from: 'a check with no catalog entry', input: () => ({ checkId: 'docker-run-linux' }) },
];

describe('troubleshooting catalog', () => {
  const catalog = loadCatalog();

  it('has at least 12 entries, each citing an https source', () => {
    expect(catalog.entries.length).toBeGreaterThanOrEqual(12);
    for (const e of catalog.entries) expect(e.source).toMatch(/^https:\/\//);
  });

  it('starts from every row of the domain brief table', () => {
    const ids = catalog.entries.map((e) => e.id);
    for (const id of [
      'virtualization-off',
      'wsl-kernel-update',
      'wsl-optional-component',
      'hypervisor-not-running',
      'docker-users-missing',
      'docker-wsl-incomplete',
      'wsl-msi-failed',
      'wsl-inbox',
      'wsl-missing-prompt',
      'hyperv-unavailable-edition',
      'nested-virtualization-off',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('has a real-world sample for every entry', () => {
    const covered = new Set(SAMPLES.map((s) => s.entry));
    expect(catalog.entries.map((e) => e.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('every quoted sample names its source on its first line', () => {
    for (const name of quotedSampleNames()) expect(quotedSource(name), name).toMatch(/^https:\/\//);
  });

  it('offers only fixes that exist, each running a real step', () => {
    expect(Object.keys(FIXES).sort()).toEqual([...FIX_IDS].sort());
    for (const fix of Object.values(FIXES)) expect(STEP_IDS).toContain(fix.stepId);
    for (const e of catalog.entries) if (e.fixId) expect(FIX_IDS).toContain(e.fixId);
    expect(FIXES['start-engine']?.stepId).toBe('engine-start');
    expect(FIXES['repair-docker-desktop']?.stepId).toBe('docker-desktop');
  });

  describe.each(catalog.entries.map((e) => e.id))('%s', (entryId) => {
    const mine = SAMPLES.filter((s) => s.entry === entryId);
    const others = SAMPLES.filter((s) => s.entry !== entryId);

    it.each(mine.map((s) => [s.from, s] as const))('matches its real sample %s', (_from, sample) => {
      const d = diagnose(sample.input());
      expect(d?.id).toBe(entryId);
      expect(d?.title).toBeTruthy();
      expect(d?.fixSteps.length).toBeGreaterThan(0);
    });

    it("does not match unrelated failures or other entries' samples", () => {
      for (const u of UNRELATED) expect(diagnose(u.input())?.id, u.from).not.toBe(entryId);
      for (const o of others) expect(diagnose(o.input())?.id, `${o.from} (${o.entry})`).not.toBe(entryId);
    });
  });

  it('finds nothing for failures it does not know', () => {
    for (const u of UNRELATED) expect(diagnose(u.input()), u.from).toBeNull();
  });
});

describe('diagnose', () => {
  it('matches codes case-insensitively and in their short and unsigned forms', () => {
    expect(diagnose({ code: '0x800701bc' })?.id).toBe('wsl-kernel-update');
    expect(diagnose({ code: '0X800701BC' })?.id).toBe('wsl-kernel-update');
    expect(diagnose({ code: '0x1bc' })?.id).toBe('wsl-kernel-update');
    expect(diagnose({ code: 'exit:-2147024452' })?.id).toBe('wsl-kernel-update');
    expect(diagnose({ code: 'hcs_e_hyperv_not_installed' })?.id).toBe('hypervisor-not-running');
    expect(diagnose({ code: 'Wsl/Service/RegisterDistro/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED' })?.id).toBe(
      'hypervisor-not-running',
    );
    expect(diagnose({ code: 'Wsl/CallMsi/E_ABORT' })?.id).toBe('wsl-msi-failed');
    expect(diagnose({ code: 'exit:1603', stepId: 'wsl-update' })?.id).toBe('wsl-msi-failed');
    expect(diagnose({ code: 'exit:4294967291', stepId: 'docker-desktop' })?.id).toBe('installer-needs-elevation');
    expect(diagnose({ code: 'exit:-5', stepId: 'docker-desktop' })?.id).toBe('installer-needs-elevation');
    expect(diagnose({ code: 'BUILD_TOO_OLD' })?.id).toBe('windows-too-old');
    expect(diagnose({ code: 'exit:1618' })?.id).toBe('msi-busy');
  });

  it('tries the step error code, then codes in the text, then text patterns, then the check id', () => {
    const kernelText = shared('wsl-set-default-version.en.1-kernel-update-required.txt');
    expect(diagnoseDetailed({ code: '0x80370102', text: kernelText })).toMatchObject({
      entryId: 'virtualization-off',
      tier: 'code',
    });
    expect(diagnoseDetailed({ text: kernelText })).toMatchObject({ entryId: 'wsl-kernel-update', tier: 'pattern' });
    // The same English sentence, with and without the untranslated code after it.
    const sentence = 'The virtual machine could not be started because a required feature is not installed.';
    expect(diagnoseDetailed({ text: sentence })).toMatchObject({ entryId: 'virtualization-off', tier: 'pattern' });
    expect(
      diagnoseDetailed({
        text: `${sentence}\nError code: Wsl/Service/CreateInstance/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED`,
      }),
    ).toMatchObject({ entryId: 'hypervisor-not-running', tier: 'text-code' });
    // 1618 in the text wins over Chocolatey's generic failure summary next to it.
    expect(
      diagnoseDetailed({ text: quoted('msi-busy.azure-bicep-ptn-aiml-landing-zone-30.txt'), stepId: 'docker-desktop' }),
    ).toMatchObject({
      entryId: 'msi-busy',
      tier: 'text-code',
    });
    // A text cause beats the check's generic one: the engine check failed because of docker-users.
    expect(diagnose({ checkId: 'docker-engine', text: shared('docker-users.en.1-dd-17.06-dialog.txt') })?.id).toBe(
      'docker-users-missing',
    );
    expect(diagnoseDetailed({ checkId: 'docker-engine', text: 'nothing useful' })).toMatchObject({ tier: 'check' });
  });

  it('reads codes in output that was mis-decoded or translated', () => {
    expect(diagnose({ text: asMisdecodedUtf16(shared('wsl-status.en.4-optional-component-required.txt')) })?.id).toBe(
      'wsl-optional-component',
    );
    const french = "Ce composant est requis.\r\r\nCode d'erreur\u00a0: Wsl/WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED\r\r\n";
    expect(diagnose({ text: french })?.id).toBe('wsl-optional-component');
  });

  it('skips entries scoped to other steps', () => {
    expect(diagnose({ code: 'exit:1603', stepId: 'docker-users' })).toBeNull();
    expect(
      diagnose({ text: shared('choco-install.en.4-generic-fail-summary-cursor.txt'), stepId: 'wsl-update' }),
    ).toBeNull();
  });

  it('offers Fix it for the failures the lead wires to steps', () => {
    expect(diagnose({ checkId: 'docker-engine' })?.fixId).toBe('start-engine');
    expect(diagnose({ checkId: 'docker-users' })?.fixId).toBe('add-docker-users');
    expect(diagnose({ checkId: 'docker-compose' })?.fixId).toBe('repair-docker-desktop');
    expect(diagnose({ checkId: 'wsl-default-version' })?.fixId).toBe('set-default-version');
    expect(diagnose({ checkId: 'distro-wsl2' })?.fixId).toBe('convert-distro');
    expect(diagnose({ checkId: 'firewall-rule' })?.fixId).toBe('add-firewall-rule');
    expect(diagnose({ code: '0x800701bc' })?.fixId).toBe('update-wsl');
    expect(diagnose({ code: '0x80370102' })?.fixId).toBeUndefined();
  });

  it('returns plain Diagnosis objects the UI can serialise', () => {
    const d = diagnose({ code: '0x800701bc' });
    expect(d && Object.keys(d).sort()).toEqual(['explanation', 'fixId', 'fixSteps', 'id', 'links', 'title']);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe('parseCatalog', () => {
  const good = rawCatalog.entries[0];
  const withEntry = (entry: unknown) => ({ schema: 'pupperware-troubleshooting/1', entries: [good, entry] });

  it('accepts the shipped catalog', () => {
    expect(() => parseCatalog(rawCatalog)).not.toThrow();
  });

  it('names the broken entry and what is wrong with it', () => {
    const broken = { ...good, id: 'bad-regex', match: { patterns: ['(unclosed'] } };
    expect(() => parseCatalog(withEntry(broken))).toThrow(CatalogError);
    expect(() => parseCatalog(withEntry(broken))).toThrow(
      /entry #2 \(bad-regex\): match\.patterns\.0: not a valid regular expression/,
    );
    expect(() => parseCatalog(withEntry({ ...good, id: 'bad-fix', fixId: 'reboot-now' }))).toThrow(
      /#2 \(bad-fix\): fixId/,
    );
    expect(() => parseCatalog(withEntry({ ...good, id: 'no-signature', match: {} }))).toThrow(
      /#2 \(no-signature\).*at least one code/,
    );
    expect(() => parseCatalog(withEntry({ ...good, id: 'http', source: 'http://example.com' }))).toThrow(
      /#2 \(http\): source/,
    );
    expect(() => parseCatalog(withEntry({ ...good }))).toThrow(/duplicate id/);
    expect(() => parseCatalog(withEntry({ ...good, id: 'typo', fixsteps: [] }))).toThrow(/#2 \(typo\)/);
    expect(() => parseCatalog({ entries: [] })).toThrow(/troubleshooting catalog/);
  });
});
