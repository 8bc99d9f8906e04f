// Package xform writes a form read from an XLSForm (package xlsform) as an
// ODK XForms 1.0 document, the format ODK Collect, KoBoCollect, Enketo and
// ODK Web Forms download from an OpenRosa server.
//
// Convert follows pyxform, the reference converter, so that a form behaves
// on a device exactly as it would had it been converted by ODK Central or
// KoboToolbox:
//
//   - the h:html root with the xforms, ev, h, jr, odk, orx and xsd
//     namespaces (plus those of the namespaces setting), h:title, and a
//     model with odk:xforms-version="1.0.0";
//   - the primary instance named after the form (settings name, default
//     "data") with its id and version attributes, default answers, a
//     jr:template and a first instance of every repeat, and a meta block
//     with the audit, instanceID (jr:preload="uid") and instanceName;
//   - a secondary instance for every list of the choices sheet (items with
//     name, label or itextId, and the list's other columns, which
//     choice_filter expressions read), and one per attached file read by
//     pulldata(), select_*_from_file, xml-external and csv-external;
//   - one bind per question and per group with a relevant: type, required
//     and jr:requiredMsg, relevant, constraint and jr:constraintMsg,
//     calculate, readonly, jr:preload, the attributes that parameters set
//     (orx:max-pixels, odk:quality, ...) and the bind:: columns; setvalue
//     actions for dynamic defaults (odk-instance-first-load, and
//     odk-new-repeat inside repeats) and for the trigger column
//     (xforms-value-changed);
//   - body controls: input, select1, select, odk:rank, range, upload
//     (image/*, audio/*, video/*, application/*), trigger for acknowledge,
//     input with readonly binds for notes, group (field-list and other
//     appearances) and group + repeat with jr:count. A repeat_count that
//     is an expression gets a generated NAME_count calculate; a table-list
//     group gets pyxform's generated label note and header select;
//   - itext with one translation per language (the default language
//     marked default="true()"), holding labels, hints, guidance hints,
//     constraint and required messages, choice labels and media, with "-"
//     where a language lacks a text, as pyxform writes it.
//
// ${name} references become XPath paths: relative (../name) between two
// nodes of the same repeat instance, absolute (/data/group/name)
// otherwise, with current() in choice filters; in labels and messages they
// become <output value="..."/>. Expressions are parsed with package expr
// and rewritten with Expr.RewriteRefs, so every one is checked again.
//
// The output is deterministic: the same form gives the same bytes, so that
// Hash (an MD5, "md5:...") can be the OpenRosa form list's hash.
//
// What the form holds that Remaker's XForms cannot carry faithfully is
// refused with problems naming the question, row and column: ODK entities,
// OpenStreetMap questions, the search() appearance, range tick and
// placeholder parameters, select_one_external without a choice_filter, the
// flat setting with repeats, and the legacy add_none_option setting.
// Hints of groups, which XForms cannot show, are reported in XForm.Notes.
package xform
