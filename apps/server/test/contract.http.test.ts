import { defineContract } from '@adopt/api/contract';
import { describe } from 'vitest';
import { httpTarget } from './http-target.ts';

describe('API contract over real HTTP with the stock tRPC client', () => {
  defineContract(httpTarget);
});
