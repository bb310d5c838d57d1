// The class of every sessions-table row, for the server's tables and the client rows alike (a
// plain module: a value exported by a "use client" file reaches a server component as a client
// reference, not a string). A two-column card at phone width, a table row from md up (see
// globals.css).
export const rowClass = "st-row";
