/**
 * Welcome and options. The password lives in this component's state only; "Next" hands it to the
 * in-memory holder (secret.ts) and this page unmounts, which takes it out of the DOM.
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Text,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { DockerSource } from '../../common/contract';
import { PageFrame } from '../components/PageFrame';
import { PasswordFields, type PasswordValue, passwordError } from '../components/PasswordFields';
import { passwordHolder } from '../secret';
import { useWizard } from '../store/context';
import { validateOptions } from '../store/wizard-store';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '1rem', maxWidth: '36rem' },
  narrow: { maxWidth: '26rem' },
  advanced: { display: 'flex', flexDirection: 'column', gap: '0.5rem' },
});

const SOURCES: { value: DockerSource; label: string; hint: string }[] = [
  { value: 'winget', label: 'winget (recommended)', hint: 'The Windows Package Manager that comes with Windows.' },
  { value: 'choco', label: 'Chocolatey', hint: 'Installs Chocolatey first if it is missing.' },
  { value: 'direct', label: 'Direct download', hint: "Docker's own installer from docker.com." },
];

export function WelcomePage() {
  const s = useStyles();
  const options = useWizard((st) => st.options);
  const setOptions = useWizard((st) => st.setOptions);
  const goTo = useWizard((st) => st.goTo);
  const [pw, setPw] = useState<PasswordValue>(() => {
    const held = passwordHolder.peek() ?? '';
    return { password: held, confirm: held };
  });
  const [submitted, setSubmitted] = useState(false);
  const [userTouched, setUserTouched] = useState(false);
  const errors = validateOptions(options);
  const pwErrors = passwordError(pw);
  const valid = !errors.distroUser && !errors.serviceAccount && !pwErrors.password && !pwErrors.confirm;

  const next = () => {
    setSubmitted(true);
    if (!valid) return;
    passwordHolder.set(pw.password);
    setPw({ password: '', confirm: '' });
    goTo('check');
  };

  return (
    <PageFrame
      testId="welcome"
      title="Set up this PC for Linux containers"
      lead="Pupperware Setup turns on WSL 2, installs Ubuntu and Docker Desktop, and checks that Linux containers run. It takes about 20 minutes and one restart."
      footer={
        <Button appearance="primary" onClick={next}>
          Next: check this PC
        </Button>
      }
    >
      <form
        className={s.form}
        onSubmit={(e) => {
          e.preventDefault();
          next();
        }}
        aria-label="Options"
      >
        <Field
          className={s.narrow}
          label="Linux user name"
          required
          hint="Your account inside Ubuntu."
          validationMessage={(userTouched || submitted) && errors.distroUser ? errors.distroUser : undefined}
          validationState={(userTouched || submitted) && errors.distroUser ? 'error' : 'none'}
        >
          <Input
            value={options.distroUser}
            spellCheck={false}
            autoComplete="off"
            onChange={(_e, d) => {
              setUserTouched(true);
              setOptions({ distroUser: d.value });
            }}
            data-testid="distro-user"
          />
        </Field>
        <PasswordFields value={pw} onChange={setPw} showErrors={submitted} />
        <Field label="Install Docker Desktop with">
          <RadioGroup
            value={options.dockerSource}
            onChange={(_e, d) => setOptions({ dockerSource: d.value as DockerSource })}
          >
            {SOURCES.map((src) => (
              <Radio key={src.value} value={src.value} label={`${src.label}: ${src.hint}`} />
            ))}
          </RadioGroup>
        </Field>
        <Accordion collapsible>
          <AccordionItem value="advanced">
            <AccordionHeader>Advanced options</AccordionHeader>
            <AccordionPanel>
              <div className={s.advanced}>
                <Checkbox
                  checked={options.enableHyperV}
                  onChange={(_e, d) => setOptions({ enableHyperV: d.checked === true })}
                  label="Also turn on Hyper-V (where this edition of Windows has it)"
                />
                <Checkbox
                  checked={options.firewallRule}
                  onChange={(_e, d) => setOptions({ firewallRule: d.checked === true })}
                  label="Add a firewall rule for Docker's backend"
                />
                <Checkbox
                  checked={options.buildAgent}
                  onChange={(_e, d) => setOptions({ buildAgent: d.checked === true })}
                  label="Let a build agent's account use Docker (adds it to docker-users)"
                />
                {options.buildAgent ? (
                  <Field
                    className={s.narrow}
                    label="Build agent account"
                    validationMessage={errors.serviceAccount ?? undefined}
                    validationState={errors.serviceAccount ? 'error' : 'none'}
                  >
                    <Input
                      value={options.serviceAccount}
                      onChange={(_e, d) => setOptions({ serviceAccount: d.value })}
                    />
                  </Field>
                ) : null}
              </div>
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
        <Text size={200}>Nothing changes on this PC until you press Install on the Plan page.</Text>
        <button type="submit" hidden tabIndex={-1} aria-hidden />
      </form>
    </PageFrame>
  );
}
