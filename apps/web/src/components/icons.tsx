// Inline icons: the app cannot count on an emoji font being installed.

export function MegaphoneIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      <path
        fill="currentColor"
        d="M3 10v4a1 1 0 0 0 1 1h2l1.6 4.8A1 1 0 0 0 8.55 20.5H10a1 1 0 0 0 .95-1.3L9.6 15H10l8 4V5l-8 4H4a1 1 0 0 0-1 1Zm17-1.5v7a3.5 3.5 0 0 0 0-7Z"
      />
    </svg>
  );
}

export function RosetteIcon() {
  return (
    <svg viewBox="0 0 24 24" width="36" height="36" aria-hidden="true">
      <path fill="#c0392b" d="M8 14 5 22l3.5-1.5L11 23l1-7Zm8 0 3 8-3.5-1.5L13 23l-1-7Z" />
      <circle cx="12" cy="9" r="7" fill="#e6a400" />
      <circle cx="12" cy="9" r="4.5" fill="#ffd45c" />
    </svg>
  );
}

export function HeartIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M12 21s-7.5-4.6-9.6-9.2C1 8.6 3 5 6.5 5c2 0 3.4 1.1 4.2 2.3h2.6C14.1 6.1 15.5 5 17.5 5 21 5 23 8.6 21.6 11.8 19.5 16.4 12 21 12 21Z"
      />
    </svg>
  );
}
