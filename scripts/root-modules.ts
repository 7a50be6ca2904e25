// The capabilities the root entry (src/index.ts) re-exports, in order, and the root names of
// exports that two capabilities share. Stated once here: scripts/gen-root-index.ts writes the
// root from it and test/root-index.test.ts checks every listed capability against the root.

/** Every public capability folder of src/, in the order the root lists them. */
export const ROOT_MODULES: readonly string[] = [
  'schema',
  'crypto',
  'mask',
  'audit',
  'policy',
  'consent',
  'monitor',
  'lifecycle',
  'stores',
  'rights',
];

/** Root names for exports that would collide: module → name → alias. */
export const ROOT_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  monitor: { Condition: 'MonitorCondition', DenyList: 'MonitorDenyList' },
};
