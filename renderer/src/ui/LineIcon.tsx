/** A 16px line icon drawn in currentColor, so it follows the theme; decorative (its button carries the name). */
export function LineIcon({ path, className }: { path: string; className?: string }) {
  return (
    <svg className={className} width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={path} fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
