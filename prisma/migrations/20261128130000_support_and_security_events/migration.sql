-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'SUPPORT';
ALTER TYPE "EndReason" ADD VALUE 'SUPPORT';

-- CreateEnum
CREATE TYPE "SecurityEventType" AS ENUM ('SIGN_IN', 'SIGN_IN_FAILED', 'SIGN_OUT', 'SESSION_ENDED', 'TOKENS_REVEALED', 'PASSWORD_CHANGED', 'SUPPORT_LOOKUP', 'SUPPORT_ENDED_SESSION', 'MEMBER_SESSIONS_ENDED', 'MEMBER_ADDED', 'ROLE_CHANGED', 'USER_DEACTIVATED', 'USER_REACTIVATED', 'PASSWORD_RESET');

-- AlterTable: staff (role SUPPORT) belong to no customer account, and only staff
ALTER TABLE "users" ALTER COLUMN "account_id" DROP NOT NULL;
ALTER TABLE "users" ADD CONSTRAINT "users_staff_have_no_account" CHECK (("role"::text = 'SUPPORT') = ("account_id" IS NULL));

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN "end_note" VARCHAR(500);

-- CreateTable
CREATE TABLE "security_events" (
    "id" BIGSERIAL NOT NULL,
    "type" "SecurityEventType" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "actor_session_handle" TEXT,
    "subject_user_id" TEXT NOT NULL,
    "account_id" TEXT,
    "session_handle" TEXT,
    "ip" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "security_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "security_events_subject_user_id_at_idx" ON "security_events"("subject_user_id", "at" DESC);

-- CreateIndex
CREATE INDEX "security_events_account_id_at_idx" ON "security_events"("account_id", "at" DESC);

-- CreateIndex
CREATE INDEX "security_events_at_idx" ON "security_events"("at");

-- AddForeignKey
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_subject_user_id_fkey" FOREIGN KEY ("subject_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Append-only: a recorded event is never changed (deleting past the retention is the maintenance job's).
CREATE FUNCTION "security_events_are_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'security_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "security_events_no_update" BEFORE UPDATE ON "security_events"
  FOR EACH ROW EXECUTE FUNCTION "security_events_are_append_only"();
