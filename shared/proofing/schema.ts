import { z } from 'zod';
import { Id } from '../model/common';
import { HOUSE_LIST_NAMES } from './lists';
import { PROOF_FIELDS } from './types';

/** Proofing's shapes on the contract (shared/ipc/contract.ts). */

export const ProofFindingSchema = z.object({
  field: z.enum(PROOF_FIELDS as [string, ...string[]]),
  block: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
  suggestion: z.string().nullable(),
  rule: z.string(),
  kind: z.enum(['typo', 'style', 'sensitive']),
  message: z.string(),
  blocking: z.boolean(),
});

export const ProofSummarySchema = z.object({
  characters: z.number().int().nonnegative(),
  findings: z.number().int().nonnegative(),
  typo: z.number().int().nonnegative(),
  style: z.number().int().nonnegative(),
  sensitive: z.number().int().nonnegative(),
  blocking: z.number().int().nonnegative(),
  errorRate: z.number().nonnegative(),
});

export const ProofingSettingsSchema = z.object({
  englishVariant: z.enum(['en-US', 'en-GB']),
  headlineCase: z.enum(['sentence', 'title', 'off']),
});

export const HouseListName = z.enum(HOUSE_LIST_NAMES);

const ListText = z.string().max(5_000_000);

export const HouseListsSchema = z.object({
  confusions: ListText,
  sensitive: ListText,
  style: ListText,
  names: ListText,
  dictionary: ListText,
  settings: ProofingSettingsSchema,
});

export const StoryProofing = z.object({
  id: Id,
  headline: z.string(),
  language: z.string(),
  findings: z.array(ProofFindingSchema),
  summary: ProofSummarySchema,
});
export type StoryProofing = z.infer<typeof StoryProofing>;

export const EditionProofing = z.object({
  editionId: Id,
  date: z.string(),
  stories: z.array(StoryProofing),
  summary: ProofSummarySchema,
});
export type EditionProofing = z.infer<typeof EditionProofing>;
