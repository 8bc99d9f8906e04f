// Package expr parses and evaluates the expression language of XLSForm and
// ODK XForms (XPath 1.0 with the ODK extensions), so that the server can
// re-check relevant, constraint, calculation, required, default,
// choice_filter and repeat_count expressions on submissions with the same
// answers that ODK Collect, KoBoCollect or Enketo gave.
//
// One parser serves every column. Parse once, then Eval many times: an
// *Expr is immutable and safe for concurrent use, and evaluation allocates
// nothing for the common shapes (comparisons, arithmetic, and/or,
// selected(), if(), coalesce() over answers).
//
// # Supported
//
//   - ${name} references (also inside string literals, as pyxform
//     substitutes them there too), "." and current(), XPath paths with the
//     child, self, parent, descendant and descendant-or-self axes
//     (/data/g/q, ../q, //q, current()/../q), name tests, * and node(),
//     predicates (numeric and boolean), and instance('id')/root/item[...]
//     through Env.Instance.
//   - Number literals, 'single' and "double" quoted strings, + - * div mod,
//     unary minus, = != < <= > >=, and, or, parentheses, with XPath 1.0
//     precedence and the XPath lexical rules (a-b is a name, * and div are
//     operators only after an operand).
//   - XPath 1.0 types and conversions: node-sets compare existentially,
//     unanswered questions are the empty string (NaN as a number), the
//     string "false" is true, numbers print without exponent (see below
//     for the one place ${name} differs from a path).
//   - ODK dates: date and dateTime strings used as numbers are days since
//     1970-01-01 (number() extended as the ODK spec says), so
//     today() - ${dob} is a number of days and dates compare with < and >.
//     Days are counted on the wall clock of Env.Now().Location(): dates are
//     whole days; a dateTime carrying an offset is first moved into that
//     location. With a UTC location this is exactly the spec's "days since
//     January 1, 1970 UTC".
//   - Functions: true false not boolean boolean-from-string number string
//     selected count-selected selected-at jr:choice-name string-length
//     concat join substr substring substring-before substring-after
//     contains starts-with ends-with translate normalize-space if coalesce
//     once today now int round (1 or 2 arguments) regex position last
//     count count-non-empty sum min max format-date format-date-time date
//     date-time decimal-date-time decimal-time pow abs floor ceiling log
//     log10 sqrt exp exp10 sin cos tan asin acos atan atan2 pi uuid random
//     current instance pulldata.
//
// # Refused
//
//   - Unknown functions, wrong argument counts, invalid literal regular
//     expressions, attributes (@x), XPath $variables, text()/comment()
//     tests and the ancestor/sibling/following/preceding axes are errors
//     at Parse time, with the position in the source.
//   - Real ODK functions that Remaker does not evaluate (indexed-repeat,
//     jr:itext, area, distance, randomize, digest, checklist, ...) are
//     Parse errors that say so.
//   - The union operator | parses (so forms containing it can still be
//     read and rewritten) but Eval reports it as unsupported.
//   - regex() uses Go's RE2 syntax, which lacks back-references and
//     look-around; patterns using them fail to parse.
//   - format-date names months and weekdays in English only.
//
// # Deliberate choices where clients disagree
//
// round(x, n) rounds the number's shortest decimal form, ties toward
// positive infinity like XPath round() (round(2.675, 2) is 2.68,
// round(-2.5) is -2). substr() clamps its 0-based indexes to the string.
// date(), date-time() and format-date() of an empty value or NaN give the
// empty string; of a malformed non-empty value, an error.
//
// In a boolean context a single ${name} answer counts by its value, as in
// ODK Collect: not(${a}) is true while a is unanswered, and ${a} = true()
// is false then. Strict XPath 1.0 (and Enketo) would call any existing node
// true. Paths such as /data/a, and ${name} standing for several repeat
// answers, keep the XPath rule: true when the node-set is non-empty.
package expr
