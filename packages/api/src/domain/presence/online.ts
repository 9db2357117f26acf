import { findUserById, listPresentUsers, lockRow, presentElsewhere, setPresenceHidden } from '@adopt/db';
import type { Viewer } from '../../context.ts';
import { commitChanges, readSnapshot } from '../../live/commit.ts';
import type { Services } from '../../services.ts';
import { presence } from '../../topics/presence.ts';
import { freshSince } from './config.ts';

/** Everyone online now who is not invisible, and whether the viewer shows themselves. */
export async function listOnline(services: Services, viewer: Viewer) {
  const { value, lastEventId } = await readSnapshot(services, async (db) => {
    const items = await listPresentUsers(db, presence.order, freshSince(services.config.presence));
    const me = await findUserById(db, viewer.id);
    return { items, visible: !me?.presenceHidden };
  });
  return { items: value.items.map(({ id, name }) => ({ id, name })), visible: value.visible, lastEventId };
}

/** "Show me as online": going invisible while online is a leave for everyone else, coming back a join. */
export async function setVisible(services: Services, viewer: Viewer, visible: boolean): Promise<{ visible: boolean }> {
  return commitChanges(services, async (tx) => {
    // The person's presence writes take turns (see the tracker), so a join elsewhere is seen or waits for this.
    await lockRow(tx.db, 'users', viewer.id);
    const before = await findUserById(tx.db, viewer.id);
    await setPresenceHidden(tx.db, viewer.id, !visible);
    const changed = before !== undefined && !before.presenceHidden !== visible;
    if (changed && (await presentElsewhere(tx.db, '', viewer.id, freshSince(services.config.presence)))) {
      if (visible) {
        await tx.emit({
          topic: 'presence',
          type: 'created',
          id: viewer.id,
          record: { id: viewer.id, name: viewer.name },
        });
      } else {
        await tx.emit({ topic: 'presence', type: 'deleted', id: viewer.id }, { id: viewer.id });
      }
    }
    return { visible };
  });
}
