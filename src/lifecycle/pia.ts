// The PIA checklist of PIPL Art. 55-56, pre-filled from the inventory. It answers what the code
// can know (which fields are sensitive, encrypted, shown in full, to whom) and leaves to people
// what it cannot (lawfulness, necessity, impact). Not legal advice.
import type { InventoryJson } from './inventory.js';

/** One item of the PIA checklist. */
export interface PiaItem {
  id: string;
  /** The question. */
  question: string;
  /** The article it comes from. */
  article: string;
  /** `prefilled` (answered from code), `attention` (code found something to review), `to-answer` (people must answer). */
  status: 'prefilled' | 'attention' | 'to-answer';
  /** The pre-filled answer, or what to consider. */
  answer: string;
  /** Field paths, rule ids, counts behind the answer. */
  evidence: string[];
}

/** Builds the checklist. @internal */
export function piaChecklist(inv: InventoryJson): PiaItem[] {
  const sensitive = inv.fields.filter((f) => f.level === 'sensitive');
  const purposes = [...new Set(inv.policies.flatMap((p) => p.purposes))].sort();
  const partnerRoles = [
    ...new Set(
      inv.policies.flatMap((p) => p.roles).filter((r) => /partner|vendor|third|merchant|platform/i.test(r)),
    ),
  ];
  const masked = inv.fields.filter((f) => f.access.some((a) => a.effect === 'mask')).length;
  const items: PiaItem[] = [
    {
      id: 'trigger-sensitive',
      question: 'Is sensitive personal information processed?',
      article: 'PIPL Art. 55(1), 28',
      status: 'prefilled',
      answer:
        sensitive.length > 0
          ? `Yes: ${sensitive.length} sensitive fields; a PIA is required.`
          : 'No sensitive fields in the schemas.',
      evidence: sensitive.map((f) => `${f.schema}:${f.path}`),
    },
    {
      id: 'trigger-entrust-provide',
      question:
        'Is processing entrusted, or is personal information provided to other processors or published?',
      article: 'PIPL Art. 55(3), 21, 23',
      status: partnerRoles.length > 0 ? 'attention' : 'to-answer',
      answer:
        partnerRoles.length > 0
          ? `Policies name external-looking roles (${partnerRoles.join(', ')}): describe the contracts and consents.`
          : 'Answer from contracts: the code cannot tell who is external.',
      evidence: partnerRoles,
    },
    {
      id: 'trigger-cross-border',
      question: 'Is personal information provided abroad?',
      article: 'PIPL Art. 55(4), 38-40',
      status: 'to-answer',
      answer: 'Answer from transfer records (assessTransfer writes transfer.recorded audit events).',
      evidence: [],
    },
    {
      id: 'trigger-automated',
      question: 'Is personal information used for automated decision-making?',
      article: 'PIPL Art. 55(2), 24',
      status: 'to-answer',
      answer: 'Not visible in schemas or policies.',
      evidence: [],
    },
    {
      id: 'purpose-lawful',
      question: 'Are the purposes and methods lawful, legitimate and necessary?',
      article: 'PIPL Art. 56(1)',
      status: 'to-answer',
      answer: `Purposes in the policies: ${purposes.join(', ') || 'none'}. State the legal basis of each (contract necessity covers delivery: PIPL Art. 13).`,
      evidence: purposes,
    },
    {
      id: 'impact',
      question: 'What is the impact on individuals’ rights and what are the security risks?',
      article: 'PIPL Art. 56(2)',
      status: inv.summary.sensitiveShownInFull.length > 0 ? 'attention' : 'to-answer',
      answer:
        inv.summary.sensitiveShownInFull.length > 0
          ? `${inv.summary.sensitiveShownInFull.length} sensitive fields can be shown in full to some role: review who and why.`
          : 'No sensitive field is shown in full by any policy; assess remaining risks.',
      evidence: inv.summary.sensitiveShownInFull,
    },
    {
      id: 'measures',
      question: 'Are the protection measures lawful, effective and proportionate to the risk?',
      article: 'PIPL Art. 56(3), 51',
      status: inv.summary.sensitiveInPlaintextAtRest.length > 0 ? 'attention' : 'prefilled',
      answer: `${inv.summary.encrypted} of ${inv.summary.fields} fields encrypted at rest (sensitive: ${sensitive.length - inv.summary.sensitiveInPlaintextAtRest.length} of ${sensitive.length}); ${masked} fields shown masked to some role; every access decision can go to the hash-chained audit log.${inv.summary.sensitiveInPlaintextAtRest.length > 0 ? ' Sensitive fields stored in plaintext need a reason or encryption.' : ''}`,
      evidence: inv.summary.sensitiveInPlaintextAtRest,
    },
    {
      id: 'retention',
      question: 'Is each field kept only as long as its purpose needs?',
      article: 'PIPL Art. 19, 47',
      status: inv.fields.some((f) => f.retention === undefined) ? 'attention' : 'prefilled',
      answer: 'Fields without a retention tag need a sweep rule (sweep reports them as unruled).',
      evidence: inv.fields.filter((f) => f.retention === undefined).map((f) => `${f.schema}:${f.path}`),
    },
    {
      id: 'keep-report',
      question: 'Are the PIA report and processing records kept for at least 3 years?',
      article: 'PIPL Art. 56 (mandated)',
      status: 'to-answer',
      answer: 'Keep this report and the inventory for >= 3 years; the audit log too.',
      evidence: [],
    },
  ];
  return items;
}
