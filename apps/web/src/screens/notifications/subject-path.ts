import type { NotificationSubject } from '@adopt/api';
import { commentsPath } from '../feed/comments-path.ts';

/** The screen a notification's subject lives on: a post opens with its comments, the rest on their list. */
export function subjectPath(subject: NotificationSubject): string {
  switch (subject.kind) {
    case 'post':
      return commentsPath(subject.id);
    case 'task':
      return '/tasks';
    case 'event':
      return '/events';
    case 'street':
      return '/streets';
  }
}
