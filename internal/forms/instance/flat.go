package instance

import (
	"strconv"
)

// Export column names that are not questions, as ODK Central names them.
const (
	ColKey          = "KEY"        // the row's key: the instanceID, or instanceID/repeat[n] for repeat rows
	ColParentKey    = "PARENT_KEY" // the key of the row a repeat row belongs to
	ColInstanceID   = "meta/instanceID"
	ColDeprecatedID = "meta/deprecatedID"
	ColInstanceName = "meta/instanceName"
	ColAudit        = "meta/audit"
)

// Table describes one table of a flat export: the main table, with one
// row per submission, or the table of a repeat, with one row per instance.
type Table struct {
	// Name is "" for the main table, else the repeat's path ("hh/member").
	Name string `json:"name"`
	// Parent is the table a repeat's rows belong to ("" for the main
	// table; "hh/member" for a repeat inside that repeat).
	Parent string `json:"parent"`
	// Columns are the column names in form order: question paths without
	// repeat indices ("hh/head_name", "hh/member/age"), then meta columns
	// for the main table, then KEY (and PARENT_KEY in repeat tables).
	Columns []string `json:"columns"`
}

// Tables lists the tables of a flat export of this form: the main table
// first, then one per repeat in form order.
func (s *Schema) Tables() []Table {
	tables := []Table{{}}
	var walk func(f *field, t int)
	walk = func(f *field, t int) {
		for _, k := range f.kids {
			switch k.kind {
			case kindLeaf:
				tables[t].Columns = append(tables[t].Columns, k.path)
			case kindGroup:
				walk(k, t)
			case kindRepeat:
				tables = append(tables, Table{Name: k.path, Parent: tables[t].Name})
				walk(k, len(tables)-1)
			}
		}
	}
	walk(s.root, 0)
	main := &tables[0]
	main.Columns = append(main.Columns, ColInstanceID)
	if s.Form.Audit != nil {
		main.Columns = append(main.Columns, ColAudit)
	}
	main.Columns = append(main.Columns, ColDeprecatedID, ColInstanceName, ColKey)
	for i := 1; i < len(tables); i++ {
		tables[i].Columns = append(tables[i].Columns, ColKey, ColParentKey)
	}
	return tables
}

// Row is one row of a flat export: column name to value, unanswered
// columns left out.
type Row map[string]string

// Flatten turns an instance into rows for storage and export, by table
// name (see Tables): one main row, and one row per repeat instance keyed,
// as in ODK Central's exports, by "instanceID/hh/member[2]" with the key of
// the row it belongs to as PARENT_KEY.
func (s *Schema) Flatten(in *Instance) map[string][]Row {
	id := in.Meta.InstanceID
	main := Row{ColKey: id}
	for col, v := range map[string]string{ColInstanceID: id, ColDeprecatedID: in.Meta.DeprecatedID,
		ColInstanceName: in.Meta.InstanceName, ColAudit: in.Meta.Audit} {
		if v != "" {
			main[col] = v
		}
	}
	out := map[string][]Row{"": {main}}
	var walk func(f *field, prefix string, row Row)
	walk = func(f *field, prefix string, row Row) {
		for _, k := range f.kids {
			key := prefix + k.name
			switch k.kind {
			case kindLeaf:
				if v := in.Values[key]; v != "" {
					row[k.path] = v
				}
			case kindGroup:
				walk(k, key+"/", row)
			case kindRepeat:
				for i, n := 1, in.Counts[key]; i <= n; i++ {
					ik := key + "[" + strconv.Itoa(i) + "]"
					r := Row{ColKey: id + "/" + ik, ColParentKey: row[ColKey]}
					out[k.path] = append(out[k.path], r)
					walk(k, ik+"/", r)
				}
			}
		}
	}
	walk(s.root, "", main)
	return out
}
