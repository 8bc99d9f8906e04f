-- Strategy documents of a study: sections, versions, evidence blocks,
-- validation comments. (Being written this session.)
SELECT 1;
