-- A replay keeps the Description it was started with (AWS's StartReplay / DescribeReplay).
ALTER TABLE replays ADD COLUMN IF NOT EXISTS description text;
