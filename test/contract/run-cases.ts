import { describe, it } from '@jest/globals';

import { operationKey, type OpenApiContract } from '../support/openapi-validator.js';
import type { ContractCase, ContractContext } from './contract-case.js';

/**
 * One test per case: send the request, expect the status, then check the whole response
 * against the operation the case names in `openapi.yaml`.
 */
export function describeContractCases(
  contract: OpenApiContract,
  title: string,
  cases: ContractCase[],
  context: () => ContractContext,
): void {
  describe(`${title} answer as openapi.yaml says`, () => {
    for (const c of cases) {
      it(`${operationKey(c.method, c.path)} → ${c.status}: ${c.name}`, async () => {
        const res = await c.run(context());
        if (res.status !== c.status) {
          throw new Error(`expected ${c.status}, got ${res.status}: ${res.text.slice(0, 300)}`);
        }
        contract.expectMatchesContract(c.method, c.path, res);
        await c.verify?.(res, context());
      });
    }
  });
}
