export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={className}>
      <rect width="32" height="32" rx="8" className="fill-indigo-600" />
      <path d="M10 9h7.5a4.5 4.5 0 0 1 2.6 8.2A4.8 4.8 0 0 1 18 26h-8V9Zm3 3v4.2h4.3a2.1 2.1 0 0 0 0-4.2H13Zm0 7v4h4.8a2 2 0 0 0 0-4H13Z" fill="#fff" />
    </svg>
  );
}
