"use client";

import "./globals.css";

// The last resort when the root layout itself fails: no details, just a way back.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="grid min-h-screen place-items-center font-sans">
        <main className="max-w-md p-8 text-center">
          <h1 className="text-xl font-semibold">Something went wrong</h1>
          <p className="mt-2 text-slate-600 dark:text-slate-400">Nothing was changed. Please try again.</p>
          <button type="button" onClick={reset} className="mt-6 rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
