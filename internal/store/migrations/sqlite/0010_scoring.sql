-- Scoring: scoring versions of a form and the scores of submissions.
-- (Being written this session.)
SELECT 1;
