/** A post's comments have a URL of their own, so a person can share or reload the open panel. */
const COMMENTS_PATH = /^\/posts\/([^/]+)$/;

export function commentsPath(postId: string): string {
  return `/posts/${encodeURIComponent(postId)}`;
}

/** The post whose comments the path opens, or null for any other path. */
export function openPostIdOf(path: string): string | null {
  const match = COMMENTS_PATH.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
