import { z } from 'zod';

/** Provider ids are slugs (`anthropic`, `azure-openai`); model ids may carry `/`, `:` and `.`. */
const PROVIDER_ID = /^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$/;
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}$/;
export const MAX_ALLOWED_PROVIDERS = 50;

/**
 * The `inference` document: the model used when a request names none, the providers members may
 * use (empty means none), and a monthly token budget (`null` means no budget).
 */
export const INFERENCE_SETTINGS = z.strictObject({
  defaultModel: z
    .string()
    .regex(MODEL_ID, { error: 'must be a model id of at most 200 characters' })
    .nullable()
    .default(null),
  allowedProviders: z
    .array(z.string().regex(PROVIDER_ID, { error: 'must be a provider id such as anthropic' }))
    .max(MAX_ALLOWED_PROVIDERS)
    .default([])
    .transform((list) => [...new Set(list)]),
  monthlyTokenBudget: z.int().positive().nullable().default(null),
});

export type InferenceSettings = z.infer<typeof INFERENCE_SETTINGS>;

export function defaultInferenceSettings(): InferenceSettings {
  return { defaultModel: null, allowedProviders: [], monthlyTokenBudget: null };
}
