/** A small sprout: drawn as SVG so it does not depend on an emoji font being installed. */
export function Logo() {
  return (
    <svg className="logo" width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 22V11" stroke="#2f7d4f" strokeWidth="2" strokeLinecap="round" fill="none" />
      <path d="M12 12C12 7 8.5 4 3.5 4c0 5 3.5 8 8.5 8z" fill="#5fae6e" />
      <path d="M12 10c0-4.5 3-7.5 8.5-7.5 0 4.5-3 7.5-8.5 7.5z" fill="#2f7d4f" />
    </svg>
  );
}
