// Package analysis computes the scoping study's aggregate figures from
// questionnaire answers: cross-tabulations with 95% Wilson confidence
// intervals, optional post-stratification weights, suppression of small
// cells, a migration-readiness profile per ethnic group, and skills supply
// against destination demand. It renders them as tables, SVG bar charts,
// CSV and XLSX. It is pure logic: the store reads the answers and the form
// and hands them in; nothing here touches a database.
//
// # Method
//
// Counts are respondents (a current, not rejected submission of the
// study's form with consent). A select_one question gives one row per
// choice; a select_multiple question one row per choice, counting the
// respondents who ticked it, so the rows of a column may add up to more
// than its base. A question inside a repeat (the skills) counts the
// respondents with any instance answering the choice: "any skill in ISCO
// major group 7". Integer questions are put in bins (age in bands). The
// base of a column is the respondents in it who answered the question
// (for a question in a repeat: every respondent in the column).
//
// Percentages are of the column's base, with the 95% Wilson score
// interval p̃ ± z·sqrt(p(1-p)/n + z²/4n²)/(1+z²/n), z = 1.959964.
//
// Weights (optional) are post-stratification weights by district and
// ethnic group: a respondent in cell c (district d, group g) weighs
// P_c / S_c, where S_c is the cell's share of the sample and P_c its share
// of the population. The cell's population is the district's 2011 census
// population times the group's share of the Chittagong Hill Tracts
// population (2022 census): the census gives no district x group table,
// so the group mix is taken as the same in every district. P_c is
// normalised over the cells present in the sample, so the weights average
// 1. Respondents whose cell has no population figure (district or group
// not given, "other") keep weight 1, and the other cells share the rest.
// Weighted percentages are Σw·y/Σw; their interval is the Wilson interval
// with Kish's effective sample size n_eff = (Σw)²/Σw² of the column's
// base in place of n. Counts stay unweighted.
//
// Suppression: a cell counting 1 to 4 respondents shows SuppressedMark
// and no percentage (0 is shown: it counts nobody). A column whose base
// is under 5 is suppressed whole. So that a suppressed cell cannot be
// recovered by subtraction from a total, when a column of a question with
// one answer per respondent (select_one, integer bins) has exactly one
// suppressed cell, the next smallest non-zero cell of the column is
// suppressed too; when the breakdown has one answer per respondent and a
// row has exactly one suppressed cell among the groups, the next smallest
// non-zero cell of that row is suppressed too (the Total column adds the
// groups up); both rules are applied until nothing changes.
package analysis
