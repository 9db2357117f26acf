import { z } from 'zod';

/** What an organiser writes about a clean-up; shared by `events.create`, `events.update` and the CSV import. */
export const EventFields = z.object({
  title: z.string().trim().min(1, 'give the event a title').max(120, 'keep the title to 120 characters'),
  description: z.string().trim().max(2000, 'keep the description to 2000 characters'),
  // Stored as UTC ISO text, so sorting the column sorts by time on every dialect.
  startsAt: z.iso
    .datetime({ offset: true, error: 'use an ISO 8601 date and time, e.g. 2030-06-01T10:00:00Z' })
    .transform((value) => new Date(value).toISOString()),
  location: z.string().trim().min(1, 'say where to meet').max(200, 'keep the location to 200 characters'),
});

export type EventFields = z.infer<typeof EventFields>;

/** Says what is wrong with each field, e.g. "title: give the event a title; startsAt: use an ISO ...". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ');
}
