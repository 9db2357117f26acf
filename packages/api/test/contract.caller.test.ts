import { describe } from 'vitest';
import { callerTarget, defineContract } from './contract/index.ts';

describe('API contract through the in-process caller', () => {
  defineContract(callerTarget);
});
