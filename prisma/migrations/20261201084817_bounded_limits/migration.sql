-- Rate-limit buckets carry their own expiry (the end of the window after
-- theirs), so pruning needs no knowledge of each key's window length.
-- Existing rows keep the old 2-day horizon.
DROP INDEX "rate_limit_buckets_window_start_idx";

ALTER TABLE "rate_limit_buckets" ADD COLUMN     "expires_at" TIMESTAMPTZ(3);
UPDATE "rate_limit_buckets" SET "expires_at" = "window_start" + interval '2 days';
ALTER TABLE "rate_limit_buckets" ALTER COLUMN "expires_at" SET NOT NULL;

CREATE INDEX "rate_limit_buckets_expires_at_idx" ON "rate_limit_buckets"("expires_at");

-- Addresses each account signed in from lately (lib/services/accounts.ts).
CREATE TABLE "sign_in_addresses" (
    "user_id" UUID NOT NULL,
    "ip" TEXT NOT NULL,
    "last_signed_in_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_addresses_pkey" PRIMARY KEY ("user_id","ip")
);

CREATE INDEX "sign_in_addresses_last_signed_in_at_idx" ON "sign_in_addresses"("last_signed_in_at");

ALTER TABLE "sign_in_addresses" ADD CONSTRAINT "sign_in_addresses_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
