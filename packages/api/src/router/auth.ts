import { z } from 'zod';
import { login, logout, register, toUserRecord } from '../domain/auth.ts';
import { authedProcedure, createTRPCRouter, publicProcedure } from '../trpc.ts';

const email = z.email('email: enter a valid email address').max(254);
const password = z.string().min(8, 'password: use at least 8 characters').max(200);

export const authRouter = createTRPCRouter({
  register: publicProcedure
    .meta({ signsIn: true })
    .input(z.object({ email, name: z.string().trim().min(1).max(80), password }))
    .mutation(({ ctx, input }) => register(ctx, input)),
  login: publicProcedure
    .meta({ signsIn: true })
    .input(z.object({ email, password: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) => login(ctx, input)),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await logout(ctx);
    return { ok: true as const };
  }),
  me: publicProcedure.query(({ ctx }) => (ctx.viewer ? toUserRecord(ctx.viewer) : null)),
});
