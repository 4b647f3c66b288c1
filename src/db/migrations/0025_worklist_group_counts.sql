-- The worklist's per-group counts (issue 12, item 6): every read counted the items of a
-- prescriber's whole list by expanding each entry's `items` array (jsonb_array_elements over ~500
-- entries, a few KB of jsonb each), the largest part of PostgreSQL's work per read. Each entry now
-- carries its counts, derived by PostgreSQL from `items` itself (stored generated columns: they
-- cannot drift from the items they count), and a read sums four integers per entry.
-- The group names are domain/worklist.ts WORKLIST_GROUPS; a new group needs a column here.
ALTER TABLE worklist_entries
  ADD COLUMN urgent_items smallint NOT NULL
    GENERATED ALWAYS AS (jsonb_array_length(jsonb_path_query_array(items, '$[*] ? (@.group == "urgent")'))) STORED,
  ADD COLUMN blocks_fill_items smallint NOT NULL
    GENERATED ALWAYS AS (jsonb_array_length(jsonb_path_query_array(items, '$[*] ? (@.group == "blocksFill")'))) STORED,
  ADD COLUMN due_soon_items smallint NOT NULL
    GENERATED ALWAYS AS (jsonb_array_length(jsonb_path_query_array(items, '$[*] ? (@.group == "dueSoon")'))) STORED,
  ADD COLUMN routine_items smallint NOT NULL
    GENERATED ALWAYS AS (jsonb_array_length(jsonb_path_query_array(items, '$[*] ? (@.group == "routine")'))) STORED;
