/**
 * The distro password between the Welcome page and `start`: memory only, one value, taken once.
 * Not in the zustand store (so no devtools, persistence or snapshot can see it), not in the DOM after
 * the Welcome page unmounts, cleared the moment `start`/`resume` takes it.
 */
let held: string | null = null;

export const passwordHolder = {
  set(value: string | null): void {
    held = value;
  },
  peek(): string | null {
    return held;
  },
  take(): string | null {
    const value = held;
    held = null;
    return value;
  },
};
