import { lookupSession } from "@/lib/auth/session";
import { noticeFor } from "@/lib/auth/verify";
import { loginPath } from "@/lib/http/login-redirect";
import { withJsonErrors } from "@/lib/http/json";
import { accountActivityBatches, type ActivityItem } from "@/lib/security/activity";
import { csvRow } from "@/lib/security/csv";
import { activityMemberSchema } from "@/lib/validations/activity-query";

export const dynamic = "force-dynamic";

const HEADER = ["Time (UTC)", "Member", "Email", "Event", "What happened", "IP address", "Browser", "OS", "Device type", "Location"];

const notFound = () => new Response("Not found.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

function line(e: ActivityItem): string {
  const d = e.device;
  return csvRow([e.at.toISOString(), e.subject.name, e.subject.email, e.type, e.text, e.ip, d?.browser, d?.os, d?.deviceType, d?.location]);
}

// GET /settings/activity/csv?member=usr_… – the account's security activity (or one member's) as CSV, for its Account Owners
export const GET = withJsonErrors(async (request: Request) => {
  const found = await lookupSession();
  // The gate has refused a dead session already; this handler checks again, as every one does.
  if (!found.session) return Response.redirect(new URL(loginPath(noticeFor(found.reason), "/settings/activity"), request.url), 303);
  const { session } = found;
  const params = new URL(request.url).searchParams;
  const member = activityMemberSchema.safeParse(params.get("member") ?? undefined);
  if (!member.success || params.getAll("member").length > 1 || session.user.kind !== "customer") return notFound();
  const { user } = session;
  const batches = await accountActivityBatches(user, member.data);
  if (!batches) return notFound();
  // The first batch is read before answering, so a failing database is a 503, not a cut-off file.
  const first = await batches.next();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark, so that spreadsheet programs read the names as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${csvRow(HEADER)}`));
      if (!first.done) controller.enqueue(encoder.encode(first.value.map(line).join("")));
    },
    async pull(controller) {
      if (first.done) return controller.close();
      const next = await batches.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(next.value.map(line).join("")));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="security-activity-${day}.csv"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});

