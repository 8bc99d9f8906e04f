// Package importer reads lists of people from CSV and XLSX files and writes
// the register's lists back out. It knows files and spreadsheets, not the
// database: the store takes the rows it produces and commits them all or
// nothing.
//
// Reading is in three steps, each of which a person can see and correct:
//
//  1. Read parses the file into a Table: a header row and the data rows,
//     each with the row number the user sees in Excel or LibreOffice. CSV
//     files may use a comma, a semicolon or a tab, with or without a UTF-8
//     byte order mark; other encodings are refused with a message saying
//     how to save as UTF-8. XLSX workbooks are read from their first sheet
//     or a named one, with raw cell values (dates as serial numbers).
//  2. Suggest proposes a Mapping from the column headers to the register's
//     fields, recognising English and Bangla headers and common variants
//     ("Name", "নাম", "Mobile", "NID", "Destination country", "ফেরার তারিখ").
//     The person confirms or changes it.
//  3. Convert turns each row into a registry.Person and, when the row has
//     migration columns, its latest registry.Episode. It accepts the forms
//     people type: dates as 2023-05-31, 31/05/2023 or Excel serial numbers;
//     Bengali digits; sex as male/female/M/F/পুরুষ/মহিলা; countries by ISO
//     code or by name in either language; places by P-code or by English or
//     Bangla name. It runs the register's own validation on every row and
//     reports every problem with its row, column, field and a message
//     saying what to do; a file with any problem imports nothing.
//
// # Idempotency
//
// Every row gets a fingerprint, and the store keeps Key(organisation,
// fingerprint) in persons.import_key, unique per organisation. A row whose
// key is already there is "already imported" and skipped, so importing the
// same file twice creates nothing new. The fingerprint is:
//
//   - when a column is mapped to "external_id" (the file's own stable
//     identifier, such as a beneficiary or case ID) and the row has a
//     value: that identifier, trimmed, upper-cased, with Bengali digits as
//     ASCII. The same ID in a later file is the same person, even if other
//     columns changed; an import never updates anyone.
//   - otherwise: the row's content after conversion, field by field in a
//     fixed order (dates as YYYY-MM-DD, codes, normalised phone numbers,
//     P-codes), ignoring unmapped columns, column order, header spelling
//     and empty cells. The same data saved as CSV or as XLSX gives the same
//     fingerprint; a corrected spelling makes a new person.
//
// The organisation is part of the key, so two organisations importing the
// same list each get their own people, and keys reveal nothing across
// organisations. Two rows of one file with the same fingerprint are one
// person: the second is counted as a duplicate and skipped.
//
// # Writing
//
// NewCSVWriter and NewXLSXWriter write the register's list with headers in
// the reader's language, in the column layout Suggest recognises, so an
// export can be imported elsewhere. CSV files start with a UTF-8 byte
// order mark so that Excel shows Bangla correctly.
package importer
