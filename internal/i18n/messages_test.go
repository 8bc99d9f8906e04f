package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestCatalogParity fails when a key exists in one interface language only.
func TestCatalogParity(t *testing.T) {
	en, bn := Keys("en"), Keys("bn")
	for k := range en {
		if _, ok := bn[k]; !ok {
			t.Errorf("key %q is in en.json but missing from bn.json", k)
		}
	}
	for k := range bn {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q is in bn.json but missing from en.json", k)
		}
	}
	for k, v := range bn {
		if strings.Count(v, "%") != strings.Count(en[k], "%") {
			t.Errorf("key %q: bn and en have different format verbs", k)
		}
	}
}

// TestDomainMessagesTranslated finds every message the domain code can
// show a person (validation and error messages, written in English in the
// code) and fails when the Bangla message table lacks one.
func TestDomainMessagesTranslated(t *testing.T) {
	msgs := domainMessages(t, "..")
	if len(msgs) < 20 {
		t.Fatalf("found only %d domain messages: is the scan still looking in the right places?", len(msgs))
	}
	var missing []string
	for _, m := range msgs {
		if _, ok := messagesBn[m]; !ok {
			missing = append(missing, m)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no Bangla for domain message %q: add it to catalog/messages.bn.json", m)
	}
}

// domainMessages collects string literals passed as messages: the second
// argument of Validation.Add, app.Errorf and app.FieldError, the argument of app.NotFound,
// Message fields and the values of Fields maps in app.Error literals.
func domainMessages(t *testing.T, root string) []string {
	seen := map[string]bool{}
	add := func(e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && s != "" {
				seen[s] = true
			}
		}
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				var name, pkg string
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
					if x, ok := fn.X.(*ast.Ident); ok {
						pkg = x.Name
					}
				case *ast.Ident: // inside package app
					name, pkg = fn.Name, "app"
				}
				switch {
				case name == "Add" && len(n.Args) == 2:
					add(n.Args[1])
				case name == "Errorf" && pkg == "app" && len(n.Args) >= 2:
					add(n.Args[1])
				case name == "FieldError" && len(n.Args) == 2:
					add(n.Args[1])
				case name == "NotFound" && len(n.Args) == 1:
					add(n.Args[0])
				}
			case *ast.CompositeLit:
				if typeName(n.Type) == "Error" {
					for _, el := range n.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						switch k := kv.Key.(*ast.Ident); {
						case k == nil:
						case k.Name == "Message":
							add(kv.Value)
						case k.Name == "Fields":
							if m, ok := kv.Value.(*ast.CompositeLit); ok {
								for _, fe := range m.Elts {
									if fkv, ok := fe.(*ast.KeyValueExpr); ok {
										add(fkv.Value)
									}
								}
							}
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	}
	return ""
}

// TestListDomainMessages prints the messages, for translators: go test -run ListDomain -v
func TestListDomainMessages(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("run with -v to list")
	}
	for _, m := range domainMessages(t, "..") {
		t.Log(strconv.Quote(m))
	}
}
