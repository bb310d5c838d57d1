import { NextResponse } from "next/server";
import { jsonError, requireApiSession, withJsonErrors } from "@/lib/http/json";
import { listOwnActivity } from "@/lib/security/activity";
import { activityPageSchema } from "@/lib/validations/activity-query";

export const dynamic = "force-dynamic";

// GET /api/security-events?page=N – a page of my own security activity, newest first
export const GET = withJsonErrors(async (request: Request) => {
  const { session, error } = await requireApiSession();
  if (error) return error;
  const params = new URL(request.url).searchParams;
  const page = activityPageSchema.safeParse(params.get("page") ?? undefined);
  if (!page.success || params.getAll("page").length > 1) return jsonError(400, "page must be a whole number from 1.");
  const activity = await listOwnActivity(session.user.id, page.data);
  return NextResponse.json(
    {
      items: activity.items.map((e) => ({ type: e.type, at: e.at.toISOString(), text: e.text, ip: e.ip, device: e.device })),
      total: activity.total,
      page: activity.page,
      pageSize: activity.pageSize,
      pageCount: activity.pageCount,
    },
    { headers: { "cache-control": "private, no-store" } },
  );
});
