-- My Session History in its order (lib/sessions/store.ts): a page reads about page × size index
-- entries of the user's range, not every ended row of the user.
CREATE INDEX "sessions_user_id_ended_at_created_at_id_idx" ON "sessions"("user_id", "ended_at" DESC, "created_at" DESC, "id" DESC);
