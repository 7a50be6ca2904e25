// The option names of every policy options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point.
import { optionNames } from '../_internal/options.js';
import type { PolicyOptions } from './policy.js';
import type { PolicyContext } from './request.js';
import type { ViewOptions } from './view.js';

export const POLICY_OPTIONS = optionNames<PolicyOptions>()([
  'sealLevel',
  'audit',
  'onAuditError',
  'onDecision',
  'denyList',
  'purposeFreeze',
  'purposeBases',
  'purposeConsents',
]);
export const VIEW_OPTIONS = optionNames<ViewOptions>()(['recordId', 'subjects']);
export const CONTEXT_OPTIONS = optionNames<PolicyContext>()(['now', 'consent', 'attrs', 'purposeConsents']);
