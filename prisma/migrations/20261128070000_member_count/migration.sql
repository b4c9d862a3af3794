-- Each organization keeps its member count, so pages show it without counting
-- the rows of a 100,000-member organization. Statement-level triggers keep it:
-- one update per statement, however many members it adds or removes (bulk
-- inserts, an organization's deletion cascading to its members). Writers lock
-- the organization's row before touching members (lib/services/organization-lock.ts),
-- so the update never waits in the middle of a transaction.

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN "member_count" INTEGER NOT NULL DEFAULT 0;

UPDATE "organizations" o SET "member_count" = (SELECT count(*) FROM "members" m WHERE m."organization_id" = o."id");

ALTER TABLE "organizations" ADD CONSTRAINT "organizations_member_count_not_negative" CHECK ("member_count" >= 0);

CREATE FUNCTION "members_count_joined"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "organizations" o SET "member_count" = o."member_count" + joined.n
  FROM (SELECT "organization_id", count(*) AS n FROM "joined_members" GROUP BY "organization_id") joined
  WHERE o."id" = joined."organization_id";
  RETURN NULL;
END;
$$;
CREATE TRIGGER "members_count_on_insert" AFTER INSERT ON "members"
  REFERENCING NEW TABLE AS "joined_members"
  FOR EACH STATEMENT EXECUTE FUNCTION "members_count_joined"();

CREATE FUNCTION "members_count_left"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "organizations" o SET "member_count" = o."member_count" - gone.n
  FROM (SELECT "organization_id", count(*) AS n FROM "left_members" GROUP BY "organization_id") gone
  WHERE o."id" = gone."organization_id";
  RETURN NULL;
END;
$$;
CREATE TRIGGER "members_count_on_delete" AFTER DELETE ON "members"
  REFERENCING OLD TABLE AS "left_members"
  FOR EACH STATEMENT EXECUTE FUNCTION "members_count_left"();
