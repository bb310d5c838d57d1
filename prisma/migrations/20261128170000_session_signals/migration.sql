-- AlterEnum
ALTER TYPE "EndReason" ADD VALUE 'REPORTED';
ALTER TYPE "SecurityEventType" ADD VALUE 'SESSION_REPORTED';

-- AlterTable: sign-in signals, the latest address and place, the banner's acknowledgement
ALTER TABLE "sessions" ADD COLUMN "new_device" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "new_location" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "last_ip" TEXT,
ADD COLUMN "last_city" TEXT,
ADD COLUMN "last_region" TEXT,
ADD COLUMN "last_country" TEXT,
ADD COLUMN "location_changed_at" TIMESTAMPTZ(3),
ADD COLUMN "sign_in_confirmed_at" TIMESTAMPTZ(3);
