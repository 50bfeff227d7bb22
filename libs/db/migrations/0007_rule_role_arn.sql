-- A rule keeps the RoleArn that PutRule (or REST's roleArn) gave it, so DescribeRule and ListRules
-- return it and infrastructure-as-code tools see no drift. Hookbridge assumes no IAM role: it is
-- stored, never used. Nullable, no default: adding it rewrites no row. Keep
-- libs/db/schema/buses.schema.ts in step.
ALTER TABLE rules ADD COLUMN IF NOT EXISTS role_arn text;
