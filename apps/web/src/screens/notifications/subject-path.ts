import type { NotificationSubject } from '@adopt/api';
import { commentsPath } from '../feed/comments-path.ts';

/** The element id of a subject's card on its screen, so a link can scroll to it and mark it. */
export function subjectAnchor(subject: NotificationSubject): string {
  return `${subject.kind}-${subject.id}`;
}

/** Where a notification's subject lives: a post opens with its comments, the rest at their card on their list. */
export function subjectPath(subject: NotificationSubject): string {
  switch (subject.kind) {
    case 'post':
      return commentsPath(subject.id);
    case 'task':
      return `/tasks#${subjectAnchor(subject)}`;
    case 'event':
      return `/events#${subjectAnchor(subject)}`;
    case 'street':
      return `/streets#${subjectAnchor(subject)}`;
  }
}
