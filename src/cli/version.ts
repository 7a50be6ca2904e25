// The package version `courier-pii --version` prints; test/cli/version.test.ts holds it to
// package.json (a bundled CLI cannot rely on finding package.json at run time).
export const VERSION = '0.1.0';
