import type { JobRecord } from '@adopt/api';
import { type FormEvent, useId, useState } from 'react';
import { EmptyState, ErrorMessage, QueryState } from '../../components/feedback.tsx';
import { TimeAgo } from '../../components/time.tsx';
import { trpc } from '../../trpc.ts';

const KIND_LABEL: Record<JobRecord['kind'], string> = {
  recomputeLeaderboard: 'Recompute the leaderboard',
  importEvents: 'Import events from CSV',
};

const SAMPLE_CSV = `title,description,startsAt,location
Spring clean-up,Bring gloves,2030-04-12T09:00:00Z,Elm Street corner
Leaf sweep,Rakes provided,2030-10-18T10:00:00Z,Park gate`;

interface JobReport {
  summary?: string;
  errors?: { row: number; reason: string }[];
}

/** A finished job's result is JSON: a summary in words and, for an import, the rows it could not take. */
function JobResult({ result }: { result: string }) {
  let report: JobReport | null = null;
  try {
    report = JSON.parse(result) as JobReport;
  } catch {
    // Not JSON: show it as it is.
  }
  if (!report?.summary) return <p className="small">{result}</p>;
  return (
    <>
      <p className="small">{report.summary}</p>
      {report.errors && report.errors.length > 0 ? (
        <ul className="small row-errors">
          {report.errors.map((e) => (
            <li key={e.row}>
              Row {e.row}: {e.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Job({ job }: { job: JobRecord }) {
  const percent = job.total > 0 ? Math.round((job.processed / job.total) * 100) : job.status === 'done' ? 100 : 0;
  return (
    <li className={`job job-${job.status}`} aria-label={`${KIND_LABEL[job.kind]}: ${job.status}`}>
      <div className="row">
        <span className="strong grow">{KIND_LABEL[job.kind]}</span>
        <span className={`pill pill-${job.status}`}>{job.status}</span>
      </div>
      <progress max={100} value={percent} aria-label="Progress">
        {percent}%
      </progress>
      <p className="muted small">
        {job.processed} of {job.total || '?'} · started <TimeAgo iso={job.createdAt} />
      </p>
      {job.result ? <JobResult result={job.result} /> : null}
      {job.error ? (
        <p className="error small" role="alert">
          {job.error}
        </p>
      ) : null}
    </li>
  );
}

export function JobsPanel() {
  const [kind, setKind] = useState<JobRecord['kind']>('recomputeLeaderboard');
  const [csv, setCsv] = useState('');
  const id = useId();
  const jobs = trpc.jobs.list.useQuery();
  const start = trpc.jobs.start.useMutation({ onSuccess: () => setCsv('') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(kind === 'importEvents' ? { kind, csv } : { kind });
  };
  const items = jobs.data?.items ?? [];
  return (
    <section className="card span-2" aria-label="Background jobs">
      <h2>Background jobs</h2>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Job</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as JobRecord['kind'])}>
            {Object.entries(KIND_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {kind === 'importEvents' ? (
          <div className="field">
            <label htmlFor={`${id}-csv`}>Events as CSV</label>
            <textarea
              id={`${id}-csv`}
              rows={5}
              className="mono"
              value={csv}
              onChange={(e) => setCsv(e.target.value)}
              placeholder={SAMPLE_CSV}
              required
            />
            <p className="hint">
              A header row with title, description, startsAt, location, then one event per row; a file of thousands of
              rows is fine. Dates look like 2030-04-12T09:00:00Z. Events arrive as drafts for you to publish.
            </p>
            <label htmlFor={`${id}-file`}>Or choose a CSV file</label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)}
            />
          </div>
        ) : null}
        <ErrorMessage error={start.error} />
        <button type="submit" className="button" disabled={start.isPending}>
          Start job
        </button>
      </form>
      <QueryState query={jobs} what="jobs">
        {items.length === 0 ? (
          <EmptyState title="No jobs have run">Start one above and watch its progress here.</EmptyState>
        ) : (
          <ul className="jobs plain">
            {items.map((job) => (
              <Job key={job.id} job={job} />
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
