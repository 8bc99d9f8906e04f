// Package instance is the single authority on answers to a form: it reads
// OpenRosa submissions, builds answers from web data-entry screens,
// evaluates and validates them with the form's expressions, and writes
// them back out as submission XML and as flat rows for storage and export.
//
// Compile a form version once (Compile) and keep the *Schema; it is safe
// for concurrent use. Then:
//
//   - Schema.Parse reads the xml_submission_file of an OpenRosa
//     submission (Peek first tells which form id and version it names);
//   - Schema.New starts a web form, Schema.FromValues reads what it
//     posted, Schema.AddRepeat and Schema.RemoveRepeat add and remove
//     repeat instances;
//   - Schema.Validate works out relevance and calculations and returns
//     the cleaned Instance with its Problems;
//   - Schema.XML and Schema.Flatten write an Instance out, and
//     Schema.Attachments lists the files it refers to.
//
// # Keys
//
// Every answer has one key, used in Instance.Values, in Problem.Key and
// as the name of its field on the web form. A key is the question's path
// below the root element, names joined by "/", with the 1-based index of
// the repeat instance in brackets after each repeat's name:
//
//	consent                      a question at the top of the form
//	hh/head_name                 a question in the group hh
//	hh/member[2]/age             age in the second instance of the repeat member
//	hh/member[2]/child[1]/name   a repeat inside a repeat
//
// A repeat's name without its own index is its count key: "hh/member" or
// "hh/member[2]/child". Instance.Counts holds the number of instances
// under it, and a web form posts it (a hidden field) to say how many
// instances it shows. Every repeat in a key carries an index; a group
// never does. Indices are written without leading zeros. The meta block is
// not addressed by keys: it is Instance.Meta. A web form's own fields
// (buttons, hidden state) begin with ScreenPrefix (".") and are ignored.
//
// # Standards
//
// Submissions follow the OpenRosa Form Submission API and the ODK XForms
// specification: the root element is the form's instance root (the name
// setting, "data" by default) with the form's id and version attributes,
// groups and repeats nest elements by question name, and the meta block
// carries instanceID, deprecatedID (on an edit), instanceName, the audit
// file and the entity of forms with an entities sheet. Answers are as XML
// Schema and ODK write them: int is 32-bit, decimal has no exponent,
// dates are YYYY-MM-DD, times and dateTimes have seconds and may carry a
// zone, a geopoint is "lat lon [alt [acc]]", a geotrace or geoshape is
// geopoints separated by ";", selections are separated by spaces and
// attachments are file names. The elements are exactly those of the
// primary instance package xform writes, including those it generates (the
// NAME_count calculate of a repeat_count expression, the label note and
// header select of a table-list group, groups dissolved by the flat
// setting); a test compares the two on every form of the corpus.
//
// Relevance follows ODK: a question or group that is not relevant (its
// own relevant is false, or a group around it is not relevant) has its
// answers cleared, is not checked, and is left out of the XML. A
// constraint is checked only for a non-empty answer; required only for a
// question a person answers. A calculation with a trigger is an answer the
// person may change, so the server never recomputes it. choice_filter is
// evaluated per repeat instance, with the choice lists as secondary
// instances. The choices of selects from a file (select_one_from_file,
// select_one_external) are not available to the server and are not
// checked; a select from a repeat (select_one ${name}) accepts the answers
// given in that repeat.
//
// Who computes depends on Options.Source. On the web (FromWeb) the server
// is the form engine: it works out calculations, fits repeats to their
// repeat_count and fills in the metadata. A device (FromDevice) was the
// engine: its calculations, metadata and repeat instances are kept and
// checked, since values from now(), random() or once() cannot be redone.
package instance
