-- Form media: the images, audio and CSV files a form refers to, served
-- to devices through the OpenRosa manifest. (Being written this session.)
SELECT 1;
