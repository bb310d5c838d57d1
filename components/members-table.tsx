import Link from "next/link";
import type { Member } from "@/lib/users/members";
import { ChangeRoleButton, MemberAccessButton } from "./member-controls";
import { Avatar, RoleBadge } from "./role-badge";
import { LocalTime } from "./sessions/local-time";

type Props = { members: Member[]; currentUserId: string; canManage: boolean; now: Date };

function manageHref(member: Member, currentUserId: string) {
  return member.id === currentUserId ? "/settings/sessions" : `/settings/users/${encodeURIComponent(member.id)}`;
}

function ManageLink({ member, currentUserId }: { member: Member; currentUserId: string }) {
  const own = member.id === currentUserId;
  return (
    <Link
      href={manageHref(member, currentUserId)}
      aria-label={own ? "Manage sessions: your own, on My Sessions" : `Manage sessions of ${member.name}`}
      className="inline-flex items-center justify-center gap-1 whitespace-nowrap rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      {member.deactivatedAt ? "Session history" : "Manage sessions"}
      <span aria-hidden="true">→</span>
    </Link>
  );
}

function Sessions({ count }: { count: number }) {
  return count > 0 ? (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden="true" className="size-2 rounded-full bg-emerald-500" />
      {count} active
    </span>
  ) : (
    <span className="text-slate-500 dark:text-slate-400">None</span>
  );
}

function LastActive({ member, lastActiveAt, now }: { member: Member; lastActiveAt: Date | null; now: Date }) {
  if (member.deactivatedAt) {
    return (
      <span className="text-slate-500 dark:text-slate-400">
        Deactivated <LocalTime iso={member.deactivatedAt.toISOString()} now={now.toISOString()} mode="relative" inSentence />
      </span>
    );
  }
  return lastActiveAt ? <LocalTime iso={lastActiveAt.toISOString()} now={now.toISOString()} mode="relative" /> : <span className="text-slate-500 dark:text-slate-400">Not signed in</span>;
}

/** What an Account Owner's controls get to know of a member (and nothing else reaches the browser). */
function controlsRef(member: Member) {
  return { id: member.id, name: member.name, role: member.role, activeSessions: member.activity?.activeSessions ?? 0 };
}

const TAG = "whitespace-nowrap rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide";

function Name({ member, currentUserId }: { member: Member; currentUserId: string }) {
  return (
    <div className="flex min-w-0 items-center gap-3">
      <Avatar name={member.name} muted={!!member.deactivatedAt} />
      <div className="min-w-0">
        <p className={`flex flex-wrap items-center gap-x-2 gap-y-1 font-medium ${member.deactivatedAt ? "text-slate-600 dark:text-slate-300" : "text-slate-900 dark:text-white"}`}>
          <span className="truncate">{member.name}</span>
          {member.id === currentUserId && <span className={`${TAG} bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300`}>You</span>}
          {member.deactivatedAt && <span className={`${TAG} bg-red-50 text-red-700 dark:bg-red-500/15 dark:text-red-200`}>Deactivated</span>}
          {!member.deactivatedAt && member.mustChangePassword && (
            <span className={`${TAG} bg-amber-50 text-amber-800 dark:bg-amber-500/15 dark:text-amber-200`} title="Still uses the one-time password they were given; they choose their own at sign-in.">
              One-time password
            </span>
          )}
        </p>
        <p className="truncate text-slate-500 dark:text-slate-400">{member.email}</p>
      </div>
    </div>
  );
}

/** The role, and for an Account Owner the way to change it (not for deactivated members). */
function Role({ member, currentUserId, canManage }: { member: Member; currentUserId: string; canManage: boolean }) {
  return (
    <span className="inline-flex items-center gap-2.5">
      <RoleBadge role={member.role} />
      {canManage && !member.deactivatedAt && <ChangeRoleButton member={controlsRef(member)} isSelf={member.id === currentUserId} />}
    </span>
  );
}

function Actions({ member, currentUserId }: { member: Member; currentUserId: string }) {
  return (
    <div className="flex flex-wrap items-start gap-2 md:justify-end">
      <ManageLink member={member} currentUserId={currentUserId} />
      {member.id !== currentUserId && <MemberAccessButton member={controlsRef(member)} deactivated={!!member.deactivatedAt} />}
    </div>
  );
}

/**
 * The account's members: a table from the md breakpoint, stacked cards on a phone. Active
 * sessions and last activity only when they were read (an Account Owner's view).
 */
export function MembersTable({ members, currentUserId, canManage, now }: Props) {
  const showActivity = members.some((m) => m.activity);
  return (
    <>
      <table className="hidden w-full text-left text-sm md:table">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-5 py-3 font-medium">Member</th>
            <th scope="col" className="px-5 py-3 font-medium">Role</th>
            {showActivity && <th scope="col" className="px-5 py-3 font-medium">Active sessions</th>}
            {showActivity && <th scope="col" className="px-5 py-3 font-medium">Last active</th>}
            {canManage && <th scope="col" className="px-5 py-3 text-right font-medium"><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {members.map((m) => (
            <tr key={m.id} data-testid={`member-row-${m.email}`} className={m.deactivatedAt ? "bg-slate-50/70 dark:bg-slate-950/30" : "hover:bg-slate-50/60 dark:hover:bg-slate-800/30"}>
              <td className="max-w-xs px-5 py-3"><Name member={m} currentUserId={currentUserId} /></td>
              <td className="px-5 py-3"><Role member={m} currentUserId={currentUserId} canManage={canManage} /></td>
              {m.activity && <td className="px-5 py-3"><Sessions count={m.activity.activeSessions} /></td>}
              {m.activity && <td className="px-5 py-3 whitespace-nowrap"><LastActive member={m} lastActiveAt={m.activity.lastActiveAt} now={now} /></td>}
              {canManage && <td className="px-5 py-3 text-right"><Actions member={m} currentUserId={currentUserId} /></td>}
            </tr>
          ))}
        </tbody>
      </table>

      <ul className="divide-y divide-slate-200 md:hidden dark:divide-slate-800">
        {members.map((m) => (
          <li key={m.id} data-testid={`member-card-${m.email}`} className={`space-y-3 px-4 py-4 text-sm ${m.deactivatedAt ? "bg-slate-50/70 dark:bg-slate-950/30" : ""}`}>
            <Name member={m} currentUserId={currentUserId} />
            <dl className="grid grid-cols-2 gap-3 pl-12">
              <div className="col-span-2">
                <dt className="sr-only">Role</dt>
                <dd><Role member={m} currentUserId={currentUserId} canManage={canManage} /></dd>
              </div>
              {m.activity && (
                <>
                  <div>
                    <dt className="text-xs text-slate-500 dark:text-slate-400">Active sessions</dt>
                    <dd className="mt-0.5"><Sessions count={m.activity.activeSessions} /></dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500 dark:text-slate-400">Last active</dt>
                    <dd className="mt-0.5"><LastActive member={m} lastActiveAt={m.activity.lastActiveAt} now={now} /></dd>
                  </div>
                </>
              )}
            </dl>
            {canManage && (
              <div className="pl-12">
                <Actions member={m} currentUserId={currentUserId} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
