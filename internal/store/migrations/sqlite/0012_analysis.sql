-- Study analysis: editable destination demand figures.
-- (Being written this session.)
SELECT 1;
