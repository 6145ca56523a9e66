-- A gift that asked for a receipt but was not entitled to one when it was
-- paid (below the organisation's minimum then): lowering the minimum later
-- does not issue it one, unless staff ask. NULL: nothing refused.
ALTER TABLE donations ADD COLUMN receipt_refused TEXT;
