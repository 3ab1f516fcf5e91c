/**
 * Password and confirmation with a show/hide toggle and inline validation. Holds nothing itself:
 * the owner keeps the value in its own component state.
 */
import { Button, Field, Input, makeStyles } from '@fluentui/react-components';
import { EyeOffRegular, EyeRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { PasswordSchema } from '../../common/contract';

const useStyles = makeStyles({ row: { display: 'flex', flexDirection: 'column', gap: '0.75rem', maxWidth: '26rem' } });

export interface PasswordValue {
  password: string;
  confirm: string;
}

export function passwordError(v: PasswordValue): { password: string | null; confirm: string | null } {
  const parsed = PasswordSchema.safeParse(v.password);
  return {
    password: parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Not a valid password.'),
    confirm: v.confirm === v.password ? null : 'The two passwords are not the same.',
  };
}

export function PasswordFields({
  value,
  onChange,
  label = 'Linux password',
  showErrors,
}: {
  value: PasswordValue;
  onChange(v: PasswordValue): void;
  label?: string;
  showErrors: boolean;
}) {
  const s = useStyles();
  const [visible, setVisible] = useState(false);
  const [touched, setTouched] = useState({ password: false, confirm: false });
  const errors = passwordError(value);
  const show = (f: 'password' | 'confirm') => showErrors || touched[f];
  const toggle = (
    <Button
      appearance="transparent"
      size="small"
      icon={visible ? <EyeOffRegular /> : <EyeRegular />}
      aria-label={visible ? 'Hide password' : 'Show password'}
      aria-pressed={visible}
      onClick={() => setVisible(!visible)}
    />
  );
  return (
    <div className={s.row}>
      <Field
        label={label}
        required
        hint="Used for sudo inside Linux. It is never saved or logged."
        validationMessage={show('password') ? errors.password : undefined}
        validationState={show('password') && errors.password ? 'error' : 'none'}
      >
        <Input
          type={visible ? 'text' : 'password'}
          autoComplete="new-password"
          spellCheck={false}
          value={value.password}
          onChange={(_e, d) => onChange({ ...value, password: d.value })}
          onBlur={() => setTouched((t) => ({ ...t, password: true }))}
          contentAfter={toggle}
          data-testid="password"
        />
      </Field>
      <Field
        label="Type the password again"
        required
        validationMessage={
          show('confirm') && value.confirm !== ''
            ? errors.confirm
            : show('confirm') && showErrors
              ? errors.confirm
              : undefined
        }
        validationState={show('confirm') && (value.confirm !== '' || showErrors) && errors.confirm ? 'error' : 'none'}
      >
        <Input
          type={visible ? 'text' : 'password'}
          autoComplete="new-password"
          spellCheck={false}
          value={value.confirm}
          onChange={(_e, d) => onChange({ ...value, confirm: d.value })}
          onBlur={() => setTouched((t) => ({ ...t, confirm: true }))}
          data-testid="password-confirm"
        />
      </Field>
    </div>
  );
}
