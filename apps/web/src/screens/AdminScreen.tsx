import type { UserRecord } from '@adopt/api';
import { AnnouncePanel } from './admin/AnnouncePanel.tsx';
import { JobsPanel } from './admin/JobsPanel.tsx';
import { MembersPanel } from './admin/MembersPanel.tsx';
import { StatsPanel } from './admin/StatsPanel.tsx';
import { StreetsPanel } from './admin/StreetsPanel.tsx';

export function AdminScreen({ me }: { me: UserRecord }) {
  return (
    <div className="page">
      <h1>Admin</h1>
      <div className="admin-grid">
        <StatsPanel />
        <AnnouncePanel />
        <JobsPanel />
        <StreetsPanel />
        <MembersPanel me={me} />
      </div>
    </div>
  );
}
