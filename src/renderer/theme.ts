import { type Theme, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { useEffect, useState } from 'react';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Light or dark, following the OS setting live. */
export function useOsTheme(): { theme: Theme; dark: boolean } {
  const [dark, setDark] = useState(
    () => typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches,
  );
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia(DARK_QUERY);
    const onChange = () => setDark(mq.matches);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  return { theme: dark ? webDarkTheme : webLightTheme, dark };
}
